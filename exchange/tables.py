"""The one writer of every CSV and XLSX the app produces: one table per section (one sheet
each in XLSX).

Stored text is never trusted as a spreadsheet formula (OWASP "CSV injection"): a text cell
starting with = + - @, tab or CR gets a leading apostrophe, and XLSX text cells are always
typed as strings. Control characters that XML cannot carry (and that only garble a CSV) are
dropped. Numbers stay numbers; money columns hold integer fen, written as exact yuan.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

# Spreadsheet programs run cells starting with these as formulas.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
MONEY_FORMAT = "#,##0.00"
SHEET_TITLE_LIMIT = 31  # Excel's limit
# The characters XML 1.0 forbids (C0 controls but tab, LF, CR): openpyxl's
# ILLEGAL_CHARACTERS_RE, written out so that CSV exports need not import openpyxl.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]
    money_columns: frozenset = frozenset()


def text(value) -> str:
    """A value as safe cell text: C0 controls (but tab, LF, CR) dropped, a formula defused."""
    value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return NEUTRALISER + value if value.startswith(FORMULA_START) else value


def restore(value: str) -> str:
    """What `text` wrote, read back: the neutralising apostrophe removed (import side)."""
    if value.startswith(NEUTRALISER) and value[1:2] and value[1] in FORMULA_START:
        return value[1:]
    return value


def yuan(fen: int) -> Decimal:
    """Integer fen as exact yuan, always with two decimals (no float on the way)."""
    return Decimal(int(fen)).scaleb(-2)


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _value(value, money: bool):
    """A cell's value: None, a number (money as yuan) or safe text."""
    if value is None or value == "":
        return None
    if _is_number(value):
        return yuan(value) if money and isinstance(value, int) else value
    return text(value)


def to_csv(tables: list[Table], titles: bool = True) -> bytes:
    """UTF-8 CSV with a BOM (so Excel reads it as UTF-8); a title row before each table
    unless `titles` is false (a single table that must import back)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        if titles:
            writer.writerow([text(table.title)])
        writer.writerow([text(h) for h in table.headers])
        for row in table.rows:
            writer.writerow([_value(v, i in table.money_columns) for i, v in enumerate(row)])
    return out.getvalue().encode("utf-8-sig")


def _cell(cell_type, sheet, value, money: bool):
    value = _value(value, money)
    cell = cell_type(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula ('f') or an error code ('e', e.g. "#N/A")
    elif value is not None and money:
        cell.number_format = MONEY_FORMAT
    return cell


def to_xlsx(tables: list[Table], titles: bool = True) -> bytes:
    """One sheet per table, named by its title (`titles` is for CSV's sake)."""
    # openpyxl costs ~0.4 s to import: loaded when a workbook is written, not at start-up.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for table in tables:
        title = ILLEGAL_CHARACTERS_RE.sub("", str(table.title))[:SHEET_TITLE_LIMIT]
        sheet = workbook.create_sheet(title)
        sheet.append([_cell(WriteOnlyCell, sheet, h, False) for h in table.headers])
        for row in table.rows:
            sheet.append([_cell(WriteOnlyCell, sheet, v, i in table.money_columns)
                          for i, v in enumerate(row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


WRITERS = {"csv": to_csv, "xlsx": to_xlsx}
