from __future__ import annotations

import hashlib
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.auth.roles import Role
from exchange.db_types import UTCDateTime, utcnow
from exchange.enums import enum_column
from exchange.extensions import db

ROLE_ENUM = enum_column(Role, "user_role", 20)


class Enterprise(db.Model):
    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="enterprise")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased so uniqueness is case-insensitive on both engines.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(ROLE_ENUM, index=True)
    active: Mapped[bool] = mapped_column(default=True)
    studio_id: Mapped[int | None] = mapped_column(ForeignKey("studios.id"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Part of every session's id (get_id): bumping it ends every session of the account
    # (logout, password change, deactivation), cookies replayed later included.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # The language of the account's mails (the one chosen on the site when signed in).
    locale: Mapped[str | None] = mapped_column(String(10))
    # Self-registered enterprises prove their address before posting needs or opening
    # inquiries; accounts created by staff or through an invitation start verified.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    studio = relationship("Studio", back_populates="members")
    enterprise: Mapped[Enterprise | None] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        """Flask-Login's alternative id: the session names the account and its version."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Every session and remember cookie issued so far stops working."""
        self.session_version = (self.session_version or 1) + 1


class Invitation(db.Model):
    """A one-time link for a studio member (or leader) to create an account.

    Only a SHA-256 of the token is stored: a leaked database does not leak usable links.
    """

    __tablename__ = "invitations"
    # One pending invitation per studio and e-mail: inviting again replaces it, and the
    # database refuses a second (a double click, two staff at once).
    __table_args__ = (
        Index("uq_invitations_pending", "studio_id", "email", unique=True,
              sqlite_where=text("accepted_at IS NULL AND revoked_at IS NULL"),
              postgresql_where=text("accepted_at IS NULL AND revoked_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    role: Mapped[Role] = mapped_column(ROLE_ENUM)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studios.id"), index=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    studio = relationship("Studio")
    invited_by: Mapped[User] = relationship(foreign_keys=[invited_by_id])

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class KnownDevice(db.Model):
    """A browser this account has signed in from (a long-lived random cookie, stored
    hashed): a sign-in from any other is announced by mail."""

    __tablename__ = "known_devices"
    __table_args__ = (Index("uq_known_devices_user_id_device_hash", "user_id", "device_hash",
                            unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    device_hash: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RateCounter(db.Model):
    """A fixed-window counter shared by every worker (login throttling, auth/throttle.py).

    `expires_at` is seconds since the epoch, as the `limits` storages count.
    """

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[float] = mapped_column(index=True)
