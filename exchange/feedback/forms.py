from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Optional

from exchange.feedback.kinds import FeedbackReason
from exchange.forms_common import AppForm, choices, length


def reason_field():
    return SelectField(_l("Reason"), choices=choices([("", _l("Choose a reason"))]
                                                     + FeedbackReason.choices()),
                       validators=[DataRequired(_l("Choose a reason."))])


def text_field():
    return StringField(_l("Details of the reason"), validators=[Optional(), length(500)],
                       description=_l("Required for “Other”."))


class DeclineMatchForm(AppForm):
    reason_code = reason_field()
    reason_text = text_field()
    submit = SubmitField(_l("Decline"))
