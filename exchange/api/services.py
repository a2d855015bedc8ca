"""Personal access tokens: made, listed, revoked, and found from a bearer secret.
Flush only; the caller commits."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, update

from exchange.access import require
from exchange.access.api import can_manage_token
from exchange.api.models import SCOPES, ApiToken
from exchange.db_types import utcnow
from exchange.extensions import db
from exchange.services_base import DomainError

SECRET_PREFIX = "iex_"
LIFETIMES = (7, 30, 90, 365)  # days a token may live
MAX_ACTIVE = 20
TOUCH_EVERY = timedelta(minutes=1)  # last use is written at most this often


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def active(user_id: int):
    now = utcnow()
    return db.select(ApiToken).where(ApiToken.user_id == user_id,
                                     ApiToken.revoked_at.is_(None),
                                     ApiToken.expires_at > now)


def for_user(user_id: int) -> list[ApiToken]:
    return list(db.session.execute(
        db.select(ApiToken).where(ApiToken.user_id == user_id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())).scalars())


def create(user, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token and its secret; the secret exists only in this return value."""
    name = (name or "").strip()
    if not 1 <= len(name) <= 80:
        raise DomainError(_l("Enter between %(min)d and %(max)d characters.", min=1, max=80),
                          "name")
    if scope not in SCOPES:
        raise DomainError(_l("Choose read or write."), "scope")
    if days not in LIFETIMES:
        raise DomainError(_l("Choose how long the token lives."), "days")
    count = db.session.execute(
        db.select(db.func.count()).select_from(active(user.id).subquery())).scalar_one()
    if count >= MAX_ACTIVE:
        raise DomainError(_l("You have %(n)d active tokens, the most an account may have: "
                             "revoke one first.", n=MAX_ACTIVE))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, scope=scope, prefix=secret[:12],
                     token_hash=digest(secret), expires_at=utcnow() + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke(actor, token: ApiToken) -> None:
    require(can_manage_token(actor, token), "not the token's owner")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()


def authenticate(secret: str) -> ApiToken | None:
    """The live token with this secret, its account active; None otherwise (unknown,
    revoked, expired). Records the use, at most once a minute per token."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    now = utcnow()
    token = db.session.execute(
        db.select(ApiToken).where(ApiToken.token_hash == digest(secret))).scalar_one_or_none()
    if token is None or token.revoked_at is not None or token.expires_at <= now \
            or not token.user.active:
        return None
    if token.last_used_at is not None and token.last_used_at >= now - TOUCH_EVERY:
        return token  # no write (and on SQLite no write lock) for most requests
    db.session.execute(
        update(ApiToken).where(ApiToken.id == token.id,
                               or_(ApiToken.last_used_at.is_(None),
                                   ApiToken.last_used_at < now - TOUCH_EVERY))
        .values(last_used_at=now).execution_options(synchronize_session=False))
    return token
