from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional

from exchange.feedback.kinds import FeedbackReason
from exchange.forms_common import AppForm, choices, length
from exchange.inquiries.services import MAX_MESSAGE


class OpenForm(AppForm):
    need = HiddenField()
    body = TextAreaField(_l("Your question to the studio"),
                         validators=[DataRequired(_l("Write a message.")), length(MAX_MESSAGE)],
                         render_kw={"rows": 4},
                         description=_l("What you want to solve and what you would like to "
                                        "know. A union mediator joins the conversation."))
    submit = SubmitField(_l("Open an inquiry"))


class MessageForm(AppForm):
    body = TextAreaField(_l("Message"),
                         validators=[DataRequired(_l("Write a message.")), length(MAX_MESSAGE)],
                         render_kw={"rows": 3})
    file = FileField(_l("Attach a PDF, PNG or JPEG file (optional)"))
    submit = SubmitField(_l("Send"))


class AssignForm(AppForm):
    mediator = SelectField(_l("Mediator"), validators=[DataRequired()], coerce=str)
    submit = SubmitField(_l("Assign"))


class MoveForm(AppForm):
    target = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Details of the reason"), validators=[Optional(), length(500)])
    # Closing or withdrawing: a reason from the short list (exchange.feedback).
    reason_code = SelectField(_l("Reason"), validators=[Optional()],
                              choices=choices([("", _l("Choose a reason"))]
                                              + FeedbackReason.choices()))
    # Checked by the service for the move to agreed, which cannot be undone.
    confirm = BooleanField(_l("I confirm that the parties have agreed; this cannot be undone."))
