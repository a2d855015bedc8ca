from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.achievements.kinds import AchievementType, LegalStatus, State, TransactionMode
from exchange.db_types import UTCDateTime, utcnow
from exchange.enums import enum_column, ordered, replace_rows
from exchange.extensions import db
from exchange.reference.models import Industry

STATE_COLUMN = enum_column(State, "achievement_state", 16)
# One patent, one live achievement: a withdrawn item frees its number (revision 0015).
LIVE_PATENT_INDEX = "uq_achievements_live_patent_number"
_LIVE_PATENT = text("patent_number IS NOT NULL AND state <> 'withdrawn'")


class Achievement(db.Model):
    __tablename__ = "achievements"
    __table_args__ = (
        CheckConstraint("trl BETWEEN 1 AND 9", name="trl_range"),
        CheckConstraint("price_fen IS NULL OR price_fen >= 0", name="price_not_negative"),
        CheckConstraint("price_negotiable OR price_fen IS NOT NULL", name="price_or_negotiable"),
        CheckConstraint("benefit_fen >= 0", name="benefit_not_negative"),
        Index("ix_achievements_state_published_at", "state", "published_at"),
        # The programme dashboard's counts read only these columns (revision 0011).
        Index("ix_achievements_counted", "type", "state", "published_at", "industry_code",
              "studio_id", "legal_status"),
        Index(LIVE_PATENT_INDEX, "patent_number", unique=True,
              sqlite_where=_LIVE_PATENT, postgresql_where=_LIVE_PATENT),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studios.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    abstract: Mapped[str] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    type: Mapped[AchievementType] = mapped_column(
        enum_column(AchievementType, "achievement_type", 32), index=True
    )
    patent_number: Mapped[str | None] = mapped_column(String(20), index=True)
    legal_status: Mapped[LegalStatus | None] = mapped_column(
        enum_column(LegalStatus, "legal_status", 16)
    )
    industry_code: Mapped[str] = mapped_column(ForeignKey("industries.code"), index=True)
    trl: Mapped[int] = mapped_column(Integer)
    price_fen: Mapped[int | None] = mapped_column(BigInteger)
    price_negotiable: Mapped[bool] = mapped_column(default=False)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    benefit_fen: Mapped[int | None] = mapped_column(BigInteger)  # None: not given
    state: Mapped[State] = mapped_column(STATE_COLUMN, default=State.DRAFT, index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The open licence in force on this patent, as the search index and the lists show
    # it: {"method": PaymentKind value, "upfront_fen": int, "declaration_id": int}. Kept by
    # openlicences.
    open_licence: Mapped[dict | None] = mapped_column(JSON)

    studio = relationship("Studio")
    industry: Mapped[Industry] = relationship()
    created_by = relationship("User")
    mode_rows: Mapped[list[AchievementMode]] = relationship(
        cascade="all, delete-orphan", order_by="AchievementMode.mode"
    )
    contributors: Mapped[list[Contributor]] = relationship(
        cascade="all, delete-orphan", order_by="Contributor.position"
    )
    transitions: Mapped[list[Transition]] = relationship(
        cascade="all, delete-orphan", order_by="Transition.id"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        cascade="all, delete-orphan", order_by="Attachment.id"
    )

    @property
    def transaction_modes(self) -> list[TransactionMode]:
        return ordered((row.mode for row in self.mode_rows), TransactionMode)

    @transaction_modes.setter
    def transaction_modes(self, modes) -> None:
        self.mode_rows = replace_rows(self.mode_rows, {TransactionMode(m) for m in modes},
                                      "mode", lambda m: AchievementMode(mode=m))

    @property
    def last_return_reason(self) -> str | None:
        for transition in reversed(self.transitions):
            if transition.to_state == State.RETURNED:
                return transition.reason
        return None


class AchievementMode(db.Model):
    __tablename__ = "achievement_transaction_modes"

    achievement_id: Mapped[int] = mapped_column(
        ForeignKey("achievements.id", ondelete="CASCADE"), primary_key=True
    )
    mode: Mapped[TransactionMode] = mapped_column(
        enum_column(TransactionMode, "transaction_mode", 24), primary_key=True
    )


class Contributor(db.Model):
    """An inventor from the studio, in contribution order (1 = first)."""

    __tablename__ = "achievement_contributors"
    __table_args__ = (UniqueConstraint("achievement_id", "user_id"),)

    achievement_id: Mapped[int] = mapped_column(
        ForeignKey("achievements.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    user = relationship("User")


class Transition(db.Model):
    """One step of the life cycle: who moved the item from where to where, and why."""

    __tablename__ = "achievement_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    achievement_id: Mapped[int] = mapped_column(
        ForeignKey("achievements.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    from_state: Mapped[State | None] = mapped_column(enum_column(State, "from_state", 16))
    to_state: Mapped[State] = mapped_column(enum_column(State, "to_state", 16))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor = relationship("User")


class Attachment(db.Model):
    __tablename__ = "achievement_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    achievement_id: Mapped[int] = mapped_column(
        ForeignKey("achievements.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ImportBatch(db.Model):
    """One confirmed import. Its key (a hash of the confirmation token) is unique and is
    inserted in the same transaction as the rows: a confirmation imports once, however
    often it is posted (Trust rule: exactly once)."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studios.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor = relationship("User")
