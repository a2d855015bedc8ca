"""The account's mails: password reset, address verification, and the security notices
(password changed, sign-in from a new browser). Flush only; the caller commits.

Reset links are signed and expire (RESET_TOKEN_AGE); they carry a fingerprint of the
password hash, so a link stops working once it has been used (the hash changes) and any
older link with it. Verification links name the address they verify."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer

from exchange.audit import services as audit
from exchange.auth.models import KnownDevice, User
from exchange.auth.roles import Role
from exchange.db_types import utcnow
from exchange.extensions import db
from exchange.mail import services as mail
from exchange.mail.models import Mail
from exchange.navigation import path_for
from exchange.services_base import DomainError

RESET_SALT = "password-reset"
VERIFY_SALT = "email-verification"
DEVICE_COOKIE = "device"


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def _when() -> str:
    return format_datetime(utcnow(), "yyyy-MM-dd HH:mm")


MAIL_INTERVAL = 120  # seconds: at most one reset or verification mail per account


def _recently_mailed(user: User, kind: str) -> bool:
    """Asking again within MAIL_INTERVAL sends nothing more: the form cannot be used to
    flood a mailbox (counted in the database, so across every worker)."""
    since = utcnow() - timedelta(seconds=MAIL_INTERVAL)
    return db.session.execute(db.select(Mail.id).where(
        Mail.user_id == user.id, Mail.kind == kind, Mail.created_at > since).limit(1)
    ).first() is not None


# --- password reset ------------------------------------------------------------------

def request_reset(email: str) -> None:
    """Mail a reset link to this address if an active account has it. The caller says
    the same thing either way: the answer never tells whether the address exists."""
    from exchange.auth.services import find_user_by_email

    user = find_user_by_email(email)
    if user is None or not user.active or _recently_mailed(user, "password_reset"):
        return
    mail.queue(user, "password_reset",
               link=mail.absolute(path_for("auth.reset_password", token=reset_token(user))),
               minutes=current_app.config["RESET_TOKEN_AGE"] // 60)


def reset_token(user: User) -> str:
    return _serializer(RESET_SALT).dumps([user.id, fingerprint(user)])


def user_for_reset(token: str) -> User | None:
    """The account a reset link is for, while it is fresh and unused; else None."""
    try:
        user_id, printed = _serializer(RESET_SALT).loads(
            token, max_age=current_app.config["RESET_TOKEN_AGE"])
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or fingerprint(user) != printed:
        return None
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set the new password; every session of the account ends (the caller signs this
    browser in again)."""
    from exchange.auth.services import hash_password

    user = user_for_reset(token)
    if user is None:
        raise DomainError(_l("This link has expired or was already used."))
    user.password_hash = hash_password(new_password)
    user.end_sessions()
    # Following the link proved the mailbox, as verification would.
    user.email_verified_at = user.email_verified_at or utcnow()
    db.session.flush()
    audit.record(user, "account.password_reset", "user", user.id)
    password_changed(user)
    return user


def password_changed(user: User) -> None:
    mail.queue(user, "password_changed", when=_when())


# --- address verification ------------------------------------------------------------

def needs_verification(user: User) -> bool:
    return user.role == Role.ENTERPRISE and user.email_verified_at is None


def send_verification(user: User) -> None:
    if not needs_verification(user) or _recently_mailed(user, "verify_email"):
        return
    mail.queue(user, "verify_email",
               link=mail.absolute(path_for("auth.verify_email",
                                           token=verification_token(user))),
               days=current_app.config["VERIFY_TOKEN_AGE"] // 86400)


def verification_token(user: User) -> str:
    return _serializer(VERIFY_SALT).dumps([user.id, user.email])


def verify(token: str) -> User:
    try:
        user_id, email = _serializer(VERIFY_SALT).loads(
            token, max_age=current_app.config["VERIFY_TOKEN_AGE"])
    except (BadSignature, ValueError, TypeError):
        raise DomainError(_l("This confirmation link has expired or is not valid. "
                             "Sign in and ask for a new one.")) from None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.email != email:
        raise DomainError(_l("This confirmation link has expired or is not valid. "
                             "Sign in and ask for a new one."))
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.flush()
    return user


# --- sign-ins from new browsers -----------------------------------------------------

def _device_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def note_sign_in(user: User, device_token: str | None, agent: str, address: str) -> str:
    """Remember the browser; mail the account when it is one it has not used before
    (not on the account's very first sign-in). Returns the browser's device token."""
    known = db.session.execute(db.select(KnownDevice).where(
        KnownDevice.user_id == user.id)).scalars().all()
    if device_token:
        digest = _device_hash(device_token)
        for device in known:
            if device.device_hash == digest:
                device.last_seen_at = utcnow()
                db.session.flush()
                return device_token
    device_token = device_token or secrets.token_urlsafe(32)
    db.session.add(KnownDevice(user_id=user.id, device_hash=_device_hash(device_token),
                               user_agent=agent[:200]))
    db.session.flush()
    if known:
        mail.queue(user, "new_login", when=_when(), agent=agent[:200] or "—",
                   ip=address or "—")
    return device_token
