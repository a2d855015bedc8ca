"""Agreements: the life cycle of their terms (who sees what is in `access`).

Flush only; the request commits. Every function checks access first (Refused),
then the rules (DomainError), then changes rows.
"""
from __future__ import annotations

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l

from exchange import signals
from exchange.access.agreements import (
    can_approve,
    can_close,
    is_mediator,
    mediates,
    party_of,
)
from exchange.agreements import legal, money
from exchange.agreements.events import record, tell
from exchange.agreements.kinds import (
    AgreementState,
    BeneficiaryKind,
    DealType,
    InstallmentKind,
    Party,
    PaymentKind,
    VersionState,
)
from exchange.agreements.models import (
    Acceptance,
    Agreement,
    AgreementVersion,
    Beneficiary,
    Installment,
)
from exchange.agreements.schedule import build_lines, one_year_from
from exchange.audit import services as audit
from exchange.auth.models import User
from exchange.auth.roles import Role
from exchange.db_types import local_today, utcnow
from exchange.extensions import db
from exchange.inquiries.kinds import InquiryState
from exchange.services_base import DomainError, Refused

# Inventors keep half by default (art. 45); the rest as the studio fund, the employer
# unit and the platform fee usually share it. The mediator edits all of it.
DEFAULT_SHARES_BP = {BeneficiaryKind.INVENTOR: 5000, BeneficiaryKind.STUDIO_FUND: 2000,
                     BeneficiaryKind.EMPLOYER_UNIT: 2500, BeneficiaryKind.PLATFORM: 500}
PLATFORM_NAME = "劳模工匠创新成果交易平台"


def default_beneficiaries(achievement, studio) -> list[Beneficiary]:
    inventors = [c.user for c in achievement.contributors] or []
    rows: list[Beneficiary] = []
    total = DEFAULT_SHARES_BP[BeneficiaryKind.INVENTOR]
    for index, person in enumerate(inventors):
        share = total // len(inventors) + (1 if index < total % len(inventors) else 0)
        rows.append(Beneficiary(kind=BeneficiaryKind.INVENTOR, name=person.name,
                                user_id=person.id, share_bp=share))
    if not inventors:
        rows.append(Beneficiary(kind=BeneficiaryKind.INVENTOR, name=studio.leader_name,
                                share_bp=total))
    rows += [
        Beneficiary(kind=BeneficiaryKind.STUDIO_FUND, name=studio.name,
                    share_bp=DEFAULT_SHARES_BP[BeneficiaryKind.STUDIO_FUND]),
        Beneficiary(kind=BeneficiaryKind.EMPLOYER_UNIT, name=studio.employer_unit,
                    share_bp=DEFAULT_SHARES_BP[BeneficiaryKind.EMPLOYER_UNIT]),
        Beneficiary(kind=BeneficiaryKind.PLATFORM, name=PLATFORM_NAME,
                    share_bp=DEFAULT_SHARES_BP[BeneficiaryKind.PLATFORM]),
    ]
    for position, row in enumerate(rows):
        row.position = position
    return rows


def create_from_inquiry(inquiry, actor) -> Agreement:
    if inquiry.mediator_id != actor.id:
        raise Refused("only the inquiry's mediator drafts its agreement")
    if inquiry.state not in (InquiryState.NEGOTIATING, InquiryState.AGREED):
        raise DomainError(_l("An agreement is drafted once the inquiry is in negotiation."))
    exists = db.session.scalar(db.select(Agreement.id).where(Agreement.inquiry_id == inquiry.id))
    if exists:
        raise DomainError(_l("This inquiry already has an agreement."))
    achievement, studio = inquiry.achievement, inquiry.achievement.studio
    today = local_today()
    agreement = Agreement(inquiry=inquiry, achievement=achievement, studio_id=studio.id,
                          enterprise_id=inquiry.enterprise_id, mediator_id=actor.id,
                          employer_unit=studio.employer_unit)
    price = achievement.price_fen if not achievement.price_negotiable else None
    version = AgreementVersion(
        number=1, deal_type=DealType.TRANSFER, term_start=today,
        term_end=one_year_from(today), payment_kind=PaymentKind.LUMP_SUM,
        consideration_fen=price or 0, created_by_id=actor.id,
        beneficiaries=default_beneficiaries(achievement, studio),
        installments=[Installment(position=0, kind=InstallmentKind.LUMP_SUM,
                                  due_on=today + relativedelta(months=1),
                                  amount_fen=price or 0)])
    agreement.versions.append(version)
    db.session.add(agreement)
    record(agreement, actor, "drafted")
    db.session.flush()
    return agreement


