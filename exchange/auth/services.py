"""Account operations. They change the session and flush; the caller commits."""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from exchange.access import is_staff
from exchange.audit import services as audit
from exchange.auth import account_mail
from exchange.auth.models import Enterprise, Invitation, User
from exchange.auth.roles import Role
from exchange.auth.validators import normalize_credit_code
from exchange.db_types import utcnow
from exchange.extensions import db
from exchange.services_base import DomainError

# Verified against when the e-mail is unknown, so a miss costs one check like a hit.
# Computed once per method: computing it on every miss would make a miss cost two.
_DUMMY_HASH_CACHE: dict[str, str] = {}


def _dummy_hash(method: str) -> str:
    dummy = _DUMMY_HASH_CACHE.get(method)
    if dummy is None:
        dummy = _DUMMY_HASH_CACHE[method] = generate_password_hash(
            secrets.token_urlsafe(16), method=method)
    return dummy


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        db.select(User).where(User.email == email.strip().lower())
    ).scalar_one_or_none()


def _ensure_email_free(email: str) -> None:
    if find_user_by_email(email) is not None:
        raise DomainError(_l("This e-mail address is already registered."), "email")


def create_user(
    email: str, name: str, password: str, role: Role, *, studio=None, enterprise=None,
    verified: bool = True, locale: str | None = None,
) -> User:
    """An account; created by staff or through an invitation link (which proved the
    mailbox) it starts verified."""
    _ensure_email_free(email)
    user = User(
        email=email.strip().lower(), name=name.strip(), password_hash=hash_password(password),
        role=role, studio=studio, enterprise=enterprise, locale=locale,
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def register_enterprise(
    company_name: str, credit_code: str, name: str, email: str, password: str,
    locale: str | None = None,
) -> User:
    """A self-registered enterprise account: it confirms its address by the mailed link
    before it can post needs or open inquiries."""
    code = normalize_credit_code(credit_code)
    _ensure_email_free(email)
    taken = db.session.execute(
        db.select(Enterprise).where(Enterprise.credit_code == code)
    ).scalar_one_or_none()
    if taken is not None:
        raise DomainError(
            _l("This company is already registered; ask its account holder or the union "
               "staff to add you."),
            "credit_code",
        )
    enterprise = Enterprise(name=company_name.strip(), credit_code=code)
    db.session.add(enterprise)
    user = create_user(email, name, password, Role.ENTERPRISE, enterprise=enterprise,
                       verified=False, locale=locale)
    account_mail.send_verification(user)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, else None (same answer for every failure)."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise DomainError(_l("The current password is not correct."), "current_password")
    user.password_hash = hash_password(new)
    user.end_sessions()  # other devices sign in again; the caller re-issues this session
    db.session.flush()
    account_mail.password_changed(user)


def end_sessions(user: User) -> None:
    """Logout: this session and every other of the account end, replayed cookies too."""
    user.end_sessions()
    db.session.flush()


# --- invitations ---------------------------------------------------------------------

def invite(inviter: User, studio, email: str, role: Role) -> tuple[Invitation, str]:
    """Create an invitation and return it with its one-time token (shown once, never stored).

    Inviting an e-mail again replaces its pending invitation to this studio: the old link
    stops working. A partial unique index holds one pending invitation per studio and
    e-mail; a concurrent invitation that won the race is replaced in turn.
    """
    if role not in (Role.STUDIO_MEMBER, Role.STUDIO_LEADER):
        raise DomainError(_l("Only studio members and leaders can be invited."), "role")
    if role == Role.STUDIO_LEADER and not is_staff(inviter):
        raise DomainError(_l("Only union staff can invite a studio leader."), "role")
    _ensure_email_free(email)
    email = email.strip().lower()
    try:
        return _replace_pending(inviter, studio, email, role)
    except IntegrityError:
        # Another request invited the same e-mail at the same moment: replace its link.
        return _replace_pending(inviter, studio, email, role)


def _replace_pending(inviter: User, studio, email: str, role: Role) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(32)
    with db.session.begin_nested():  # a lost race rolls back to here, not the request
        _revoke_pending(studio.id, email)
        invitation = Invitation(
            token_hash=Invitation.hash_token(token), email=email, role=role, studio=studio,
            invited_by=inviter,
            expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"]),
        )
        db.session.add(invitation)
        db.session.flush()
    return invitation, token


def _revoke_pending(studio_id: int, email: str) -> None:
    db.session.execute(
        db.update(Invitation)
        .where(Invitation.studio_id == studio_id, Invitation.email == email,
               Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )


def find_invitation(token: str) -> Invitation | None:
    return db.session.execute(
        db.select(Invitation).where(Invitation.token_hash == Invitation.hash_token(token))
    ).scalar_one_or_none()


def accept_invitation(invitation: Invitation, name: str, password: str) -> User:
    now = utcnow()
    # Consumed by a conditional UPDATE: of two concurrent acceptances (or an acceptance
    # and a replacing invitation) the database lets exactly one through.
    consumed = db.session.execute(
        db.update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None),
               Invitation.revoked_at.is_(None), Invitation.expires_at > now)
        .values(accepted_at=now)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if consumed != 1:
        raise DomainError(_l("This invitation has expired or was already used."))
    return create_user(
        invitation.email, name, password, invitation.role, studio=invitation.studio
    )


def revoke_invitation(invitation: Invitation) -> None:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        db.session.flush()


def pending_invitations(studio) -> list[Invitation]:
    return list(
        db.session.execute(
            db.select(Invitation)
            .where(
                Invitation.studio_id == studio.id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.created_at.desc())
        ).scalars()
    )


# --- administration ------------------------------------------------------------------

def search_users(query: str = "", role: str = "", status: str = ""):
    """A select statement for the admin list; paginated by the caller."""
    stmt = db.select(User).order_by(User.created_at.desc(), User.id.desc())
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(or_(User.email.like(like), func.lower(User.name).like(like)))
    if role:
        stmt = stmt.where(User.role == Role(role))
    if status == "active":
        stmt = stmt.where(User.active.is_(True))
    elif status == "inactive":
        stmt = stmt.where(User.active.is_(False))
    return stmt


def _refuse_self(actor: User, target: User) -> None:
    if actor.id == target.id:
        raise DomainError(_l("You cannot change your own account here."))


def set_active(actor: User, target: User, active: bool) -> None:
    _refuse_self(actor, target)
    before = target.active
    target.active = active
    # Either way old sessions stay dead: reactivation must not revive them.
    target.end_sessions()
    db.session.flush()
    if before != active:
        audit.record(actor, "account.reactivated" if active else "account.deactivated",
                     "user", target.id, before={"active": before}, after={"active": active})


def set_role(actor: User, target: User, role: Role) -> None:
    _refuse_self(actor, target)
    if role.is_studio and target.studio_id is None:
        raise DomainError(_l("A studio role needs the account to belong to a studio."), "role")
    if role == Role.ENTERPRISE and target.enterprise_id is None:
        raise DomainError(_l("An enterprise role needs the account to belong to a company."),
                          "role")
    before = target.role
    target.role = role
    db.session.flush()
    if before != role:
        audit.record(actor, "account.role_changed", "user", target.id,
                     before={"role": before}, after={"role": role})
