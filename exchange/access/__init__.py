"""Who may do what: every access rule of the application, asked by services and views.

One submodule per domain (`exchange.access.achievements`, `.needs`, …) holds that domain's
rules as plain predicates `can_<verb>(user, obj) -> bool` and the selects of what a user may
list (`visible_to(user)`); this module holds what they share. A rule is written once and
every caller asks it: a service checks with `require(...)` before it changes anything, a
view loads with `get_visible(...)`, a template reads the same predicates. CKAN's
`logic/auth` is the model.

404 or 403, decided once:
- a user who may not *see* an object gets 404, exactly like a missing id, so drafts,
  other studios' log entries and other parties' threads stay unknown (`get_visible`);
- a user who may see it but not *do* this to it gets 403 (`Refused`, answered by the
  request boundary, `exchange.views_common.attempt`), as does a role the route excludes.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.services_base import DomainError, Refused

__all__ = ["STAFF_ROLES", "STUDIO_ROLES", "Refused", "belongs_to_enterprise",
           "belongs_to_studio", "get_visible", "has_confirmed_email", "is_staff", "require",
           "require_confirmed_email"]

STAFF_ROLES = (Role.UNION_STAFF, Role.ADMIN)
STUDIO_ROLES = (Role.STUDIO_MEMBER, Role.STUDIO_LEADER)
T = TypeVar("T")


def is_staff(user) -> bool:
    """Union staff and administrators: they review, mediate, verify and see everything."""
    return user.is_authenticated and user.role in STAFF_ROLES


def belongs_to_studio(user, studio_id: int | None) -> bool:
    """A studio account of this studio. An account whose studio was never set belongs to
    none, so `studio_id=None` never matches it."""
    return (user.is_authenticated and user.role.is_studio and user.studio_id is not None
            and user.studio_id == studio_id)


def belongs_to_enterprise(user, enterprise_id: int | None) -> bool:
    """An enterprise account of this enterprise (same care with a missing id)."""
    return (user.is_authenticated and user.role == Role.ENTERPRISE
            and user.enterprise_id is not None and user.enterprise_id == enterprise_id)


def has_confirmed_email(user) -> bool:
    """Self-registered enterprises confirm their address before they post needs or open
    inquiries; accounts made by staff or by invitation start confirmed."""
    return user.is_authenticated and (user.role != Role.ENTERPRISE
                                      or user.email_verified_at is not None)


def require_confirmed_email(user) -> None:
    """A rule refusing the values rather than the user: the message says what to do."""
    if not has_confirmed_email(user):
        raise DomainError(_l("Confirm your e-mail address first: open the link we sent "
                             "you, or ask for a new one at the top of the page."))


def require(allowed: bool, why: str = "") -> None:
    """Refuse the change (the request boundary answers 403) unless `allowed`. `why` is for
    logs and tests, never shown to the user."""
    if not allowed:
        raise Refused(why)


def get_visible(model: type[T], ident: int, may_see: Callable[[object, T], bool]) -> T:
    """The object with this id if the signed-in user may see it; 404 otherwise, the same
    answer as for an id that does not exist (flaskr's `get_post(id, check_author)`)."""
    obj = db.session.get(model, ident)
    if obj is None or not may_see(current_user, obj):
        abort(404)
    return obj
