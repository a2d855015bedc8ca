"""Open-licence declarations: prepared by the studio leader, reviewed by union staff (the
employer unit's consent recorded by one, approval by another), announced by CNIPA, and
withdrawn the same way. Flush only; the request commits.

The rules are the Patent Law's (2020) art. 50–51 and its Implementing Regulations' (2023)
art. 85–86; each refusal names the article.
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from exchange import signals
from exchange.access import belongs_to_studio, require
from exchange.access import openlicences as access
from exchange.achievements import services as achievements
from exchange.achievements.kinds import AchievementType, LegalStatus, State
from exchange.agreements import legal
from exchange.agreements.kinds import (
    AgreementState,
    DealType,
    Exclusivity,
    PaymentKind,
    VersionState,
)
from exchange.agreements.models import Agreement, AgreementVersion
from exchange.agreements.services import default_beneficiaries
from exchange.audit import services as audit
from exchange.db_types import local_today, utcnow
from exchange.extensions import db
from exchange.navigation import path_for
from exchange.notifications import services as notifications
from exchange.openlicences import documents
from exchange.openlicences.kinds import FEE_METHODS, IN_FORCE, Art86, DeclarationState
from exchange.openlicences.models import Declaration, DeclaredShare
from exchange.services_base import DomainError, insert_once

NEEDS_REPORT = (AchievementType.UTILITY_MODEL, AchievementType.DESIGN_PATENT)
PATENTS = (AchievementType.INVENTION_PATENT, *NEEDS_REPORT)
EXCLUSIVE = (Exclusivity.EXCLUSIVE, Exclusivity.SOLE)
S = DeclarationState


def eligibility_problem(achievement) -> str | None:
    """Why this achievement cannot carry a declaration, or None (art. 85: after grant)."""
    if achievement.type not in PATENTS or not achievement.patent_number:
        return _l("Only a patent with its number can be offered under an open licence.")
    if achievement.legal_status != LegalStatus.GRANTED:
        return _l("Art. 85 of the Implementing Regulations: an open licence is declared "
                  "once the patent is granted and in force (法律状态 有效).")
    if achievement.state != State.PUBLISHED:
        return _l("Publish the achievement first: an open licence is offered to everyone.")
    return None


def exclusive_in_force(achievement_id: int) -> Agreement | None:
    """An active agreement whose terms in force give an exclusive or sole licence."""
    return db.session.execute(
        db.select(Agreement).join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id)
        .where(Agreement.achievement_id == achievement_id,
               Agreement.state == AgreementState.ACTIVE,
               AgreementVersion.state == VersionState.APPROVED,
               AgreementVersion.deal_type == DealType.LICENSE,
               AgreementVersion.exclusivity.in_(EXCLUSIVE))).scalars().first()


def art86_problem(achievement) -> str | None:
    found = exclusive_in_force(achievement.id)
    if found is None:
        return None
    return _l("Art. 86 of the Implementing Regulations: no open licence may be declared "
              "while an exclusive or sole licence is in force (agreement %(code)s).",
              code=found.code)


def in_force_on(achievement_id: int) -> Declaration | None:
    return db.session.execute(db.select(Declaration).where(
        Declaration.achievement_id == achievement_id,
        Declaration.state.in_(IN_FORCE))).scalars().first()


def live_on(achievement_id: int) -> Declaration | None:
    """The declaration on this patent that is not withdrawn (at most one)."""
    return db.session.execute(db.select(Declaration).where(
        Declaration.achievement_id == achievement_id,
        Declaration.state != S.WITHDRAWN)).scalars().first()


def shown_on(user, achievement) -> Declaration | None:
    """The declaration an achievement's page shows this user: the one in force (marked on
    the achievement, so most pages ask nothing more), or for its studio and the union the
    one under way."""
    if access.can_review(user) or belongs_to_studio(user, achievement.studio_id):
        return live_on(achievement.id)
    marked = achievement.open_licence
    return db.session.get(Declaration, marked["declaration_id"]) if marked else None


def _veto_exclusive(version, **_kwargs):
    """Patent Law art. 51, the other way: no exclusive or sole licence comes into force
    on a patent while an open licence on it is in force."""
    agreement = version.agreement
    if version.deal_type != DealType.LICENSE or version.exclusivity not in EXCLUSIVE:
        return None
    declaration = in_force_on(agreement.achievement_id)
    if declaration is None:
        return None
    return _l("Art. 51 of the Patent Law: while the open licence %(code)s is in force, no "
              "exclusive or sole licence may be given on this patent; an ordinary licence "
              "can be.", code=declaration.code)


def _veto_report_removal(attachment, **_kwargs):
    """The evaluation report stays while its declaration is not withdrawn (art. 50)."""
    declaration = live_on(attachment.achievement_id)
    if declaration is None or declaration.evaluation_report_id != attachment.id:
        return None
    return _l("This file is the patent evaluation report of open-licence declaration "
              "%(code)s: it stays while the declaration does.", code=declaration.code)


def init_app(app) -> None:
    signals.agreement_activating.connect(_veto_exclusive)
    signals.attachment_removing.connect(_veto_report_removal)
    app.add_template_global(documents.fee_standard, "fee_standard")


def start(achievement, actor) -> Declaration:
    """A draft with the achievement's price and the agreements' default split."""
    require(access.can_prepare(actor, achievement.studio_id), "not the studio's leader")
    problem = eligibility_problem(achievement) or art86_problem(achievement)
    if problem:
        raise DomainError(problem)
    if live_on(achievement.id) is not None:
        raise DomainError(_l("This patent already has an open-licence declaration."))
    studio, today = achievement.studio, local_today()
    price = None if achievement.price_negotiable else achievement.price_fen
    declaration = Declaration(
        achievement=achievement, studio_id=studio.id, patentee=studio.employer_unit,
        patentee_email=studio.contact_email or actor.email,
        payment_kind=PaymentKind.LUMP_SUM, amount_fen=price, payment_days=30,
        term_start=today, term_end=date(today.year + 3, 12, 31), created_by_id=actor.id,
        beneficiaries=[DeclaredShare(position=row.position, kind=row.kind, name=row.name,
                                     user_id=row.user_id, share_bp=row.share_bp)
                       for row in default_beneficiaries(achievement, studio)])
    # One live declaration per patent (a unique index): a double click makes one.
    if insert_once(declaration) is not None:
        raise DomainError(_l("This patent already has an open-licence declaration."))
    return declaration


def _editable(declaration: Declaration, actor) -> None:
    require(access.can_prepare(actor, declaration.studio_id), "not the studio's leader")
    if declaration.state != S.DRAFT:
        raise DomainError(_l("Only a declaration being prepared can be changed."))


def save(declaration: Declaration, terms, actor) -> None:
    """Store the form's terms (`forms.DeclaredTerms`)."""
    _editable(declaration, actor)
    studio_people = {u.id for u in achievements.studio_members(declaration.studio_id)}
    if any(p["user_id"] and p["user_id"] not in studio_people for p in terms.beneficiaries):
        raise DomainError(_l("An inventor's account must belong to the studio."),
                          field="beneficiaries")
    report = terms.evaluation_report_id
    if report and report not in {a.id for a in declaration.achievement.attachments}:
        raise DomainError(_l("Choose one of the achievement's attachments."),
                          field="evaluation_report_id")
    for name in ("patentee", "patentee_email", "payment_kind", "amount_fen", "entry_fee_fen",
                 "royalty_rate_bp", "royalty_base", "royalty_period", "payment_days",
                 "term_start", "term_end", "notes", "evaluation_report_id"):
        setattr(declaration, name, getattr(terms, name))
    declaration.beneficiaries.clear()
    db.session.flush()
    declaration.beneficiaries = [DeclaredShare(position=i, **person)
                                 for i, person in enumerate(terms.beneficiaries)]
    db.session.flush()


