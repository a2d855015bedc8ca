"""Taking an open licence in one step (Patent Law art. 51): the written notice to the
patentee, and an active ordinary-licence agreement with exactly the declared terms and
split, its payment schedule and its ledger accounts. No negotiation and no acceptance
round: the notice and the payment make the licence. Flush only; the request commits.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from exchange.access import openlicences as access
from exchange.access import require
from exchange.agreements import money
from exchange.agreements.events import record, tell
from exchange.agreements.kinds import (
    AgreementState,
    DealType,
    Exclusivity,
    PaymentKind,
    VersionState,
)
from exchange.agreements.models import Agreement, AgreementVersion, Beneficiary, Installment
from exchange.agreements.schedule import build_lines
from exchange.audit import services as audit
from exchange.db_types import local_today, utcnow
from exchange.extensions import db
from exchange.inquiries.kinds import InquiryState
from exchange.inquiries.models import Inquiry, InquiryMessage
from exchange.mail import services as mail
from exchange.openlicences.kinds import IN_FORCE
from exchange.openlicences.models import Declaration, OpenLicence
from exchange.services_base import DomainError, insert_once


def _thread(declaration: Declaration, actor) -> Inquiry:
    """The licence's inquiry (an agreement grows from one): the enterprise's open inquiry
    on this patent if it has one without an agreement, else a new one, already agreed."""
    inquiry = db.session.execute(db.select(Inquiry).where(
        Inquiry.enterprise_id == actor.enterprise_id,
        Inquiry.achievement_id == declaration.achievement_id,
        Inquiry.state != InquiryState.CLOSED)).scalars().first()
    if inquiry is not None:
        held = db.session.scalar(db.select(Agreement).where(Agreement.inquiry_id == inquiry.id))
        if held is not None:
            raise DomainError(_l("Your enterprise already has agreement %(code)s on this "
                                 "patent.", code=held.code))
        inquiry.state = InquiryState.AGREED
        inquiry.mediator_id = inquiry.mediator_id or declaration.approved_by_id
        return inquiry
    inquiry = Inquiry(achievement_id=declaration.achievement_id,
                      enterprise_id=actor.enterprise_id, opened_by_id=actor.id,
                      mediator_id=declaration.approved_by_id, state=InquiryState.AGREED)
    # A double click or a second tab: the live-inquiry index lets one through; the other
    # is told, instead of a second licence (Trust rule: Exactly once).
    if insert_once(inquiry) is not None:
        raise DomainError(_l("Your enterprise has just taken this licence or opened an "
                             "inquiry on this patent: see your agreements."))
    return inquiry


def _version(declaration: Declaration, actor) -> AgreementVersion:
    today, kind = local_today(), declaration.payment_kind
    lines = build_lines(
        kind, consideration_fen=declaration.amount_fen,
        first_due_on=today + timedelta(days=declaration.payment_days), instalments=[],
        entry_fee_fen=declaration.entry_fee_fen, term_start=today,
        term_end=declaration.term_end,
        period_months=declaration.royalty_period.months if declaration.royalty_period else 12)
    now = utcnow()
    return AgreementVersion(
        number=1, state=VersionState.APPROVED, deal_type=DealType.LICENSE,
        exclusivity=Exclusivity.ORDINARY,
        consideration_fen={PaymentKind.LUMP_SUM: declaration.amount_fen,
                           PaymentKind.ENTRY_FEE_ROYALTY: declaration.entry_fee_fen}.get(kind),
        currency=declaration.currency, term_start=today, term_end=declaration.term_end,
        payment_kind=kind, entry_fee_fen=declaration.entry_fee_fen,
        royalty_rate_bp=declaration.royalty_rate_bp, royalty_base=declaration.royalty_base,
        royalty_period=declaration.royalty_period,
        notes=f"专利开放许可 {declaration.code}，公告号 {declaration.announcement_number}",
        created_by_id=actor.id, proposed_at=now, approved_at=now,
        # The union approved these terms once, when it approved the declaration.
        approved_by_id=declaration.approved_by_id,
        acknowledged_warnings=list(declaration.acknowledged_warnings),
        beneficiaries=[Beneficiary(position=s.position, kind=s.kind, name=s.name,
                                   user_id=s.user_id, share_bp=s.share_bp)
                       for s in declaration.beneficiaries],
        installments=[Installment(position=i, kind=line.kind, due_on=line.due_on,
                                  amount_fen=line.amount_fen, period_start=line.period_start,
                                  period_end=line.period_end)
                      for i, line in enumerate(lines)])


def notice_text(declaration: Declaration, licence: OpenLicence, enterprise, actor) -> str:
    """The art. 51 written notice, in Chinese: it is a legal document for the patentee."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        # Without the site's context processors: the notice is no page of this request.
        return current_app.jinja_env.get_template("mail/open_licence_written_notice.txt").render(
            declaration=declaration, licence=licence, enterprise=enterprise, actor=actor,
            today=local_today())


def take(declaration: Declaration, actor, confirmed: bool) -> OpenLicence:
    require(access.can_take(actor), "a confirmed enterprise account takes a licence")
    if declaration.state not in IN_FORCE:
        raise DomainError(_l("This open licence is not in force: it cannot be taken."))
    if declaration.term_end < local_today():
        raise DomainError(_l("The open licence's term has ended."))
    if not confirmed:
        raise DomainError(_l("Tick the box to confirm that your enterprise takes the licence "
                             "on the announced terms and will pay as announced."),
                          field="confirm")
    inquiry = _thread(declaration, actor)
    achievement = declaration.achievement
    # The licensor of record is the declared patentee (usually the employer unit).
    agreement = Agreement(
        inquiry=inquiry, achievement=achievement, studio_id=declaration.studio_id,
        enterprise_id=actor.enterprise_id, employer_unit=declaration.patentee,
        mediator_id=inquiry.mediator_id, state=AgreementState.ACTIVE, activated_at=utcnow())
    version = _version(declaration, actor)
    agreement.versions.append(version)
    db.session.add(agreement)
    db.session.flush()
    money.open_accounts(agreement, version)
    licence = OpenLicence(declaration=declaration, agreement=agreement,
                          enterprise_id=actor.enterprise_id, taken_by_id=actor.id, notice="")
    db.session.add(licence)
    db.session.flush()
    licence.notice = notice_text(declaration, licence, actor.enterprise, actor)
    # The thread shows the step (agreed, by this declaration) and then the notice itself.
    inquiry.messages.append(InquiryMessage(
        author_id=actor.id, kind="event",
        body=f"state:{InquiryState.AGREED.value}:{declaration.code}"))
    inquiry.messages.append(InquiryMessage(author_id=actor.id, body=licence.notice))
    record(agreement, actor, "open_licence_taken", declaration.code)
    audit.record(actor, "licence.taken", "agreement", agreement.id, before={},
                 after={"declaration": declaration.code, "licence": licence.code,
                        "agreement_state": agreement.state})
    mail.queue(None, "open_licence_notice", to_address=declaration.patentee_email,
               licence=licence, declaration=declaration)
    tell(agreement, actor, "agreement_open_licence", enterprise=actor.enterprise.name)
    db.session.flush()
    return licence


def licence_of(agreement_id: int) -> OpenLicence | None:
    return db.session.execute(db.select(OpenLicence).where(
        OpenLicence.agreement_id == agreement_id)).scalars().first()
