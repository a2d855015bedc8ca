from __future__ import annotations

from flask_wtf import FlaskForm


class ToggleForm(FlaskForm):
    """Only the CSRF token: the achievement is in the URL."""