def warnings(declaration: Declaration) -> list[legal.LegalWarning]:
    return legal.warnings_for(DealType.LICENSE, declaration.beneficiaries,
                              declaration.achievement)


def upfront_fen(declaration: Declaration) -> int:
    """What a licensee pays before any royalty: the one-off fee or the entry fee."""
    if declaration.payment_kind == PaymentKind.LUMP_SUM:
        return declaration.amount_fen or 0
    return declaration.entry_fee_fen or 0


def submit(declaration: Declaration, actor, confirmed: list[str], acknowledged: bool) -> None:
    _editable(declaration, actor)
    achievement = declaration.achievement
    problem = eligibility_problem(achievement) or art86_problem(achievement)
    if problem:
        raise DomainError(problem)
    if achievement.type in NEEDS_REPORT and declaration.evaluation_report_id is None:
        raise DomainError(_l("Art. 50 of the Patent Law: a utility model or design needs "
                             "its patent evaluation report (专利权评价报告); attach it to the "
                             "achievement and choose it here."), field="evaluation_report_id")
    if declaration.payment_kind not in FEE_METHODS:
        raise DomainError(_l("Choose how the fee is paid."), field="payment_kind")
    kind = declaration.payment_kind
    if (kind == PaymentKind.LUMP_SUM and declaration.amount_fen is None) \
            or (kind == PaymentKind.ENTRY_FEE_ROYALTY and declaration.entry_fee_fen is None) \
            or (kind.has_royalty and not (declaration.royalty_rate_bp and declaration.royalty_base
                                          and declaration.royalty_period)):
        raise DomainError(_l("Art. 50 of the Patent Law: the declaration states the fee's "
                             "standard. Edit the terms and give the fee."), field="payment_kind")
    if declaration.total_share_bp != 10000:
        raise DomainError(_l("The beneficiaries' shares must add up to 100%."))
    if set(confirmed) != {a.value for a in Art86}:
        raise DomainError(_l("Art. 86 of the Implementing Regulations: confirm each of these "
                             "facts; the union cannot check them here."), field="confirm")
    found = warnings(declaration)
    if found and not acknowledged:
        raise DomainError(_l("Acknowledge the legal-minimum warnings before submitting."),
                          field="acknowledge")
    declaration.confirmations = sorted(confirmed)
    declaration.acknowledged_warnings = [w.code for w in found]
    _move(declaration, actor, S.SUBMITTED, "declaration.submitted")
    declaration.submitted_at, declaration.return_reason = utcnow(), ""
    notifications.notify_staff("declaration_submitted", _link(declaration),
                               title=achievement.title)
    db.session.flush()


