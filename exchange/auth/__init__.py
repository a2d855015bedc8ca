"""Accounts, login, roles and permission decorators."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from exchange.extensions import db, login_manager


def init_app(app: Flask) -> None:
    from exchange.auth.models import User

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "warning"
    # "strong" drops the session when the client's address or agent changes.
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        # A deactivated account loses its open sessions at once, not at their expiry.
        return user if user is not None and user.active else None
