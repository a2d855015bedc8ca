"""What domain services raise when a rule refuses a change."""
from __future__ import annotations


class DomainError(Exception):
    """A rule refused the change; `field` names the form field it belongs to, if any."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def attach_error(form, error: DomainError) -> bool:
    """Show a DomainError on its form field (or as a form-level error). Returns False."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
    return False
