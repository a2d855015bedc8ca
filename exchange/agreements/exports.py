"""Statements as tables for CSV or XLSX (exchange.tables writes them)."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from exchange.agreements import statements
from exchange.extensions import db
from exchange.tables import Table

KIND_NAMES = {"receipt": "收款", "payout": "付款", "reversal": "冲销"}


def share_table(title: str, rows, agreement_code=None) -> Table:
    return Table(title, [_("Agreement"), _("Beneficiary"), _("Kind"), _("Share (%)"),
                         _("Allocated"), _("Paid"), _("Payable")],
                 [[agreement_code or r.beneficiary.version.agreement.code, r.beneficiary.name,
                   r.beneficiary.kind.label, Decimal(r.beneficiary.share_bp).scaleb(-2),
                   r.allocated, r.paid, r.payable] for r in rows],
                 frozenset({4, 5, 6}))


def entry_table(entries) -> Table:
    return Table(_("Entries"), [_("No."), _("Date"), _("Kind"), _("Narration"),
                                _("Reference"), _("Cash"), _("Reversed by")],
                 [[e.id, e.occurred_on.isoformat(), KIND_NAMES.get(e.kind, e.kind),
                   e.narration, e.reference, e.cash, e.reversed_by or ""] for e in entries],
                 frozenset({5}))


def agreement_tables(agreement) -> list[Table]:
    rows = statements.shares(statements.approved_beneficiaries(agreement))
    entries = db.session.execute(statements.agreement_transactions(agreement)).all()
    return [share_table(_("Shares"), rows, agreement.code), entry_table(entries)]


def user_tables(user_id: int) -> list[Table]:
    rows = [share for _agreement, shares in statements.for_user(user_id) for share in shares]
    return [share_table(_("My shares"), rows)]


def trial_balance_table() -> Table:
    rows = statements.trial_balance()
    return Table(_("Trial balance"), [_("Account"), _("Kind"), _("Currency"), _("Debit"),
                                      _("Credit")],
                 [[r.name, r.kind, r.currency, max(r.raw, 0), max(-r.raw, 0)] for r in rows],
                 frozenset({3, 4}))
