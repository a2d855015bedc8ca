"""Benefit-sharing agreements (效益共享协议): who sees them, accepts for which party, mediates
and approves."""
from __future__ import annotations

from exchange.access import belongs_to_studio, is_staff
from exchange.agreements.kinds import DealType, Party
from exchange.agreements.models import Agreement, AgreementVersion, Beneficiary
from exchange.auth.roles import Role
from exchange.db_types import local_year_bounds
from exchange.extensions import db


def party_of(user, agreement: Agreement) -> Party | None:
    """The party a user accepts for: enterprise users for their enterprise, the studio's
    leader for the studio. The mediator records the employer unit's consent."""
    if not user.is_authenticated:
        return None
    if user.role == Role.ENTERPRISE and user.enterprise_id == agreement.enterprise_id:
        return Party.ENTERPRISE
    if user.role == Role.STUDIO_LEADER and user.studio_id == agreement.studio_id:
        return Party.STUDIO
    return None


def is_mediator(user, agreement: Agreement) -> bool:
    return user.is_authenticated and user.id == agreement.mediator_id


def beneficiary_user_ids(agreement: Agreement) -> set[int]:
    return {b.user_id for v in agreement.versions for b in v.beneficiaries if b.user_id}


def can_view(user, agreement: Agreement) -> bool:
    if not user.is_authenticated:
        return False
    if is_staff(user) or is_mediator(user, agreement):
        return True
    if user.role == Role.ENTERPRISE:
        return user.enterprise_id == agreement.enterprise_id
    if user.role.is_studio and user.studio_id == agreement.studio_id:
        return True
    return user.id in beneficiary_user_ids(agreement)


def visible_to(user):
    """A select of the agreements a user may list."""
    query = db.select(Agreement)
    if is_staff(user):
        return query
    if user.role == Role.ENTERPRISE:
        return query.where(Agreement.enterprise_id == user.enterprise_id)
    mine = (db.select(AgreementVersion.agreement_id)
            .join(Beneficiary, Beneficiary.version_id == AgreementVersion.id)
            .where(Beneficiary.user_id == user.id))
    if user.role.is_studio:
        return query.where((Agreement.studio_id == user.studio_id) | Agreement.id.in_(mine))
    return query.where(Agreement.id.in_(mine))


def filter_by_deal(query, deal_type: str, year: int | None):
    """Agreements activated in `year` whose latest approved terms have `deal_type`."""
    if year and 2000 <= year <= 2100:
        start, end = local_year_bounds(year)
        query = query.where(Agreement.activated_at >= start, Agreement.activated_at < end)
    if deal_type in {d.value for d in DealType}:
        latest = (db.select(db.func.max(AgreementVersion.number))
                  .where(AgreementVersion.agreement_id == Agreement.id,
                         AgreementVersion.approved_at.is_not(None)).scalar_subquery())
        query = query.where(Agreement.versions.any(db.and_(
            AgreementVersion.number == latest, AgreementVersion.deal_type == deal_type)))
    return query


def mediates(user, version: AgreementVersion) -> bool:
    """Whether this user took part in making these terms: the mediator (who drafts every
    version), whoever created the version, acknowledged its legal warnings or recorded
    the employer unit's consent. Such a person does not approve them (Four eyes)."""
    if not user.is_authenticated:
        return False
    consent = version.accepted_by(Party.EMPLOYER_UNIT)
    return user.id in {version.agreement.mediator_id, version.created_by_id,
                       version.acknowledged_by_id, consent.user_id if consent else None}


def can_approve(user) -> bool:
    """Union staff approve terms (and never terms they helped make: see `mediates`)."""
    return is_staff(user)


def can_close(user) -> bool:
    return is_staff(user)


def can_record_money(user) -> bool:
    """Receipts, payouts and reversals are posted by union staff."""
    return is_staff(user)


def can_read_statement(user, studio_id: int) -> bool:
    """A studio's statement: the union and the studio's own accounts."""
    return is_staff(user) or belongs_to_studio(user, studio_id)


def can_register(user) -> bool:
    """Union staff record an agreement's technology-contract registration and read the
    list of agreements not yet registered."""
    return is_staff(user)


def can_read_registration_sheet(user, agreement: Agreement) -> bool:
    """The sheet: the union, and the parties who register it (the studio's leader for the
    seller, the buyer's accounts)."""
    return is_staff(user) or party_of(user, agreement) is not None
