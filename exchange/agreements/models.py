"""Agreements, their versioned terms, beneficiaries, payment schedule and acceptances.

Money lives in the ledger (`ledger/`): these tables hold the terms. A beneficiary's id
names its ledger accounts (`Liabilities:Payable:B0042`), an agreement's id its revenue
account, so the two stay joined without foreign keys across the boundary.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from exchange.achievements.models import Achievement
from exchange.agreements.kinds import (
    PENDING_VERSION_STATES,
    AgreementState,
    BeneficiaryKind,
    DealType,
    Exclusivity,
    InstallmentKind,
    Party,
    PaymentKind,
    RoyaltyBase,
    RoyaltyPeriod,
    VersionState,
)
from exchange.db_types import UTCDateTime, utcnow
from exchange.enums import enum_column
from exchange.extensions import db
from exchange.inquiries.models import Inquiry


class PaymentTerms:
    """How and when the fee is paid: the columns an agreement's version and an open-licence
    declaration share (the declaration's become the version's when a licence is taken).
    Each table adds the CHECKs of `payment_checks()`."""

    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)
    payment_kind: Mapped[PaymentKind] = mapped_column(
        enum_column(PaymentKind, "payment_kind", 20))
    entry_fee_fen: Mapped[int | None] = mapped_column(BigInteger)
    royalty_rate_bp: Mapped[int | None] = mapped_column(Integer)
    royalty_base: Mapped[RoyaltyBase | None] = mapped_column(
        enum_column(RoyaltyBase, "royalty_base", 10))
    royalty_period: Mapped[RoyaltyPeriod | None] = mapped_column(
        enum_column(RoyaltyPeriod, "royalty_period", 10))
    notes: Mapped[str] = mapped_column(Text, default="")


def payment_checks() -> tuple[CheckConstraint, ...]:
    return (CheckConstraint("entry_fee_fen IS NULL OR entry_fee_fen >= 0",
                            name="entry_fee_not_negative"),
            CheckConstraint("royalty_rate_bp IS NULL OR royalty_rate_bp BETWEEN 0 AND 10000",
                            name="royalty_rate_range"))


class Share:
    """Who receives a share of every receipt, in basis points (an agreement's beneficiary,
    an open licence's declared share); the order breaks ties when leftover fen are handed
    out. An inventor with an account here reads their own statement."""

    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[BeneficiaryKind] = mapped_column(
        enum_column(BeneficiaryKind, "beneficiary_kind", 16))
    name: Mapped[str] = mapped_column(String(120))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    share_bp: Mapped[int] = mapped_column(Integer)

    @declared_attr
    def user(cls):
        return relationship("User")


class Agreement(db.Model):
    """A benefit-sharing agreement grown from one inquiry."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"), unique=True)
    achievement_id: Mapped[int] = mapped_column(ForeignKey("achievements.id"), index=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studios.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    # Copied from the studio when the agreement is made: the party of record.
    employer_unit: Mapped[str] = mapped_column(String(120))
    mediator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[AgreementState] = mapped_column(
        enum_column(AgreementState, "agreement_state", 16),
        default=AgreementState.NEGOTIATING, index=True)
    close_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    inquiry: Mapped[Inquiry] = relationship()
    achievement: Mapped[Achievement] = relationship()
    studio = relationship("Studio")
    enterprise = relationship("Enterprise")
    mediator = relationship("User")
    versions: Mapped[list[AgreementVersion]] = relationship(
        back_populates="agreement", order_by="AgreementVersion.number",
        cascade="all, delete-orphan")
    events: Mapped[list[AgreementEvent]] = relationship(
        order_by="AgreementEvent.id", cascade="all, delete-orphan")

    @property
    def code(self) -> str:
        return f"A{self.id:04d}"

    @property
    def in_force(self) -> AgreementVersion | None:
        return next((v for v in self.versions if v.state == VersionState.APPROVED), None)

    @property
    def pending(self) -> AgreementVersion | None:
        return next((v for v in self.versions if v.state in PENDING_VERSION_STATES), None)


class AgreementVersion(PaymentTerms, db.Model):
    """One version of the terms. Only a draft changes; an amendment is a new version."""

    __tablename__ = "agreement_versions"
    __table_args__ = (
        UniqueConstraint("agreement_id", "number"),
        CheckConstraint("consideration_fen IS NULL OR consideration_fen >= 0",
                        name="consideration_not_negative"),
        *payment_checks(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[VersionState] = mapped_column(
        enum_column(VersionState, "version_state", 16), default=VersionState.DRAFT, index=True)
    deal_type: Mapped[DealType] = mapped_column(enum_column(DealType, "deal_type", 20))
    exclusivity: Mapped[Exclusivity | None] = mapped_column(
        enum_column(Exclusivity, "exclusivity", 12))
    consideration_fen: Mapped[int | None] = mapped_column(BigInteger)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The legal-minimum warnings the mediator acknowledged when proposing, by code.
    acknowledged_warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    agreement: Mapped[Agreement] = relationship(back_populates="versions")
    created_by = relationship("User", foreign_keys=[created_by_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])
    acknowledged_by = relationship("User", foreign_keys=[acknowledged_by_id])
    beneficiaries: Mapped[list[Beneficiary]] = relationship(
        order_by="Beneficiary.position", cascade="all, delete-orphan")
    installments: Mapped[list[Installment]] = relationship(
        order_by="(Installment.due_on, Installment.position)", cascade="all, delete-orphan")
    acceptances: Mapped[list[Acceptance]] = relationship(
        order_by="Acceptance.id", cascade="all, delete-orphan")

    @property
    def total_share_bp(self) -> int:
        return sum(b.share_bp for b in self.beneficiaries)

    def accepted_by(self, party: Party) -> Acceptance | None:
        return next((a for a in self.acceptances if a.party == party), None)


class Beneficiary(Share, db.Model):
    """A share of every receipt under one version of an agreement's terms."""

    __tablename__ = "agreement_beneficiaries"
    __table_args__ = (
        UniqueConstraint("version_id", "position"),
        CheckConstraint("share_bp BETWEEN 0 AND 10000", name="share_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("agreement_versions.id", ondelete="CASCADE"), index=True)
    # The same person's row in the earliest approved version that named them: an amendment
    # keeps their ledger accounts (money.link_holders). None on that first row itself.
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("agreement_beneficiaries.id"))

    version: Mapped[AgreementVersion] = relationship(viewonly=True)

    @property
    def ledger_id(self) -> int:
        """The id the person's ledger accounts are keyed by, the same in every version."""
        return self.holder_id or self.id

    @property
    def code(self) -> str:
        return f"B{self.ledger_id:04d}"


class Installment(db.Model):
    """One line of the payment schedule. A royalty line's amount is known once the
    licensee reports the period's sales (or profit)."""

    __tablename__ = "agreement_installments"
    __table_args__ = (
        CheckConstraint("amount_fen IS NULL OR amount_fen >= 0", name="amount_not_negative"),
        CheckConstraint("kind = 'royalty' OR amount_fen IS NOT NULL",
                        name="fixed_lines_have_amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("agreement_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[InstallmentKind] = mapped_column(
        enum_column(InstallmentKind, "installment_kind", 12))
    due_on: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    reported_base_fen: Mapped[int | None] = mapped_column(BigInteger)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Acceptance(db.Model):
    __tablename__ = "agreement_acceptances"
    __table_args__ = (UniqueConstraint("version_id", "party"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("agreement_versions.id", ondelete="CASCADE"), index=True)
    party: Mapped[Party] = mapped_column(enum_column(Party, "party", 16))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")


class AgreementEvent(db.Model):
    """The agreement's history: who did what, when (terms and money alike)."""

    __tablename__ = "agreement_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor = relationship("User")


class ContractRegistration(db.Model):
    """技术合同认定登记: the registration office's record of an agreement, entered by staff.
    The seller registers to claim the tax relief on technology-transfer income."""

    __tablename__ = "contract_registrations"
    __table_args__ = (
        CheckConstraint("transaction_amount_fen >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), unique=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    registered_on: Mapped[date] = mapped_column(Date)
    office: Mapped[str] = mapped_column(String(120))
    # 技术交易额: the contract price less non-technical costs, as the office certified it.
    transaction_amount_fen: Mapped[int] = mapped_column(BigInteger)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    agreement: Mapped[Agreement] = relationship(
        backref=db.backref("registration", uselist=False, cascade="all, delete-orphan"))
    recorded_by = relationship("User")
