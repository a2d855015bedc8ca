"""Tables written as CSV or XLSX: one table per section (one sheet each in XLSX).

Money columns hold integer fen: CSV writes them as exact decimal yuan, XLSX as numbers
formatted to the fen. Text that a spreadsheet would run as a formula is defused.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from flask import Response, abort
from openpyxl import Workbook

from exchange.achievements.validators import format_yuan

# Spreadsheet programs run cells starting with these as formulas.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download(sections: list[Table], name: str, fmt: str) -> Response:
    """The sections as a dated CSV or XLSX attachment; any other format is a 404."""
    if fmt not in MEDIA:
        abort(404)
    body = to_csv(sections) if fmt == "csv" else to_xlsx(sections)
    return Response(body, mimetype=MEDIA[fmt], headers={
        "Content-Disposition": f"attachment; filename={name}-{date.today():%Y%m%d}.{fmt}"})