def _editable(version: AgreementVersion, actor) -> None:
    if not is_mediator(actor, version.agreement):
        raise Refused("only the mediator edits terms")
    if version.state != VersionState.DRAFT:
        raise DomainError(_l("Only a draft can be changed; an accepted version never "
                             "changes. Start an amendment instead."))


def save_terms(version: AgreementVersion, terms, actor) -> None:
    _editable(version, actor)
    studio_people = {u.id for u in studio_accounts(version.agreement)}
    if any(p["user_id"] and p["user_id"] not in studio_people for p in terms.beneficiaries):
        raise DomainError(_l("An inventor's account must belong to the studio."),
                          field="beneficiaries")
    for name in ("deal_type", "exclusivity", "consideration_fen", "term_start", "term_end",
                 "payment_kind", "entry_fee_fen", "royalty_rate_bp", "royalty_base",
                 "royalty_period", "notes"):
        setattr(version, name, getattr(terms, name))
    # Old rows go first: the new ones reuse their positions (unique per version).
    version.beneficiaries.clear()
    version.installments.clear()
    db.session.flush()
    version.beneficiaries = [Beneficiary(position=i, **person)
                             for i, person in enumerate(terms.beneficiaries)]
    lines = build_lines(
        terms.payment_kind, consideration_fen=terms.consideration_fen,
        first_due_on=terms.first_due_on, instalments=terms.instalments,
        entry_fee_fen=terms.entry_fee_fen, term_start=terms.term_start,
        term_end=terms.term_end,
        period_months=terms.royalty_period.months if terms.royalty_period else 12)
    version.installments = [Installment(position=i, kind=line.kind, due_on=line.due_on,
                                        amount_fen=line.amount_fen,
                                        period_start=line.period_start,
                                        period_end=line.period_end)
                            for i, line in enumerate(lines)]
    record(version.agreement, actor, "terms_saved", f"v{version.number}")
    db.session.flush()


def studio_accounts(agreement: Agreement) -> list[User]:
    return list(db.session.execute(
        db.select(User).where(User.studio_id == agreement.studio_id, User.active.is_(True))
        .order_by(User.name)).scalars())


def warnings(version: AgreementVersion) -> list[legal.LegalWarning]:
    return legal.warnings_for(version.deal_type, version.beneficiaries,
                              version.agreement.achievement)


def propose(version: AgreementVersion, actor, acknowledged: bool) -> None:
    _editable(version, actor)
    if version.total_share_bp != 10000:
        raise DomainError(_l("The beneficiaries' shares must add up to 100%."))
    found = warnings(version)
    if found and not acknowledged:
        raise DomainError(_l("Acknowledge the legal-minimum warnings before proposing."),
                          field="acknowledge")
    version.acknowledged_warnings = [w.code for w in found]
    if found:
        version.acknowledged_by_id, version.acknowledged_at = actor.id, utcnow()
        audit.record(actor, "agreement.warnings_acknowledged", "agreement",
                     version.agreement.id, before={"version": version.number},
                     after={"version": version.number,
                            "warnings": version.acknowledged_warnings})
    version.state, version.proposed_at = VersionState.PROPOSED, utcnow()
    record(version.agreement, actor, "proposed", f"v{version.number}")
    tell(version.agreement, actor, "agreement_proposed")
    db.session.flush()
    signals.agreement_version_changed.send(version)


def withdraw_proposal(version: AgreementVersion, actor) -> None:
    if not is_mediator(actor, version.agreement):
        raise Refused("only the mediator withdraws a proposal")
    if version.state != VersionState.PROPOSED:
        raise DomainError(_l("Only a proposed version can go back to draft."))
    _back_to_draft(version)
    record(version.agreement, actor, "withdrawn", f"v{version.number}")
    db.session.flush()
    signals.agreement_version_changed.send(version)


