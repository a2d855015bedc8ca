"""Agreement pages: list, detail, terms, and the steps of the life cycle."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.access import agreements as access
from exchange.access import get_visible, is_staff
from exchange.agreements import money, registration, services, statements
from exchange.agreements.forms import (
    AcceptForm,
    MoneyForm,
    ProposeForm,
    ReasonForm,
    ReverseForm,
    RoyaltyReportForm,
    TermsForm,
)
from exchange.agreements.kinds import AgreementState, Party, VersionState
from exchange.agreements.models import Agreement, AgreementVersion
from exchange.agreements.schedule import hold_against
from exchange.auth.permissions import STAFF_ROLES, login_required, roles_required
from exchange.db_types import local_today
from exchange.extensions import db
from exchange.inputs import db_int
from exchange.inquiries.models import Inquiry
from exchange.openlicences import licences
from exchange.views_common import attempt
from ledger.core import AccountKind


def load(agreement_id: int) -> Agreement:
    return get_visible(Agreement, agreement_id, access.can_view)


def _version(agreement: Agreement, number: int) -> AgreementVersion:
    version = next((v for v in agreement.versions if v.number == number), None)
    if version is None:
        abort(404)
    return version


def _detail(agreement: Agreement, anchor: str = ""):
    return redirect(url_for("agreements.detail", agreement_id=agreement.id) + anchor)


def apply(agreement: Agreement, change, success: str, anchor: str = ""):
    """Run a life-cycle step (views_common.attempt), then back to the agreement."""
    attempt(change, lambda _result: success)
    return _detail(agreement, anchor)


@login_required
def index():
    query = access.visible_to(current_user)
    state = request.args.get("state", "")
    if state in {s.value for s in AgreementState}:
        query = query.where(Agreement.state == AgreementState(state))
    # The programme dashboard links here by deal type and the year agreements came into force.
    query = access.filter_by_deal(query, request.args.get("deal_type", ""),
                                    request.args.get("year", type=db_int))
    page = db.paginate(query.order_by(Agreement.id.desc()),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    received = statements.balances(AccountKind.REVENUE, [a.code for a in page.items])
    overdue = {a.id: sum(s.status == "overdue" for s in hold_against(
        a.in_force.installments, received.get(a.code, 0), local_today()))
        for a in page.items if a.state == AgreementState.ACTIVE and a.in_force}
    return render_template("agreements/index.html", page=page, state=state,
                           states=list(AgreementState), received=received, overdue=overdue)


@roles_required(*STAFF_ROLES)
def create(inquiry_id: int):
    inquiry = db.get_or_404(Inquiry, inquiry_id)
    if not ReasonForm().validate_on_submit():
        abort(400)
    made, agreement = attempt(
        lambda: services.create_from_inquiry(inquiry, current_user),
        lambda _agreement: _("Agreement drafted from the inquiry: complete the terms."))
    if not made:
        return redirect(url_for("inquiries.detail", inquiry_id=inquiry.id))
    return redirect(url_for("agreements.edit", agreement_id=agreement.id, number=1))


@login_required
def detail(agreement_id: int):
    agreement = load(agreement_id)
    in_force, pending = agreement.in_force, agreement.pending
    shown = in_force or pending or agreement.versions[-1]
    received = statements.revenue(agreement)
    page = statements.paginate_rows(statements.agreement_transactions(agreement),
                                    request.args.get("page", 1, type=db_int),
                                    current_app.config["PER_PAGE"])
    return render_template(
        "agreements/detail.html", agreement=agreement, version=shown, pending=pending,
        in_force=in_force, shares=statements.shares(statements.approved_beneficiaries(agreement)),
        received=received, schedule=hold_against(shown.installments, received, local_today()),
        entries=page, warnings=services.warnings(pending) if pending else [],
        party=access.party_of(current_user, agreement),
        mediator=access.is_mediator(current_user, agreement),
        staff=is_staff(current_user), Party=Party, VersionState=VersionState,
        mediates=bool(pending) and access.mediates(current_user, pending),
        accept_form=AcceptForm(), licence=licences.licence_of(agreement.id),
        can_sheet=access.can_read_registration_sheet(current_user, agreement)
        and agreement.state in registration.REGISTRABLE,
        AgreementState=AgreementState, propose_form=ProposeForm(), reason_form=ReasonForm(),
        report_form=RoyaltyReportForm(), money_form=MoneyForm(), reverse_form=ReverseForm())


@roles_required(*STAFF_ROLES)
def edit(agreement_id: int, number: int):
    agreement = load(agreement_id)
    version = _version(agreement, number)
    if not access.is_mediator(current_user, agreement):
        abort(403)
    if version.state != VersionState.DRAFT:
        flash(_("Only a draft can be changed; an accepted version never changes."), "warning")
        return _detail(agreement)
    form = TermsForm(accounts=services.studio_accounts(agreement))
    if request.method == "GET":
        form.fill_from(version)
    elif form.validate_on_submit():
        ok, _none = attempt(
            lambda: services.save_terms(version, form.terms, current_user),
            lambda _result: _("Terms saved. Propose them to the parties when they are "
                              "complete."), form)
        if ok:
            return _detail(agreement, "#pending")
    return render_template("agreements/edit.html", agreement=agreement, version=version,
                           form=form)


def _step(agreement_id: int, number: int, form_class=ReasonForm):
    agreement = load(agreement_id)
    version = _version(agreement, number)
    form = form_class()
    if not form.validate_on_submit():
        abort(400)
    return agreement, version, form


@roles_required(*STAFF_ROLES)
def propose(agreement_id: int, number: int):
    agreement, version, form = _step(agreement_id, number, ProposeForm)
    return apply(agreement, lambda: services.propose(version, current_user,
                                                     bool(form.acknowledge.data)),
                 _("Terms proposed to the parties."), "#pending")


@roles_required(*STAFF_ROLES)
def withdraw(agreement_id: int, number: int):
    agreement, version, _form = _step(agreement_id, number)
    return apply(agreement, lambda: services.withdraw_proposal(version, current_user),
                 _("The proposal is a draft again."), "#pending")


@login_required
def accept(agreement_id: int, number: int):
    agreement, version, form = _step(agreement_id, number, AcceptForm)
    try:
        party = Party(request.form.get("party", ""))
    except ValueError:
        abort(400)
    return apply(agreement, lambda: services.accept(version, current_user, party,
                                                    form.reason.data or "",
                                                    confirmed=bool(form.confirm.data)),
                 _("Acceptance recorded."), "#pending")


@login_required
def request_changes(agreement_id: int, number: int):
    agreement, version, form = _step(agreement_id, number)
    return apply(agreement, lambda: services.request_changes(version, current_user,
                                                             form.reason.data or ""),
                 _("Your request went to the mediator."), "#pending")


@roles_required(*STAFF_ROLES)
def approve(agreement_id: int, number: int):
    agreement, version, _form = _step(agreement_id, number)
    return apply(agreement, lambda: services.approve(version, current_user),
                 _("Approved: these terms are now in force."))


@roles_required(*STAFF_ROLES)
def refuse(agreement_id: int, number: int):
    agreement, version, form = _step(agreement_id, number)
    return apply(agreement, lambda: services.refuse(version, current_user,
                                                    form.reason.data or ""),
                 _("Approval refused; the mediator can start a new version."))


@roles_required(*STAFF_ROLES)
def amend(agreement_id: int):
    agreement = load(agreement_id)
    if not ReasonForm().validate_on_submit():
        abort(400)
    started, version = attempt(
        lambda: services.start_version(agreement, current_user),
        lambda new: _("Version %(n)d started from the current terms.", n=new.number))
    if not started:
        return _detail(agreement)
    return redirect(url_for("agreements.edit", agreement_id=agreement.id, number=version.number))


@roles_required(*STAFF_ROLES)
def close(agreement_id: int):
    agreement = load(agreement_id)
    form = ReasonForm()
    target = request.form.get("state", "")
    if not form.validate_on_submit() or target not in (AgreementState.COMPLETED,
                                                       AgreementState.TERMINATED):
        abort(400)
    state = AgreementState(target)
    return apply(agreement, lambda: services.close(agreement, current_user, state,
                                                   form.reason.data or ""),
                 _("The agreement is now %(state)s.", state=state.label))


@roles_required(*STAFF_ROLES)
def report(agreement_id: int, line_id: int):
    agreement = load(agreement_id)
    line = next((i for i in agreement.in_force.installments if i.id == line_id), None) \
        if agreement.in_force else None
    if line is None:
        abort(404)
    form = RoyaltyReportForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "danger")
        return _detail(agreement, "#schedule")
    return apply(agreement, lambda: money.report_royalty(agreement, line, current_user,
                                                         form.base_fen),
                 _("Royalty report recorded."), "#schedule")