def _link(declaration: Declaration) -> str:
    return path_for("openlicences.detail", declaration_id=declaration.id)


def _move(declaration: Declaration, actor, to: DeclarationState, action: str,
          reason: str = "", **after) -> None:
    before = declaration.state
    declaration.state = to
    audit.record(actor, action, "declaration", declaration.id, before={"state": before},
                 after={"state": to, **after}, reason=reason)


def _tell_studio(declaration: Declaration, kind: str, **params) -> None:
    for person in achievements.studio_members(declaration.studio_id):
        if access.can_prepare(person, declaration.studio_id):
            notifications.notify(person.id, kind, link=_link(declaration),
                                 title=declaration.achievement.title, **params)


def _reviewing(declaration: Declaration, actor, *states: DeclarationState) -> None:
    require(access.can_review(actor), "union staff review declarations")
    if declaration.state not in states:
        raise DomainError(_l("This step does not apply to the declaration as it stands."))


def record_consent(declaration: Declaration, actor, note: str) -> None:
    """The employer unit (usually the patentee) consents in writing; staff say where
    that document is. Whoever records it does not approve (four eyes)."""
    _reviewing(declaration, actor, S.SUBMITTED)
    if not note.strip():
        raise DomainError(_l("Say where the employer unit's written consent is (document "
                             "number, date)."), field="reason")
    declaration.consent_note, declaration.consent_by_id = note.strip(), actor.id
    audit.record(actor, "declaration.consent", "declaration", declaration.id,
                 before={"consent": ""}, after={"consent": note.strip()})
    db.session.flush()


