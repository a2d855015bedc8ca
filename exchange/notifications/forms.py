from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SubmitField

from exchange.forms_common import AppForm, choices
from exchange.notifications.models import Category, Channel


class PreferencesForm(AppForm):
    """One channel per category, and the language of the mails."""

    language = SelectField(_l("Language of e-mails"))
    submit = SubmitField(_l("Save preferences"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = choices(current_app.config["LANGUAGES"].items())

    def channel_fields(self):
        return [(category, self[category.value]) for category in Category]

    def chosen(self) -> dict[Category, Channel]:
        return {category: Channel(self[category.value].data) for category in Category}


# Lazy labels (not `.label`, a str in the language of import time): one per request.
for _value, _label in Category.choices():
    setattr(PreferencesForm, _value,
            RadioField(_label, choices=choices(Channel.choices()),
                       default=Channel.IN_APP.value))