def _back_to_draft(version: AgreementVersion) -> None:
    version.acceptances.clear()
    version.state, version.proposed_at = VersionState.DRAFT, None


def accept(version: AgreementVersion, actor, party: Party, note: str = "",
           confirmed: bool = False) -> None:
    """Record a party's acceptance. The enterprise and the studio bind themselves: they
    must tick "I confirm" (`confirmed`), checked here so that no client can skip it."""
    agreement = version.agreement
    if party == Party.EMPLOYER_UNIT:
        if not is_mediator(actor, agreement):
            raise Refused("the mediator records the employer unit's consent")
        if not note.strip():
            raise DomainError(_l("Say where the employer unit's written consent is (document "
                                 "number, date)."), field="reason")
    elif party_of(actor, agreement) != party:
        raise Refused("not this party's representative")
    if version.state != VersionState.PROPOSED:
        raise DomainError(_l("Only proposed terms can be accepted."))
    if version.accepted_by(party):
        raise DomainError(_l("This party has already accepted."))
    if party in (Party.ENTERPRISE, Party.STUDIO) and not confirmed:
        raise DomainError(_l("Tick the box to confirm that you accept these terms on behalf "
                             "of %(party)s.", party=party.label), field="confirm")
    accepted = sorted(a.party.value for a in version.acceptances)
    version.acceptances.append(Acceptance(party=party, user_id=actor.id, note=note.strip()))
    audit.record(actor, "agreement.accepted", "agreement", agreement.id,
                 before={"version": version.number, "accepted": accepted},
                 after={"version": version.number, "accepted": sorted([*accepted, party.value]),
                        "party": party}, reason=note.strip())
    record(agreement, actor, f"accepted_{party.value}",
           f"v{version.number}" + (f" · {note.strip()}" if note.strip() else ""))
    if all(version.accepted_by(p) for p in Party):
        version.state = VersionState.ACCEPTED
        staff = db.session.execute(db.select(User.id).where(
            User.role == Role.UNION_STAFF, User.active.is_(True))).scalars()
        tell(agreement, actor, "agreement_accepted", user_ids={*staff, agreement.mediator_id})
    db.session.flush()
    signals.agreement_version_changed.send(version)


def request_changes(version: AgreementVersion, actor, reason: str) -> None:
    if party_of(actor, version.agreement) is None:
        raise Refused("only a party requests changes")
    if version.state != VersionState.PROPOSED:
        raise DomainError(_l("Only proposed terms can be sent back."))
    if not reason.strip():
        raise DomainError(_l("Say what should change."), field="reason")
    _back_to_draft(version)
    record(version.agreement, actor, "changes_requested", reason.strip())
    tell(version.agreement, actor, "agreement_changes", reason=reason.strip())
    db.session.flush()
    signals.agreement_version_changed.send(version)


def _staff_decision(version: AgreementVersion, actor) -> None:
    if not can_approve(actor):
        raise Refused("union staff approve agreements")
    if version.state != VersionState.ACCEPTED:
        raise DomainError(_l("Only terms accepted by every party can be approved."))
    if version.agreement.state not in (AgreementState.NEGOTIATING, AgreementState.ACTIVE):
        raise DomainError(_l("The agreement is closed."))


def approve(version: AgreementVersion, actor) -> None:
    """Put the version in force; the first approval makes the agreement active and opens
    its ledger accounts. The approver is a second staff member, never the mediator."""
    _staff_decision(version, actor)
    if mediates(actor, version):
        raise DomainError(_l("You mediated this agreement, so another union staff member "
                             "must approve it (four eyes)."))
    for reason in signals.vetoes(signals.agreement_activating, version):
        raise DomainError(reason)
    agreement = version.agreement
    before = {"version": version.number, "version_state": version.state,
              "agreement_state": agreement.state}
    if agreement.in_force is not None:
        agreement.in_force.state = VersionState.SUPERSEDED
    version.state, version.approved_at, version.approved_by_id = (
        VersionState.APPROVED, utcnow(), actor.id)
    if agreement.state == AgreementState.NEGOTIATING:
        agreement.state, agreement.activated_at = AgreementState.ACTIVE, utcnow()
        if agreement.inquiry.state == InquiryState.NEGOTIATING:
            agreement.inquiry.state = InquiryState.AGREED
    db.session.flush()
    money.open_accounts(agreement, version)
    record(agreement, actor, "approved", f"v{version.number}")
    audit.record(actor, "agreement.approved", "agreement", agreement.id, before=before,
                 after={"version": version.number, "version_state": version.state,
                        "agreement_state": agreement.state, "approved_by": actor.id})
    tell(agreement, actor, "agreement_approved")
    db.session.flush()
    signals.agreement_version_changed.send(version)


