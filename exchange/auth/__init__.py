"""Accounts, login, roles and permission decorators."""
from __future__ import annotations

import hashlib

from flask import Flask, request
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
    login_manager._session_identifier_generator = session_identifier
    from exchange.access import has_confirmed_email

    app.add_template_global(has_confirmed_email)

    @login_manager.user_loader
    def load_user(session_id: str):
        # "<user id>:<session version>" (User.get_id): a session issued before the last
        # logout, password change or deactivation names an older version and is refused.
        user_id, _, version = session_id.partition(":")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user


def session_identifier() -> str:
    """What "strong" session protection compares: the client's address and agent.

    Flask-Login's own takes the address from X-Forwarded-For, which any client can
    write; `remote_addr` is the socket's address, or the one ProxyFix took from the
    header when PROXY_FIX_HOPS says that many proxies stand in front (sessions.py).
    """
    base = f"{request.remote_addr}|{request.headers.get('User-Agent', '')}"
    return hashlib.sha512(base.encode("utf-8", "replace")).hexdigest()
