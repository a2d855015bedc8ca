"""What domain services share: the error a rule raises, and a life-cycle action."""
from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """A rule refused the change; `field` names the form field it belongs to, if any."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def attach_error(form, error: DomainError) -> bool:
    """Show a DomainError on its form field (or as a form-level error). Returns False."""
    field = getattr(form, error.field, None) if error.field else None
    message = str(error.message)  # lazy text rendered now, in the request's language
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)
    return False


@dataclass(frozen=True)
class Action:
    """One life-cycle action: the states it starts from, where it leads, who may take it
    (each workflow names its own actor kinds), and how its button looks."""

    name: str
    label: object
    sources: frozenset
    target: object
    actor: str
    needs_reason: bool = False
    style: str = "primary"
