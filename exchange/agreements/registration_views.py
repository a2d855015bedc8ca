"""技术合同认定登记 pages: an agreement's registration sheet (page and XLSX), the staff's
record of the registration, and the agreements not yet registered."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange import downloads
from exchange.access import agreements as access
from exchange.access import get_visible
from exchange.agreements import registration
from exchange.agreements.forms import RegistrationForm
from exchange.agreements.models import Agreement
from exchange.auth.permissions import STAFF_ROLES, login_required, roles_required
from exchange.extensions import db
from exchange.money import fen_to_input
from exchange.views_common import attempt


def _load(agreement_id: int) -> Agreement:
    agreement = get_visible(Agreement, agreement_id, access.can_view)
    if not access.can_read_registration_sheet(current_user, agreement):
        abort(403)
    return agreement


def _page(agreement: Agreement, form: RegistrationForm):
    return render_template("agreements/registration.html", agreement=agreement,
                           sheet=registration.sheet(agreement), form=form,
                           can_record=access.can_register(current_user)
                           and agreement.registration is None
                           and agreement.state in registration.REGISTRABLE)


@login_required
def sheet(agreement_id: int):
    agreement = _load(agreement_id)
    form = RegistrationForm()
    form.amount.data = fen_to_input(registration.default_amount(agreement))
    return _page(agreement, form)


@login_required
def sheet_xlsx(agreement_id: int):
    agreement = _load(agreement_id)
    return downloads.send_tables([registration.sheet_table(agreement)],
                                 f"registration-{agreement.code}", "xlsx",
                                 title=_("Registration sheet %(code)s", code=agreement.code))


@roles_required(*STAFF_ROLES)
def record_registration(agreement_id: int):
    agreement = _load(agreement_id)
    form = RegistrationForm()
    if form.validate_on_submit():
        made, _row = attempt(lambda: registration.record_registration(
            agreement, current_user, number=form.number.data, on=form.registered_on.data,
            office=form.office.data, amount_fen=form.amount_fen),
            lambda _r: _("Registration recorded."), form)
        if made:
            return redirect(url_for("agreements.sheet", agreement_id=agreement.id))
    return _page(agreement, form)


@roles_required(*STAFF_ROLES)
def unregistered():
    page = db.paginate(registration.unregistered(), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    return render_template("agreements/unregistered.html", page=page)
