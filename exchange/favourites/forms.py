from __future__ import annotations

from exchange.forms_common import AppForm


class ToggleForm(AppForm):
    """Only the CSRF token: the achievement is in the URL."""