def approve(declaration: Declaration, actor) -> None:
    _reviewing(declaration, actor, S.SUBMITTED)
    if not declaration.consent_by_id:
        raise DomainError(_l("Record the employer unit's written consent first."))
    if access.made(actor, declaration):
        raise DomainError(_l("You recorded the consent to this declaration, so another union "
                             "staff member must approve it (four eyes)."))
    problem = art86_problem(declaration.achievement)
    if problem:
        raise DomainError(problem)
    declaration.approved_by_id, declaration.approved_at = actor.id, utcnow()
    _move(declaration, actor, S.APPROVED, "declaration.approved", approved_by=actor.id)
    _tell_studio(declaration, "declaration_approved")
    db.session.flush()


def send_back(declaration: Declaration, actor, reason: str) -> None:
    _reviewing(declaration, actor, S.SUBMITTED)
    if not reason.strip():
        raise DomainError(_l("Give the reason for returning."), field="reason")
    declaration.return_reason = reason.strip()
    declaration.consent_note, declaration.consent_by_id = "", None
    _move(declaration, actor, S.DRAFT, "declaration.returned", reason=reason.strip())
    _tell_studio(declaration, "declaration_returned", reason=reason.strip())
    db.session.flush()


def _announced(declaration: Declaration, actor, on: date | None, number: str, *,
               step: DeclarationState, to: DeclarationState, action: str, kind: str) -> str:
    """CNIPA announced this step (the declaration, or its withdrawal): checked, moved,
    audited and told. Returns the announcement's number."""
    _reviewing(declaration, actor, step)
    if on is None or on > local_today():
        raise DomainError(_l("Give the day CNIPA announced it (not in the future)."),
                          field="on")
    number = number.strip()
    if not number:
        raise DomainError(_l("Give the announcement's number."), field="number")
    _move(declaration, actor, to, action, on=on, number=number)
    _tell_studio(declaration, kind)
    return number


def record_announcement(declaration: Declaration, actor, on: date | None, number: str) -> None:
    """CNIPA announced the declaration: from now on anyone may take the licence."""
    declaration.announcement_number = _announced(
        declaration, actor, on, number, step=S.APPROVED, to=S.EFFECTIVE,
        action="declaration.announced", kind="declaration_effective")
    declaration.announced_on = on
    achievements.set_open_licence(declaration.achievement, declaration.payment_kind.value,
                                  upfront_fen(declaration), declaration.id)


def request_withdrawal(declaration: Declaration, actor, reason: str) -> None:
    require(access.can_prepare(actor, declaration.studio_id), "not the studio's leader")
    if declaration.state != S.EFFECTIVE:
        raise DomainError(_l("Only a declaration in force can be withdrawn."))
    if not reason.strip():
        raise DomainError(_l("Give the reason for withdrawing."), field="reason")
    declaration.withdrawal_reason = reason.strip()
    _move(declaration, actor, S.WITHDRAWAL_REQUESTED, "declaration.withdrawal_requested",
          reason=reason.strip())
    notifications.notify_staff("declaration_withdrawal", _link(declaration),
                               title=declaration.achievement.title)
    db.session.flush()


def approve_withdrawal(declaration: Declaration, actor) -> None:
    _reviewing(declaration, actor, S.WITHDRAWAL_REQUESTED)
    declaration.withdrawal_approved_by_id = actor.id
    _move(declaration, actor, S.WITHDRAWAL_APPROVED, "declaration.withdrawal_approved")
    db.session.flush()


def record_withdrawal(declaration: Declaration, actor, on: date | None, number: str) -> None:
    """CNIPA announced the withdrawal: no new licences; those given stay (art. 50)."""
    declaration.withdrawal_number = _announced(
        declaration, actor, on, number, step=S.WITHDRAWAL_APPROVED, to=S.WITHDRAWN,
        action="declaration.withdrawn", kind="declaration_withdrawn")
    declaration.withdrawn_on = on
    achievements.set_open_licence(declaration.achievement, None)
