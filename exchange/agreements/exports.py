"""Statements as CSV or XLSX: one table per section (one sheet each in XLSX)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from openpyxl import Workbook

from exchange.achievements.validators import format_yuan
from exchange.agreements import statements

# Spreadsheet programs run cells starting with these as formulas.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
KIND_NAMES = {"receipt": "收款", "payout": "付款", "reversal": "冲销"}


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]
    money_columns: frozenset = frozenset()


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _yuan(fen: int) -> str:
    return format_yuan(fen).replace(",", "") if fen % 100 else f"{fen // 100}.00"


def to_csv(tables: list[Table]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([_yuan(v) if i in table.money_columns else _safe(v)
                             for i, v in enumerate(row)])
    return out.getvalue().encode("utf-8-sig")  # the BOM lets Excel open it as UTF-8


def to_xlsx(tables: list[Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])
        sheet.append(table.headers)
        for row in table.rows:
            sheet.append([v / 100 if i in table.money_columns else _safe(v)
                          for i, v in enumerate(row)])
        for column in table.money_columns:
            for cell in sheet.iter_cols(min_col=column + 1, max_col=column + 1, min_row=2):
                for item in cell:
                    item.number_format = "#,##0.00"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def share_table(title: str, rows, agreement_code=None) -> Table:
    return Table(title, [_("Agreement"), _("Beneficiary"), _("Kind"), _("Share (%)"),
                         _("Allocated"), _("Paid"), _("Payable")],
                 [[agreement_code or r.beneficiary.version.agreement.code, r.beneficiary.name,
                   r.beneficiary.kind.label, f"{r.beneficiary.share_bp / 100:.2f}",
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
    entries = statements.db.session.execute(statements.agreement_transactions(agreement)).all()
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
