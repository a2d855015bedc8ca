"""Money pages of an agreement (union staff): receipts, payouts, reversals."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.agreements import money, statements
from exchange.agreements.forms import PayoutForm, ReceiptForm, ReverseForm
from exchange.agreements.kinds import AgreementState
from exchange.agreements.views import load
from exchange.auth.permissions import STAFF_ROLES, roles_required
from exchange.extensions import db
from exchange.money import format_yuan
from exchange.views_common import attempt


def _active(agreement_id: int):
    agreement = load(agreement_id)
    if agreement.state != AgreementState.ACTIVE:
        flash(_("Money is recorded only on an active agreement."), "warning")
        return agreement, False
    return agreement, True


def _record(agreement, form, post, success: str):
    """Post a money form through the request boundary: None (show the form again) when a
    rule or the ledger refuses, else back to the entries, saying so when the idempotency
    key found the entry already posted."""
    ok, _posted = attempt(post, lambda posted: (
        _("This form had already been submitted: it was recorded once."), "info")
        if posted.replayed else success, form)
    if not ok:
        return None
    return redirect(url_for("agreements.detail", agreement_id=agreement.id) + "#money")


@roles_required(*STAFF_ROLES)
def receipt(agreement_id: int):
    agreement, active = _active(agreement_id)
    if not active:
        return redirect(url_for("agreements.detail", agreement_id=agreement.id))
    form = ReceiptForm()
    if form.validate_on_submit():
        done = _record(agreement, form, lambda: money.record_receipt(
            agreement, current_user, key=form.key.data, amount_fen=form.amount_fen,
            on=form.on.data, reference=form.reference.data.strip()),
            _("Receipt of ¥%(amount)s recorded and shared out.",
              amount=format_yuan(form.amount_fen)))
        if done:
            return done
    return render_template("agreements/money_form.html", agreement=agreement, form=form,
                           title=_("Record a receipt"), shares=agreement.in_force.beneficiaries)


@roles_required(*STAFF_ROLES)
def payout(agreement_id: int):
    agreement, active = _active(agreement_id)
    if not active:
        return redirect(url_for("agreements.detail", agreement_id=agreement.id))
    rows = statements.shares(statements.approved_beneficiaries(agreement))
    form = PayoutForm()
    form.beneficiary_id.choices = [
        (str(r.beneficiary.id), _("%(name)s · %(kind)s · payable ¥%(amount)s",
                                  name=r.beneficiary.name, kind=r.beneficiary.kind.label,
                                  amount=format_yuan(r.payable)))
        for r in rows if r.payable > 0]
    if form.validate_on_submit():
        done = _record(agreement, form, lambda: money.record_payout(
            agreement, current_user, key=form.key.data,
            beneficiary_id=int(form.beneficiary_id.data), amount_fen=form.amount_fen,
            on=form.on.data, reference=(form.reference.data or "").strip()),
            _("Payout of ¥%(amount)s recorded.", amount=format_yuan(form.amount_fen)))
        if done:
            return done
    return render_template("agreements/money_form.html", agreement=agreement, form=form,
                           title=_("Record a payout"), payable=rows)


@roles_required(*STAFF_ROLES)
def reverse(agreement_id: int, entry_id: int):
    agreement, active = _active(agreement_id)
    entry = db.session.execute(statements.agreement_transactions(agreement).where(
        statements.TRANSACTIONS.c.id == entry_id)).first()
    if entry is None:
        abort(404)
    if not active:
        return redirect(url_for("agreements.detail", agreement_id=agreement.id))
    form = ReverseForm()
    if form.validate_on_submit():
        done = _record(agreement, form, lambda: money.reverse(
            agreement, current_user, key=form.key.data, original_key=entry.key,
            reason=form.reason.data.strip()), _("Entry reversed."))
        if done:
            return done
    return render_template("agreements/reverse.html", agreement=agreement, form=form,
                           entry=entry)
