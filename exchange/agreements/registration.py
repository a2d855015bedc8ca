"""技术合同认定登记: the registration sheet of an agreement, filled from what the platform
holds, and the registration staff record once the office has registered the contract.

The seller (the employer unit, which holds the rights) registers every technology contract
to claim the relief on technology-transfer income (企业所得税法实施条例 art. 90). Flush only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from exchange.access import require
from exchange.access.agreements import can_register
from exchange.achievements.kinds import PATENT_TYPES, LegalStatus
from exchange.agreements.events import record
from exchange.agreements.kinds import AgreementState, ContractType, DealType, PaymentKind
from exchange.agreements.models import Agreement, ContractRegistration
from exchange.audit import services as audit
from exchange.db_types import LOCAL_ZONE, local_today
from exchange.extensions import db
from exchange.money import bp_to_input, format_yuan
from exchange.services_base import DomainError, insert_once
from exchange.tables import Table

REGISTRABLE = (AgreementState.ACTIVE, AgreementState.COMPLETED)


def contract_type(deal_type: DealType, achievement) -> ContractType:
    """The registration office's type, from the deal and what it is about."""
    patent = achievement.type in PATENT_TYPES and bool(achievement.patent_number)
    if deal_type in (DealType.TRANSFER, DealType.EQUITY):
        if not patent:
            return ContractType.TRANSFER_SECRET
        return (ContractType.TRANSFER_PATENT if achievement.legal_status == LegalStatus.GRANTED
                else ContractType.TRANSFER_APPLICATION)
    if deal_type == DealType.LICENSE:
        return ContractType.LICENCE_PATENT if patent else ContractType.LICENCE_SECRET
    if deal_type == DealType.CO_DEVELOPMENT:
        return ContractType.DEVELOPMENT_COOPERATIVE
    return ContractType.SERVICE


def signed_on(agreement: Agreement) -> date | None:
    """The day the first terms came into force (the parties' last signature)."""
    first = next((v for v in agreement.versions if v.approved_at is not None), None)
    return first.approved_at.astimezone(LOCAL_ZONE).date() if first else None


@dataclass(frozen=True)
class Sheet:
    rows: list[tuple[str, str]]
    missing: list[str]  # what the office will ask for and the platform lacks


def sheet(agreement: Agreement) -> Sheet:
    version = agreement.in_force or agreement.versions[-1]
    achievement, studio, enterprise = (agreement.achievement, agreement.studio,
                                       agreement.enterprise)
    kind = contract_type(version.deal_type, achievement)
    total = version.consideration_fen
    registration = agreement.registration
    amount = registration.transaction_amount_fen if registration else total
    price = ("¥" + format_yuan(total)) if total is not None else _("By royalty, no fixed sum")
    payment = str(version.payment_kind.label)
    if version.payment_kind.has_royalty:
        payment += _(" · %(rate)s%% of %(base)s", rate=bp_to_input(version.royalty_rate_bp or 0),
                     base=str(version.royalty_base.label).lower() if version.royalty_base
                     else "")
    ip = (f"{achievement.type.label} {achievement.patent_number}"
          if achievement.patent_number else _("Technical secret (技术秘密)"))
    seller_code = studio.employer_unit_credit_code
    rows = [
        (_("Contract name"), _("%(title)s: %(kind)s contract", title=achievement.title,
                               kind=kind.label)),
        (_("Contract number"), agreement.code),
        (_("Contract type"), str(kind.label)),
        (_("Seller"), agreement.employer_unit),
        (_("Seller's unified social credit code"), seller_code or _("missing")),
        (_("Buyer"), enterprise.name),
        (_("Buyer's unified social credit code"), enterprise.credit_code),
        (_("Subject"), achievement.title),
        (_("Intellectual property"), ip),
        (_("Contract price"), price),
        (_("Technology-transaction amount (技术交易额)"),
         ("¥" + format_yuan(amount)) if amount is not None else _("By royalty, no fixed sum")),
        (_("Payment method"), payment),
        (_("Term"), f"{version.term_start} – {version.term_end}"),
        (_("Signed on"), str(signed_on(agreement) or "")),
        (_("Registration"), (f"{registration.number} · {registration.registered_on} · "
                             f"{registration.office}") if registration else _("Not registered")),
    ]
    missing = [] if seller_code else [_("the seller's unified social credit code (the "
                                        "studio's profile)")]
    return Sheet(rows, missing)


def sheet_table(agreement: Agreement) -> Table:
    return Table(_("Registration sheet"), [_("Item"), _("Value")],
                 [list(row) for row in sheet(agreement).rows])


def record_registration(agreement: Agreement, actor, *, number: str, on: date | None,
                        office: str, amount_fen: int | None) -> ContractRegistration:
    require(can_register(actor), "union staff record registrations")
    if agreement.state not in REGISTRABLE:
        raise DomainError(_l("Only an agreement in force or completed is registered."))
    if agreement.registration is not None:
        raise DomainError(_l("This agreement is already registered."))
    if on is None or on > local_today():
        raise DomainError(_l("Give the day it was registered (not in the future)."),
                          field="registered_on")
    if amount_fen is None:
        raise DomainError(_l("This field is required."), field="amount")
    row = ContractRegistration(agreement_id=agreement.id, number=number.strip(),
                               registered_on=on, office=office.strip(),
                               transaction_amount_fen=amount_fen, recorded_by_id=actor.id)
    if insert_once(row) is not None:
        raise DomainError(_l("This registration number is already recorded on another "
                             "agreement."), field="number")
    db.session.refresh(agreement)
    record(agreement, actor, "registered", f"{row.number} · {row.office}")
    audit.record(actor, "agreement.registered", "agreement", agreement.id,
                 before={"registered": False},
                 after={"number": row.number, "on": on, "office": row.office,
                        "transaction_amount_fen": amount_fen})
    db.session.flush()
    return row


def unregistered():
    """Agreements in force or completed that no registration records, oldest first."""
    return (db.select(Agreement)
            .where(Agreement.state.in_(REGISTRABLE), ~Agreement.registration.has())
            .order_by(Agreement.activated_at, Agreement.id))


def default_amount(agreement: Agreement) -> int | None:
    version = agreement.in_force
    if version is None:
        return None
    if version.payment_kind == PaymentKind.ROYALTY:
        return None
    return version.consideration_fen
