"""Access decorators. Every view declares its rule; the authorization matrix test reads it.

`public` marks a view open to visitors, `login_required` any signed-in account, and
`roles_required(...)` the listed roles. Ownership (which studio, which enterprise) is a
second check inside the service layer, answered with 403 by the view.
"""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user
from flask_login import login_required as _flask_login_required

from exchange.access import STAFF_ROLES  # noqa: F401 (the decorators' callers name it here)
from exchange.auth.roles import Role
from exchange.extensions import login_manager

ACCESS_ATTR = "access_rule"


def public(view):
    setattr(view, ACCESS_ATTR, "public")
    return view


def login_required(view):
    wrapped = _flask_login_required(view)
    setattr(wrapped, ACCESS_ATTR, "login")
    return wrapped


def roles_required(*roles: Role):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        setattr(wrapped, ACCESS_ATTR, frozenset(roles))
        return wrapped

    return decorator


def require(condition: bool) -> None:
    """Abort with 403 unless an ownership condition holds."""
    if not condition:
        abort(403)
