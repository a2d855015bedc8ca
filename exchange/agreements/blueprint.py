"""Every URL of agreements: 效益共享协议: agreements, their terms and versions, their money
(money_views).

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.agreements import money_views, registration_views, statement_views, views

bp = Blueprint("agreements", __name__)
# The ledger pages (statements, trial balance, the book) read what the agreements
# post; their own blueprint, their own names.
ledger_bp = Blueprint("ledger", __name__)

bp.add_url_rule("/agreements/", view_func=views.index)
bp.add_url_rule("/agreements/unregistered", view_func=registration_views.unregistered)
bp.add_url_rule("/agreements/<int:agreement_id>/registration", view_func=registration_views.sheet)
bp.add_url_rule("/agreements/<int:agreement_id>/registration.xlsx",
                view_func=registration_views.sheet_xlsx)
bp.add_url_rule("/agreements/<int:agreement_id>/registration", methods=["POST"],
                view_func=registration_views.record_registration)
bp.add_url_rule("/inquiries/<int:inquiry_id>/agreement", methods=["POST"], view_func=views.create)
bp.add_url_rule("/agreements/<int:agreement_id>", view_func=views.detail)
bp.add_url_rule(
    "/agreements/<int:agreement_id>/versions/<int:number>/edit",
    methods=["GET", "POST"],
    view_func=views.edit,
)
bp.add_url_rule(
    "/agreements/<int:agreement_id>/versions/<int:number>/propose",
    methods=["POST"],
    view_func=views.propose,
)
bp.add_url_rule(
    "/agreements/<int:agreement_id>/versions/<int:number>/withdraw",
    methods=["POST"],
    view_func=views.withdraw,
)
bp.add_url_rule(
    "/agreements/<int:agreement_id>/versions/<int:number>/accept",
    methods=["POST"],
    view_func=views.accept,
)
bp.add_url_rule(
    "/agreements/<int:agreement_id>/versions/<int:number>/changes",
    methods=["POST"],
    view_func=views.request_changes,
)
bp.add_url_rule(
    "/agreements/<int:agreement_id>/versions/<int:number>/approve",
    methods=["POST"],
    view_func=views.approve,
)
bp.add_url_rule(
    "/agreements/<int:agreement_id>/versions/<int:number>/refuse",
    methods=["POST"],
    view_func=views.refuse,
)
bp.add_url_rule("/agreements/<int:agreement_id>/amend", methods=["POST"], view_func=views.amend)
bp.add_url_rule("/agreements/<int:agreement_id>/close", methods=["POST"], view_func=views.close)
bp.add_url_rule(
    "/agreements/<int:agreement_id>/installments/<int:line_id>/report",
    methods=["POST"],
    view_func=views.report,
)
bp.add_url_rule(
    "/agreements/<int:agreement_id>/receipts/new",
    methods=["GET", "POST"],
    view_func=money_views.receipt,
)
bp.add_url_rule(
    "/agreements/<int:agreement_id>/payouts/new",
    methods=["GET", "POST"],
    view_func=money_views.payout,
)
bp.add_url_rule(
    "/agreements/<int:agreement_id>/entries/<int:entry_id>/reverse",
    methods=["GET", "POST"],
    view_func=money_views.reverse,
)
ledger_bp.add_url_rule("/statements/mine", view_func=statement_views.mine)
ledger_bp.add_url_rule("/statements/mine.<fmt>", view_func=statement_views.mine_export)
ledger_bp.add_url_rule(
    "/agreements/<int:agreement_id>/statement.<fmt>", view_func=statement_views.agreement_export
)
ledger_bp.add_url_rule("/studios/<int:studio_id>/statement", view_func=statement_views.studio)
ledger_bp.add_url_rule("/ledger/", view_func=statement_views.trial_balance)
ledger_bp.add_url_rule(
    "/ledger/trial-balance.<fmt>", view_func=statement_views.trial_balance_export
)
ledger_bp.add_url_rule("/ledger/ledger.beancount", view_func=statement_views.beancount)
