"""The one table writer: no formula injection, no control characters, numbers as numbers.

Trust rule: a file the union downloads never runs what a user typed (OWASP CSV injection)
and never fails on what is already stored."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from exchange import tables

HOSTILE = ["=1+1", '=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)",
           "\t=1", "\r=1", "#N/A"]


def _xlsx_cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    return [[(c.value, c.data_type) for c in row] for row in book.worksheets[0].iter_rows()]


def test_text_that_looks_like_a_formula_stays_text():
    table = tables.Table("表", ["标题"], [[v] for v in HOSTILE])
    cells = _xlsx_cells(tables.to_xlsx([table]))[1:]
    assert all(kind == "s" for row in cells for _value, kind in row)
    # (XML reads a carriage return back as a line feed.)
    assert [row[0][0].replace("\n", "\r") for row in cells][:7] == ["'" + v for v in HOSTILE[:7]]
    assert cells[7][0][0] == "#N/A"  # a string, not an error cell
    rows = list(csv.reader(io.StringIO(tables.to_csv([table]).decode("utf-8-sig"))))
    assert [r[0] for r in rows[2:]] == ["'" + v for v in HOSTILE[:7]] + ["#N/A"]
    assert [tables.restore(tables.text(v)) for v in HOSTILE] == HOSTILE


def test_control_characters_are_dropped_not_fatal():
    table = tables.Table("表", ["标题", "参考"], [["垂直\x0b制表\x1b符", "回单\x00 0001\x07"],
                                               ["\x0b=1+1", "保留\t制表与\n换行"]])
    cells = _xlsx_cells(tables.to_xlsx([table]))
    assert [v for v, _ in cells[1]] == ["垂直制表符", "回单 0001"]
    assert [v for v, _ in cells[2]] == ["'=1+1", "保留\t制表与\n换行"]
    text = tables.to_csv([table]).decode("utf-8-sig")
    assert not any(ch in text for ch in "\x00\x07\x0b\x1b")
    assert list(csv.reader(io.StringIO(text)))[3] == ["'=1+1", "保留\t制表与\n换行"]


def test_numbers_and_money_are_numbers():
    table = tables.Table("表", ["数量", "金额", "报价"],
                         [[7, 476_000_000, "面议"], [0, -150, 12_345], [3, 0, None]],
                         frozenset({1, 2}))
    cells = _xlsx_cells(tables.to_xlsx([table]))
    assert cells[1] == [(7, "n"), (4_760_000, "n"), ("面议", "s")]
    assert cells[2][1][0] == pytest.approx(-1.5) and cells[2][2][0] == pytest.approx(123.45)
    assert cells[3][1] == (0, "n")
    book = load_workbook(io.BytesIO(tables.to_xlsx([table])))
    assert book.worksheets[0]["B2"].number_format == tables.MONEY_FORMAT
    rows = list(csv.reader(io.StringIO(tables.to_csv([table]).decode("utf-8-sig"))))
    assert rows[2:] == [["7", "4760000.00", "面议"], ["0", "-1.50", "123.45"], ["3", "0.00", ""]]
    assert tables.yuan(-150) == Decimal("-1.50")
