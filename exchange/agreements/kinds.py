"""The vocabularies of an agreement: deal types, payment terms, life-cycle states."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum


class DealType(LabelledEnum):
    TRANSFER = "transfer"
    LICENSE = "licence"  # the stored value keeps its spelling
    EQUITY = "equity"
    SERVICE = "service"
    CO_DEVELOPMENT = "co_development"


DealType.set_labels({
    DealType.TRANSFER: _l("Transfer (转让)"),
    DealType.LICENSE: _l("Licence (许可)"),
    DealType.EQUITY: _l("Equity contribution (作价入股)"),
    DealType.SERVICE: _l("Technical service (技术服务)"),
    DealType.CO_DEVELOPMENT: _l("Joint development (合作开发)"),
})


class Exclusivity(LabelledEnum):
    EXCLUSIVE = "exclusive"
    SOLE = "sole"
    ORDINARY = "ordinary"


Exclusivity.set_labels({
    Exclusivity.EXCLUSIVE: _l("Exclusive (独占)"),
    Exclusivity.SOLE: _l("Sole (排他)"),
    Exclusivity.ORDINARY: _l("Ordinary (普通)"),
})


class PaymentKind(LabelledEnum):
    LUMP_SUM = "lump_sum"
    INSTALLMENTS = "instalments"
    ROYALTY = "royalty"
    ENTRY_FEE_ROYALTY = "entry_fee_royalty"

    @property
    def has_royalty(self) -> bool:
        return self in (PaymentKind.ROYALTY, PaymentKind.ENTRY_FEE_ROYALTY)


PaymentKind.set_labels({
    PaymentKind.LUMP_SUM: _l("Lump sum (一次总付)"),
    PaymentKind.INSTALLMENTS: _l("Instalments (分期)"),
    PaymentKind.ROYALTY: _l("Royalty (提成)"),
    PaymentKind.ENTRY_FEE_ROYALTY: _l("Entry fee plus royalty (入门费+提成)"),
})


class RoyaltyBase(LabelledEnum):
    SALES = "sales"
    PROFIT = "profit"


RoyaltyBase.set_labels({
    RoyaltyBase.SALES: _l("Sales revenue"),
    RoyaltyBase.PROFIT: _l("Profit"),
})


class RoyaltyPeriod(LabelledEnum):
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"

    @property
    def months(self) -> int:
        return {"quarter": 3, "half_year": 6, "year": 12}[self.value]


RoyaltyPeriod.set_labels({
    RoyaltyPeriod.QUARTER: _l("Quarterly"),
    RoyaltyPeriod.HALF_YEAR: _l("Half-yearly"),
    RoyaltyPeriod.YEAR: _l("Yearly"),
})


class BeneficiaryKind(LabelledEnum):
    INVENTOR = "inventor"
    STUDIO_FUND = "studio_fund"
    EMPLOYER_UNIT = "employer_unit"
    PLATFORM = "platform"


BeneficiaryKind.set_labels({
    BeneficiaryKind.INVENTOR: _l("Inventor"),
    BeneficiaryKind.STUDIO_FUND: _l("Studio fund"),
    BeneficiaryKind.EMPLOYER_UNIT: _l("Employer unit"),
    BeneficiaryKind.PLATFORM: _l("Platform service fee"),
})


class InstallmentKind(LabelledEnum):
    LUMP_SUM = "lump_sum"
    INSTALLMENT = "instalment"
    ENTRY_FEE = "entry_fee"
    ROYALTY = "royalty"


InstallmentKind.set_labels({
    InstallmentKind.LUMP_SUM: _l("Lump sum"),
    InstallmentKind.INSTALLMENT: _l("Instalment"),
    InstallmentKind.ENTRY_FEE: _l("Entry fee"),
    InstallmentKind.ROYALTY: _l("Royalty"),
})


class Party(LabelledEnum):
    """Who must accept a version. The employer unit has no account on the platform:
    the mediator records its written consent."""

    ENTERPRISE = "enterprise"
    STUDIO = "studio"
    EMPLOYER_UNIT = "employer_unit"


Party.set_labels({
    Party.ENTERPRISE: _l("Enterprise"),
    Party.STUDIO: _l("Studio"),
    Party.EMPLOYER_UNIT: _l("Employer unit"),
})


class VersionState(LabelledEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    APPROVED = "approved"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


VersionState.set_labels({
    VersionState.DRAFT: _l("Draft"),
    VersionState.PROPOSED: _l("Proposed"),
    VersionState.ACCEPTED: _l("Accepted by all parties"),
    VersionState.APPROVED: _l("Approved, in force"),
    VersionState.SUPERSEDED: _l("Superseded"),
    VersionState.WITHDRAWN: _l("Withdrawn"),
})

# Versions still on their way to approval: at most one per agreement.
PENDING_VERSION_STATES = (VersionState.DRAFT, VersionState.PROPOSED, VersionState.ACCEPTED)


class AgreementState(LabelledEnum):
    NEGOTIATING = "negotiating"
    ACTIVE = "active"
    COMPLETED = "completed"
    TERMINATED = "terminated"


AgreementState.set_labels({
    AgreementState.NEGOTIATING: _l("Being negotiated"),
    AgreementState.ACTIVE: _l("In force"),
    AgreementState.COMPLETED: _l("Completed"),
    AgreementState.TERMINATED: _l("Terminated"),
})


class ContractType(LabelledEnum):
    """技术合同 types as registration offices classify them (民法典 book III ch. 20)."""

    DEVELOPMENT_COMMISSIONED = "dev_commissioned"
    DEVELOPMENT_COOPERATIVE = "dev_cooperative"
    TRANSFER_PATENT = "transfer_patent"
    TRANSFER_APPLICATION = "transfer_application"
    TRANSFER_SECRET = "transfer_secret"
    LICENCE_PATENT = "licence_patent"
    LICENCE_SECRET = "licence_secret"
    CONSULTING = "consulting"
    SERVICE = "service"


ContractType.set_labels({
    ContractType.DEVELOPMENT_COMMISSIONED: _l("Technology development, commissioned "
                                              "(技术开发·委托)"),
    ContractType.DEVELOPMENT_COOPERATIVE: _l("Technology development, cooperative "
                                             "(技术开发·合作)"),
    ContractType.TRANSFER_PATENT: _l("Technology transfer: patent right (技术转让·专利权)"),
    ContractType.TRANSFER_APPLICATION: _l("Technology transfer: patent application right "
                                          "(技术转让·专利申请权)"),
    ContractType.TRANSFER_SECRET: _l("Technology transfer: technical secret "
                                     "(技术转让·技术秘密)"),
    ContractType.LICENCE_PATENT: _l("Technology licence: patent (技术许可·专利实施许可)"),
    ContractType.LICENCE_SECRET: _l("Technology licence: technical secret "
                                    "(技术许可·技术秘密使用许可)"),
    ContractType.CONSULTING: _l("Technical consulting (技术咨询)"),
    ContractType.SERVICE: _l("Technical service (技术服务)"),
})
