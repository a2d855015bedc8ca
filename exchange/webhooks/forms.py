from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired

from exchange.forms_common import AppForm, MultiCheckboxField, choices, length


def event_choices():
    return choices([
        ("match", _l("New match for my need or achievement")),
        ("inquiry", _l("Inquiry opened, message or state change")),
        ("agreement", _l("Agreement step (proposed, accepted, approved, closed)")),
        ("money", _l("Money received and shares paid out")),
        ("review", _l("Review outcomes")),
        ("deadline", _l("Deadline reminders")),
        ("subscription", _l("New items for my subscriptions")),
    ])


class WebhookForm(AppForm):
    url = StringField(_l("Receiver URL"),
                      validators=[DataRequired(_l("This field is required.")), length(500)],
                      description=_l("https://… on your server; it gets a signed JSON POST "
                                     "for each event."))
    events = MultiCheckboxField(_l("Events"), choices=event_choices())
    submit = SubmitField(_l("Add webhook"))
