"""Open-licence declarations, the split they announce, and the licences taken under them.

A licence taken is an ordinary agreement (agreements/) with the declared terms: its money,
statements and registration work as for any agreement. These tables hold what is
particular to the open licence: the declaration's life and the art. 51 notice.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.achievements.models import Achievement, Attachment
from exchange.agreements.models import Agreement, PaymentTerms, Share, payment_checks
from exchange.db_types import UTCDateTime, utcnow
from exchange.enums import enum_column
from exchange.extensions import db
from exchange.openlicences.kinds import DeclarationState

LIVE = text("state <> 'withdrawn'")


class Declaration(PaymentTerms, db.Model):
    """One open-licence declaration on one granted patent."""

    __tablename__ = "open_licence_declarations"
    __table_args__ = (
        # One declaration at a time per patent: a withdrawn one makes room for the next.
        Index("uq_open_licence_declarations_achievement_id_live", "achievement_id",
              unique=True, sqlite_where=LIVE, postgresql_where=LIVE),
        CheckConstraint("amount_fen IS NULL OR amount_fen >= 0", name="amount_not_negative"),
        *payment_checks(),
        CheckConstraint("payment_days BETWEEN 1 AND 180", name="payment_days_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    achievement_id: Mapped[int] = mapped_column(ForeignKey("achievements.id"), index=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studios.id"), index=True)
    state: Mapped[DeclarationState] = mapped_column(
        enum_column(DeclarationState, "declaration_state", 16),
        default=DeclarationState.DRAFT, index=True)
    # The patentee of a service invention is usually the employer unit (art. 6).
    patentee: Mapped[str] = mapped_column(String(120))
    patentee_email: Mapped[str] = mapped_column(String(254))
    # The one-off fee (一次性支付); the fee method and the rest are PaymentTerms.
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    # The lump sum or entry fee falls due this many days after the licensee's notice.
    payment_days: Mapped[int] = mapped_column(Integer, default=30)
    # 专利权评价报告: required for a utility model or a design (art. 50).
    evaluation_report_id: Mapped[int | None] = mapped_column(
        ForeignKey("achievement_attachments.id", ondelete="SET NULL"))
    # The art. 86 facts the leader confirmed (Art86 codes) and the art. 45 warnings
    # acknowledged (legal.LegalWarning codes), when submitting.
    confirmations: Mapped[list[str]] = mapped_column(JSON, default=list)
    acknowledged_warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    # The employer unit's written consent, recorded by staff; someone else approves.
    consent_note: Mapped[str] = mapped_column(Text, default="")
    consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    announced_on: Mapped[date | None] = mapped_column(Date)
    announcement_number: Mapped[str] = mapped_column(String(40), default="")
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")
    withdrawal_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_number: Mapped[str] = mapped_column(String(40), default="")

    achievement: Mapped[Achievement] = relationship()
    studio = relationship("Studio")
    evaluation_report: Mapped[Attachment | None] = relationship()
    created_by = relationship("User", foreign_keys=[created_by_id])
    consent_by = relationship("User", foreign_keys=[consent_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    beneficiaries: Mapped[list[DeclaredShare]] = relationship(
        order_by="DeclaredShare.position", cascade="all, delete-orphan")
    licences: Mapped[list[OpenLicence]] = relationship(
        back_populates="declaration", order_by="OpenLicence.id")

    @property
    def code(self) -> str:
        return f"K{self.id:04d}"

    @property
    def total_share_bp(self) -> int:
        return sum(b.share_bp for b in self.beneficiaries)


class DeclaredShare(Share, db.Model):
    """A share of every fee received under the declaration; a licence's agreement copies
    them as its beneficiaries."""

    __tablename__ = "open_licence_shares"
    __table_args__ = (
        UniqueConstraint("declaration_id", "position"),
        CheckConstraint("share_bp BETWEEN 0 AND 10000", name="share_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("open_licence_declarations.id", ondelete="CASCADE"), index=True)


class OpenLicence(db.Model):
    """A licence an enterprise took: its art. 51 written notice and its agreement."""

    __tablename__ = "open_licences"

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("open_licence_declarations.id"), index=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), unique=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The notice exactly as sent (the written document art. 51 asks for).
    notice: Mapped[str] = mapped_column(Text)

    declaration: Mapped[Declaration] = relationship(back_populates="licences")
    agreement: Mapped[Agreement] = relationship()
    enterprise = relationship("Enterprise")
    taken_by = relationship("User")

    @property
    def code(self) -> str:
        return f"L{self.id:04d}"
