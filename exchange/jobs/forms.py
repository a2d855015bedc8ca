from __future__ import annotations

from exchange.forms_common import AppForm


class JobActionForm(AppForm):
    """Retry or discard one failed job (the button names the action): CSRF only."""
