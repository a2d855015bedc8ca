from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.achievements.kinds import TransactionMode
from exchange.db_types import UTCDateTime, utcnow
from exchange.enums import enum_column, ordered, replace_rows
from exchange.extensions import db
from exchange.needs.kinds import CloseReason, NeedState
from exchange.reference.models import District, Industry

STATE_COLUMN_LENGTH = 16


class Need(db.Model):
    """A technical need (技术需求) an enterprise publishes for studios to answer."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint("budget_min_fen IS NULL OR budget_min_fen >= 0",
                        name="budget_min_not_negative"),
        CheckConstraint("budget_max_fen IS NULL OR budget_min_fen IS NULL "
                        "OR budget_max_fen >= budget_min_fen", name="budget_range_ordered"),
        CheckConstraint("budget_negotiable OR budget_max_fen IS NOT NULL",
                        name="budget_or_negotiable"),
        CheckConstraint("(state = 'closed') = (close_reason IS NOT NULL)",
                        name="closed_has_reason"),
        Index("ix_needs_state_deadline", "state", "deadline"),
        Index("ix_needs_state_published_at", "state", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    industry_code: Mapped[str] = mapped_column(ForeignKey("industries.code"), index=True)
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"), index=True)
    budget_min_fen: Mapped[int | None] = mapped_column(BigInteger)
    budget_max_fen: Mapped[int | None] = mapped_column(BigInteger)
    budget_negotiable: Mapped[bool] = mapped_column(Boolean, default=False)
    deadline: Mapped[date] = mapped_column(Date)
    contact_name: Mapped[str] = mapped_column(String(60))
    contact_phone: Mapped[str] = mapped_column(String(30))
    state: Mapped[NeedState] = mapped_column(
        enum_column(NeedState, "need_state", STATE_COLUMN_LENGTH), default=NeedState.DRAFT,
        index=True)
    close_reason: Mapped[CloseReason | None] = mapped_column(
        enum_column(CloseReason, "need_close_reason", 16))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    enterprise = relationship("Enterprise")
    industry: Mapped[Industry] = relationship()
    district: Mapped[District] = relationship()
    created_by = relationship("User")
    mode_rows: Mapped[list[NeedMode]] = relationship(
        cascade="all, delete-orphan", order_by="NeedMode.mode")
    transitions: Mapped[list[NeedTransition]] = relationship(
        cascade="all, delete-orphan", order_by="NeedTransition.id")

    @property
    def transaction_modes(self) -> list[TransactionMode]:
        return ordered((row.mode for row in self.mode_rows), TransactionMode)

    @transaction_modes.setter
    def transaction_modes(self, modes) -> None:
        self.mode_rows = replace_rows(self.mode_rows, {TransactionMode(m) for m in modes},
                                      "mode", lambda m: NeedMode(mode=m))

    @property
    def last_return_reason(self) -> str | None:
        for step in reversed(self.transitions):
            if step.to_state == NeedState.RETURNED:
                return step.reason
        return None


class NeedMode(db.Model):
    __tablename__ = "need_transaction_modes"

    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"),
                                         primary_key=True)
    mode: Mapped[TransactionMode] = mapped_column(
        enum_column(TransactionMode, "need_transaction_mode", 24), primary_key=True)


class NeedTransition(db.Model):
    """One step of a need's life cycle; actor None: the system (expiry)."""

    __tablename__ = "need_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"),
                                         index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_state: Mapped[NeedState | None] = mapped_column(
        enum_column(NeedState, "need_from_state", STATE_COLUMN_LENGTH))
    to_state: Mapped[NeedState] = mapped_column(
        enum_column(NeedState, "need_to_state", STATE_COLUMN_LENGTH))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor = relationship("User")