def refuse(version: AgreementVersion, actor, reason: str) -> None:
    _staff_decision(version, actor)
    if not reason.strip():
        raise DomainError(_l("Give the reason for refusing."), field="reason")
    before = version.state
    version.state = VersionState.WITHDRAWN
    record(version.agreement, actor, "refused", reason.strip())
    audit.record(actor, "agreement.refused", "agreement", version.agreement.id,
                 before={"version": version.number, "version_state": before},
                 after={"version": version.number, "version_state": version.state},
                 reason=reason.strip())
    tell(version.agreement, actor, "agreement_refused", reason=reason.strip())
    db.session.flush()


def start_version(agreement: Agreement, actor) -> AgreementVersion:
    """A new draft copying the latest terms: an amendment of an active agreement, or a
    fresh start after approval was refused."""
    if not is_mediator(actor, agreement):
        raise Refused("only the mediator amends")
    if agreement.state not in (AgreementState.NEGOTIATING, AgreementState.ACTIVE):
        raise DomainError(_l("A closed agreement cannot be amended."))
    if agreement.pending is not None:
        raise DomainError(_l("Version %(n)d is still under way.", n=agreement.pending.number))
    source = agreement.versions[-1]
    copy = AgreementVersion(
        number=source.number + 1, created_by_id=actor.id,
        **{name: getattr(source, name) for name in (
            "deal_type", "exclusivity", "consideration_fen", "currency", "term_start",
            "term_end", "payment_kind", "entry_fee_fen", "royalty_rate_bp", "royalty_base",
            "royalty_period", "notes")},
        beneficiaries=[Beneficiary(position=b.position, kind=b.kind, name=b.name,
                                   user_id=b.user_id, share_bp=b.share_bp)
                       for b in source.beneficiaries],
        installments=[Installment(position=i.position, kind=i.kind, due_on=i.due_on,
                                  amount_fen=i.amount_fen, period_start=i.period_start,
                                  period_end=i.period_end,
                                  reported_base_fen=i.reported_base_fen,
                                  reported_at=i.reported_at, reported_by_id=i.reported_by_id)
                      for i in source.installments])
    agreement.versions.append(copy)
    record(agreement, actor, "amendment_started", f"v{copy.number}")
    db.session.flush()
    return copy


def close(agreement: Agreement, actor, state: AgreementState, reason: str = "") -> None:
    if not can_close(actor):
        raise Refused("union staff close agreements")
    if state == AgreementState.COMPLETED and agreement.state != AgreementState.ACTIVE:
        raise DomainError(_l("Only an active agreement can be completed."))
    if state == AgreementState.TERMINATED:
        if agreement.state not in (AgreementState.NEGOTIATING, AgreementState.ACTIVE):
            raise DomainError(_l("The agreement is already closed."))
        if not reason.strip():
            raise DomainError(_l("Give the reason for terminating."), field="reason")
    pending = agreement.pending
    if pending is not None:
        pending.state = VersionState.WITHDRAWN
    before = agreement.state
    agreement.state, agreement.closed_at, agreement.close_reason = state, utcnow(), reason.strip()
    record(agreement, actor, state.value, reason.strip())
    audit.record(actor, f"agreement.{state.value}", "agreement", agreement.id,
                 before={"state": before}, after={"state": state}, reason=reason.strip())
    tell(agreement, actor, f"agreement_{state.value}", reason=reason.strip())
    db.session.flush()
