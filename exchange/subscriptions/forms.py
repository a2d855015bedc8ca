from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import Optional

from exchange.forms_common import AppForm, choices, length

KIND_CHOICES = [("achievements", _l("Achievements")), ("needs", _l("Technical needs"))]


class SaveSearchForm(AppForm):
    """The search page's "save this search": the query and facets as applied."""

    kind = HiddenField()
    q = HiddenField(validators=[Optional(), length(200)])
    filters = HiddenField(validators=[Optional(), length(2000)])  # JSON {facet: code}
    name = StringField(_l("Name of the subscription"), validators=[Optional(), length(100)])
    submit = SubmitField(_l("Save this search"))


class KeywordSubscriptionForm(AppForm):
    """Watch new items of a kind by industry and keywords."""

    kind = SelectField(_l("Watch"), choices=choices(KIND_CHOICES), default="achievements")
    section = SelectField(_l("Industry section"), validators=[Optional()])
    keywords = StringField(
        _l("Keywords"), validators=[Optional(), length(200)],
        description=_l("Separated by commas or 、; an item with any of them matches."))
    name = StringField(_l("Name of the subscription"), validators=[Optional(), length(100)])
    submit = SubmitField(_l("Subscribe"))

    def keyword_list(self) -> list[str]:
        text = (self.keywords.data or "").replace("，", ",").replace("、", ",")
        return [k.strip() for k in text.split(",") if k.strip()]
