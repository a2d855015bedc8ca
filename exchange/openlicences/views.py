"""Open-licence pages: the catalogue, a declaration and its steps, taking a licence, and
the documents (declaration PDF, art. 87 filing pack)."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange import downloads
from exchange.access import STUDIO_ROLES, get_visible, is_staff
from exchange.access import agreements as agreement_access
from exchange.access import openlicences as access
from exchange.achievements import services as achievements
from exchange.achievements.models import Achievement
from exchange.agreements import statements
from exchange.agreements.forms import ReasonForm
from exchange.auth.permissions import STAFF_ROLES, login_required, public, roles_required
from exchange.extensions import db
from exchange.i18n import punctuation
from exchange.openlicences import catalogue, documents, licences, services
from exchange.openlicences.forms import AnnouncementForm, DeclarationForm, SubmitForm, TakeForm
from exchange.openlicences.kinds import IN_FORCE, DeclarationState
from exchange.openlicences.models import Declaration, OpenLicence
from exchange.pagination import keep_in_range, requested_page
from exchange.search import services as search
from exchange.views_common import attempt
from ledger.core import AccountKind

PER_PAGE = 10
# step -> (service call, form class, success message); the service checks who may.
STEPS = {
    "consent": (lambda d, f: services.record_consent(d, current_user, f.reason.data or ""),
                ReasonForm, lambda: _("The employer unit's consent is recorded; another "
                                      "staff member approves.")),
    "approve": (lambda d, f: services.approve(d, current_user), ReasonForm,
                lambda: _("Approved: the patentee files the declaration with CNIPA.")),
    "return": (lambda d, f: services.send_back(d, current_user, f.reason.data or ""),
               ReasonForm, lambda: _("Returned to the studio.")),
    "announce": (lambda d, f: services.record_announcement(d, current_user, f.on.data,
                                                           f.number.data or ""),
                 AnnouncementForm, lambda: _("The open licence is in force and in the "
                                             "catalogue.")),
    "withdraw": (lambda d, f: services.request_withdrawal(d, current_user,
                                                          f.reason.data or ""),
                 ReasonForm, lambda: _("Withdrawal requested: the union reviews it.")),
    "approve-withdrawal": (lambda d, f: services.approve_withdrawal(d, current_user),
                           ReasonForm, lambda: _("Withdrawal approved: the patentee files "
                                                 "it with CNIPA.")),
    "record-withdrawal": (lambda d, f: services.record_withdrawal(d, current_user, f.on.data,
                                                                  f.number.data or ""),
                          AnnouncementForm, lambda: _("The open licence is withdrawn; "
                                                      "licences already taken stay in force.")),
}


def load(declaration_id: int) -> Declaration:
    return get_visible(Declaration, declaration_id, access.can_view)


def _detail(declaration: Declaration):
    return redirect(url_for("openlicences.detail", declaration_id=declaration.id))


@public
def index():
    text = (request.args.get("q") or "").strip()[:200]
    found = catalogue.query(text, request.args, requested_page(), PER_PAGE)
    results, rows = catalogue.run(found)
    pages = max(1, -(-results.total // PER_PAGE))
    keep_in_range(found.page, pages)
    return render_template("openlicences/index.html", results=results, rows=rows,
                           query=found, text=text, pages=pages, labels=search.facet_labels())


@public
def detail(declaration_id: int):
    declaration = load(declaration_id)
    leader = access.can_prepare(current_user, declaration.studio_id)
    staff = access.can_review(current_user)
    taken = declaration.licences if (staff or leader) else [
        licence for licence in declaration.licences
        if agreement_access.can_view(current_user, licence.agreement)]
    received = statements.balances(AccountKind.REVENUE,
                                   [licence.agreement.code for licence in taken])
    return render_template(
        "openlicences/detail.html", declaration=declaration, facts=documents.facts(declaration),
        leader=leader, staff=staff, made=access.made(current_user, declaration),
        warnings=services.warnings(declaration), taken=taken, received=received,
        can_take=declaration.state in IN_FORCE and access.can_take(current_user),
        in_force=declaration.state in IN_FORCE, S=DeclarationState,
        submit_form=SubmitForm(), reason_form=ReasonForm(), announce_form=AnnouncementForm())


@roles_required(*STAFF_ROLES)
def review():
    waiting = (DeclarationState.SUBMITTED, DeclarationState.APPROVED,
               DeclarationState.WITHDRAWAL_REQUESTED, DeclarationState.WITHDRAWAL_APPROVED)
    page = db.paginate(db.select(Declaration).where(Declaration.state.in_(waiting))
                       .order_by(Declaration.submitted_at, Declaration.id),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("openlicences/review.html", page=page)


@roles_required(*STUDIO_ROLES)
def studio():
    """The studio's own declarations in every state, newest first."""
    page = db.paginate(db.select(Declaration)
                       .where(Declaration.studio_id == current_user.studio_id)
                       .order_by(Declaration.id.desc()),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("openlicences/studio.html", page=page)


@login_required
def start(achievement_id: int):
    achievement = db.get_or_404(Achievement, achievement_id)
    if not access.can_prepare(current_user, achievement.studio_id):
        abort(403)
    if not ReasonForm().validate_on_submit():
        abort(400)
    made, declaration = attempt(lambda: services.start(achievement, current_user))
    if not made:
        return redirect(url_for("achievements.detail", achievement_id=achievement.id))
    return redirect(url_for("openlicences.edit", declaration_id=declaration.id))


@login_required
def edit(declaration_id: int):
    declaration = load(declaration_id)
    if not access.can_prepare(current_user, declaration.studio_id):
        abort(403)
    if declaration.state != DeclarationState.DRAFT:
        flash(_("Only a declaration being prepared can be changed."), "warning")
        return _detail(declaration)
    form = DeclarationForm(accounts=achievements.studio_members(declaration.studio_id),
                           attachments=declaration.achievement.attachments)
    if request.method == "GET":
        form.fill_from_declaration(declaration)
    elif form.validate_on_submit():
        saved, _result = attempt(lambda: services.save(declaration, form.declared,
                                                       current_user),
                                 lambda _r: _("Declaration saved."), form)
        if saved:
            return _detail(declaration)
    return render_template("openlicences/edit.html", declaration=declaration, form=form)


@login_required
def submit(declaration_id: int):
    declaration = load(declaration_id)
    form = SubmitForm()
    if form.validate_on_submit():
        attempt(lambda: services.submit(declaration, current_user, form.confirm.data or [],
                                        form.acknowledge.data),
                lambda _r: _("Submitted: the union reviews the declaration."))
    return _detail(declaration)


@login_required
def step(declaration_id: int, name: str):
    declaration = load(declaration_id)
    if name not in STEPS:
        abort(404)
    change, form_class, done = STEPS[name]
    form = form_class()
    if not form.validate_on_submit():
        for field, errors in form.errors.items():
            label = form[field].label.text if field in form else ""
            flash(label + punctuation("colon") + " ".join(str(e) for e in errors), "danger")
        return _detail(declaration)
    attempt(lambda: change(declaration, form), lambda _r: done())
    return _detail(declaration)


@public
def text(declaration_id: int):
    declaration = load(declaration_id)
    return render_template("openlicences/text.html", declaration=declaration,
                           facts=documents.facts(declaration))


@public
def pdf(declaration_id: int):
    declaration = load(declaration_id)
    return downloads.send(documents.declaration_pdf(declaration),
                          f"开放许可声明-{declaration.code}.pdf", "application/pdf",
                          fallback=f"open-licence-{declaration.code}.pdf")


@login_required
def take(declaration_id: int):
    declaration = load(declaration_id)
    if not access.can_take(current_user):
        abort(403)
    form = TakeForm()
    if form.validate_on_submit():
        made, licence = attempt(lambda: licences.take(declaration, current_user,
                                                      form.confirm.data),
                                lambda _r: _("You hold the licence once the first payment "
                                             "is recorded; the notice went to the "
                                             "patentee."), form)
        if made:
            return redirect(url_for("agreements.detail", agreement_id=licence.agreement_id))
    return render_template("openlicences/take.html", declaration=declaration, form=form,
                           facts=documents.facts(declaration),
                           in_force=declaration.state in IN_FORCE)


@login_required
def filing_pack(licence_id: int):
    licence = db.get_or_404(OpenLicence, licence_id)
    if not (is_staff(current_user)
            or agreement_access.party_of(current_user, licence.agreement) is not None):
        abort(404)
    return downloads.send(documents.filing_pack(licence), f"开放许可备案-{licence.code}.zip",
                          "application/zip", fallback=f"open-licence-filing-{licence.code}.zip")
