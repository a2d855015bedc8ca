"""Statement exports survive what is already stored, and write numbers as numbers.

Trust rule: an agreement's statement always downloads, whatever text a
receipt carries (a control character pasted from a bank's system included)."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from exchange.agreements import money
from exchange.agreements.models import Agreement
from exchange.extensions import db
from tests.support.clock import BEIJING_TODAY

REFERENCE = "回单\x0b0001\x1b"


@pytest.fixture
def receipt(active_agreement, deal):
    agreement = db.session.get(Agreement, active_agreement.id)
    money.record_receipt(agreement, deal["mediator"], key="k-ctrl", amount_fen=100_000,
                         on=BEIJING_TODAY.replace(year=2026), reference=REFERENCE)
    db.session.commit()
    return agreement


def test_statement_xlsx_and_csv_with_a_control_character(client_for, receipt):
    client = client_for("union_staff")
    response = client.get(f"/agreements/{receipt.id}/statement.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    entries = list(book.worksheets[1].values)
    assert entries[1][4] == "回单0001"
    shares = list(book.worksheets[0].values)
    assert shares[1][3] == 50  # the share (%) is a number, not the text "50.00"
    text = client.get(f"/agreements/{receipt.id}/statement.csv").data.decode("utf-8-sig")
    assert "回单0001" in text and "\x0b" not in text and "\x1b" not in text
    assert ["回单0001"] == [row[4] for row in csv.reader(io.StringIO(text))
                          if len(row) > 4 and row[4].startswith("回单")]
