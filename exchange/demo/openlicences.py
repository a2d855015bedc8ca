"""Demo open licences and contract registrations: a handful of declarations in force (one
per fee method and more), one licence taken and paid, one declaration withdrawn; one
agreement registered and the others waiting to be."""
from __future__ import annotations

from datetime import timedelta

from exchange.achievements.kinds import AchievementType, LegalStatus, State
from exchange.achievements.models import Achievement
from exchange.agreements import money, registration
from exchange.agreements.kinds import PaymentKind, RoyaltyBase, RoyaltyPeriod
from exchange.agreements.models import Agreement, ContractRegistration
from exchange.auth.models import User
from exchange.auth.roles import Role
from exchange.db_types import local_today
from exchange.demo.people import credit_code_for, union_staff
from exchange.extensions import db
from exchange.openlicences import licences, services
from exchange.openlicences.models import Declaration
from exchange.studios.models import Studio

# (method, one-off or entry fee in fen, royalty in basis points)
PLAN = (
    (PaymentKind.LUMP_SUM, 3_000_000, None),
    (PaymentKind.ROYALTY, None, 300),
    (PaymentKind.ENTRY_FEE_ROYALTY, 1_000_000, 200),
    (PaymentKind.LUMP_SUM, 800_000, None),
    (PaymentKind.LUMP_SUM, 12_000_000, None),
    (PaymentKind.ROYALTY, None, 500),
)


def _leaders() -> dict[int, User]:
    rows = db.session.execute(db.select(User).where(User.role == Role.STUDIO_LEADER,
                                                    User.active.is_(True))).scalars()
    return {u.studio_id: u for u in rows}


def _declare(achievement, leader, plan, consent_by, approver, day) -> Declaration:
    method, fee, rate = plan
    declaration = services.start(achievement, leader)
    declaration.payment_kind = method
    declaration.amount_fen = fee if method == PaymentKind.LUMP_SUM else None
    declaration.entry_fee_fen = fee if method == PaymentKind.ENTRY_FEE_ROYALTY else None
    if rate:
        declaration.royalty_rate_bp = rate
        declaration.royalty_base, declaration.royalty_period = (RoyaltyBase.SALES,
                                                                RoyaltyPeriod.YEAR)
    services.submit(declaration, leader, ["fees_paid", "not_pledged", "not_suspended"],
                    acknowledged=True)
    services.record_consent(declaration, consent_by, "依托单位同意函（演示）")
    services.approve(declaration, approver)
    services.record_announcement(declaration, approver, day,
                                 f"CN-OL-{day:%Y}-{declaration.id:05d}")
    return declaration


def load_open_licences() -> int:
    if db.session.execute(db.select(Declaration.id).limit(1)).first():
        return 0
    staff = union_staff()
    if len(staff) < 2:
        return 0
    for studio in db.session.execute(db.select(Studio).order_by(Studio.id)).scalars():
        studio.employer_unit_credit_code = credit_code_for(10_000 + studio.id)
    leaders, today = _leaders(), local_today()
    busy = set(db.session.execute(db.select(Agreement.achievement_id)).scalars())
    candidates = db.session.execute(db.select(Achievement).where(
        Achievement.state == State.PUBLISHED, Achievement.legal_status == LegalStatus.GRANTED,
        Achievement.type == AchievementType.INVENTION_PATENT,
        Achievement.patent_number.is_not(None)).order_by(Achievement.id)).scalars().all()
    chosen = [a for a in candidates if a.id not in busy and a.studio_id in leaders]
    declared = [_declare(item, leaders[item.studio_id], plan, staff[0], staff[1],
                         today - timedelta(days=60 - 5 * n))
                for n, (item, plan) in enumerate(zip(chosen, PLAN, strict=False))]
    if len(declared) < 2:
        return len(declared)
    enterprise = db.session.execute(db.select(User).where(
        User.role == Role.ENTERPRISE, User.email_verified_at.is_not(None))
        .order_by(User.id)).scalars().first()
    if enterprise is not None:
        licence = licences.take(declared[0], enterprise, confirmed=True)
        money.record_receipt(licence.agreement, staff[1], key="demo-open-licence-1",
                             amount_fen=declared[0].amount_fen, on=today,
                             reference="银行回单 DEMO-OL-1")
    last = declared[-1]
    services.request_withdrawal(last, leaders[last.studio_id], "专利拟作价入股（演示）")
    services.approve_withdrawal(last, staff[1])
    services.record_withdrawal(last, staff[1], today - timedelta(days=3),
                               f"CN-OL-W-{today:%Y}-{last.id:05d}")
    _register_one(staff[1])
    db.session.flush()
    return len(declared)


def _register_one(staff: User) -> None:
    if db.session.execute(db.select(ContractRegistration.id).limit(1)).first():
        return
    agreement = db.session.execute(registration.unregistered()).scalars().first()
    if agreement is not None:
        registration.record_registration(
            agreement, staff, number=f"32020{local_today():%Y}000{agreement.id:03d}",
            on=local_today() - timedelta(days=10), office="无锡市技术市场管理办公室",
            amount_fen=registration.default_amount(agreement) or 0)
