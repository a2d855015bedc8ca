"""The audit page's filters (GET: no CSRF, nothing changes)."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Optional, ValidationError

from exchange.audit.services import ACTIONS, CONTROL_MESSAGE, KINDS, has_control_characters
from exchange.forms_common import AppForm, choices, length

DATE_MESSAGE = _l("Enter a date as YYYY-MM-DD.")


class AuditFilterForm(AppForm):
    class Meta(AppForm.Meta):
        csrf = False

    actor = StringField(_l("Who (name or account number)"), validators=[Optional(), length(120)])
    action = SelectField(_l("Action"), validators=[Optional()], choices=choices(
        [("", _l("All actions")), *ACTIONS.items()]))
    kind = SelectField(_l("Object"), validators=[Optional()], choices=choices(
        [("", _l("All objects")), *KINDS.items()]))
    since = StringField(_l("From"), validators=[Optional(), length(10)],
                        render_kw={"type": "date"})
    until = StringField(_l("To"), validators=[Optional(), length(10)],
                        render_kw={"type": "date"})

    def validate_actor(self, field) -> None:
        if has_control_characters(field.data or ""):
            raise ValidationError(CONTROL_MESSAGE)

    @staticmethod
    def day(text: str | None) -> date | None:
        try:
            return date.fromisoformat((text or "").strip()) if (text or "").strip() else None
        except ValueError:
            return None

    def validate_since(self, field) -> None:
        if self.day(field.data) is None:
            raise ValidationError(DATE_MESSAGE)

    def validate_until(self, field) -> None:
        until = self.day(field.data)
        if until is None:
            raise ValidationError(DATE_MESSAGE)
        since = self.day(self.since.data)
        if since is not None and until < since:
            raise ValidationError(_l("The end date comes before the start date."))

    def filters(self) -> dict:
        """Valid filters only: a field with an error filters nothing."""
        def ok(name):
            return not self[name].errors
        return {
            "actor": (self.actor.data or "") if ok("actor") else "",
            "action": (self.action.data or "") if ok("action") else "",
            "kind": (self.kind.data or "") if ok("kind") else "",
            "since": self.day(self.since.data) if ok("since") else None,
            "until": self.day(self.until.data) if ok("until") else None,
        }
