"""Demo agreements grown from the demo inquiries: drafts, a proposal, agreements in force
with receipts, payouts and a reversal, so statements and the ledger have something to show."""
from __future__ import annotations

from datetime import timedelta

from exchange.agreements import money, services, statements
from exchange.agreements.kinds import AgreementState, InstallmentKind, Party, PaymentKind
from exchange.agreements.models import Agreement, Installment
from exchange.auth.models import User
from exchange.auth.roles import Role
from exchange.db_types import local_today
from exchange.demo.people import union_staff
from exchange.extensions import db
from exchange.inquiries.kinds import InquiryState
from exchange.inquiries.models import Inquiry

# For the agreed inquiries, in order: (receipts in yuan-fen, payouts as share of payable).
MONEY_PLAN = (
    ((10_000_001,), 1.0),           # paid in full and paid out: completed
    ((6_000_000, 4_000_000), 0.5),  # instalments, half paid out
    ((2_500_000,), 0.0),            # just received
)


def _leader(studio_id: int) -> User | None:
    return db.session.execute(db.select(User).where(
        User.studio_id == studio_id, User.role == Role.STUDIO_LEADER)).scalars().first()


def _accept_all(version, inquiry, mediator) -> None:
    services.accept(version, inquiry.opened_by, Party.ENTERPRISE, confirmed=True)
    leader = _leader(inquiry.achievement.studio_id)
    if leader is not None:
        services.accept(version, leader, Party.STUDIO, confirmed=True)
    services.accept(version, mediator, Party.EMPLOYER_UNIT, "单位书面同意函（演示）")


def load_agreements() -> int:
    if db.session.execute(db.select(Agreement.id).limit(1)).first():
        return 0
    staff = union_staff()
    if len(staff) < 2:
        return 0
    mediator, approver = staff[0], staff[1]
    inquiries = db.session.execute(db.select(Inquiry).where(
        Inquiry.mediator_id == mediator.id).order_by(Inquiry.id)).scalars().all()
    agreed = [i for i in inquiries if i.state == InquiryState.AGREED]
    negotiating = [i for i in inquiries if i.state == InquiryState.NEGOTIATING]
    added = 0
    today = local_today()
    for n, (inquiry, (receipts, paid_share)) in enumerate(zip(agreed, MONEY_PLAN, strict=False)):
        if _leader(inquiry.achievement.studio_id) is None:
            continue
        agreement = services.create_from_inquiry(inquiry, mediator)
        version = agreement.versions[0]
        version.term_start = today - timedelta(days=200)
        total = sum(receipts)
        version.consideration_fen = total
        version.installments.clear()
        db.session.flush()
        if len(receipts) > 1:
            version.payment_kind = PaymentKind.INSTALLMENTS
        for position, amount in enumerate(receipts):
            kind = InstallmentKind.INSTALLMENT if len(receipts) > 1 else InstallmentKind.LUMP_SUM
            version.installments.append(Installment(
                position=position, kind=kind, amount_fen=amount,
                due_on=today - timedelta(days=150 - 60 * position)))
        services.propose(version, mediator, acknowledged=True)
        _accept_all(version, inquiry, mediator)
        services.approve(version, approver)
        for i, amount in enumerate(receipts):
            money.record_receipt(agreement, approver, key=f"demo-receipt-{n}-{i}",
                                 amount_fen=amount, on=today - timedelta(days=140 - 60 * i),
                                 reference=f"银行回单 DEMO{n}{i:03d}")
        if paid_share:
            for share in money.beneficiaries_of(agreement):
                payable = statements.shares([share])[0].payable
                amount = int(payable * paid_share)
                if amount:
                    money.record_payout(agreement, approver, key=f"demo-payout-{share.id}",
                                        beneficiary_id=share.id, amount_fen=amount,
                                        on=today - timedelta(days=30), reference="转账（演示）")
        if paid_share == 1.0:
            services.close(agreement, approver, AgreementState.COMPLETED)
        added += 1
    for n, inquiry in enumerate(negotiating[:2]):
        agreement = services.create_from_inquiry(inquiry, mediator)
        if n == 1:
            version = agreement.versions[0]
            services.propose(version, mediator, acknowledged=True)
            services.accept(version, inquiry.opened_by, Party.ENTERPRISE, confirmed=True)
        added += 1
    db.session.flush()
    return added
