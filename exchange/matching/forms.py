from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField

from exchange.achievements.rules import split_keywords
from exchange.forms_common import AppForm, length


class SuggestForm(AppForm):
    """What keyword suggestions read: the text being written, bounded as the need and
    achievement forms bound it, and the keywords already chosen (left out)."""

    title = StringField(_l("Title"), validators=[length(200)])
    text = TextAreaField(_l("Text"), validators=[length(5000)])
    keywords = StringField(_l("Keywords"), validators=[length(400)])

    @property
    def chosen(self) -> list[str]:
        return split_keywords(self.keywords.data)
