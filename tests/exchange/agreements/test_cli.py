"""`flask ledger check|export` against the app's database."""
from __future__ import annotations

from datetime import date

from sqlalchemy import text

from exchange.agreements import money
from exchange.extensions import db
from ledger import triggers


def _receipt(agreement, staff, key="cli-1", amount=123_456):
    money.record_receipt(agreement, staff, key=key, amount_fen=amount, on=date(2026, 11, 2),
                         reference="回单")
    db.session.commit()


def test_check_passes_on_a_healthy_book(runner, active_agreement, deal):
    _receipt(active_agreement, deal["approver"])
    result = runner.invoke(args=["ledger", "check"])
    assert result.exit_code == 0, result.output
    assert "ledger ok" in result.output


def test_check_exits_non_zero_on_a_breach(runner, active_agreement, deal):
    _receipt(active_agreement, deal["approver"])
    # Corrupt a cached balance behind the triggers' back: the check must notice.
    connection = db.session.connection()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(text("SET LOCAL session_replication_role = replica"))
    else:
        triggers.uninstall(connection)
    connection.execute(text("UPDATE ledger_accounts SET balance = balance + 1 "
                            "WHERE name = 'Assets:Clearing'"))
    if dialect == "sqlite":
        triggers.install(connection)
    db.session.commit()
    result = runner.invoke(args=["ledger", "check"])
    assert result.exit_code == 1
    assert "BREACH" in result.output


def test_export_writes_beancount_and_spreadsheets(runner, active_agreement, deal, tmp_path):
    _receipt(active_agreement, deal["approver"])
    book = tmp_path / "book.beancount"
    result = runner.invoke(args=["ledger", "export", "-o", str(book)])
    assert result.exit_code == 0, result.output
    assert "Liabilities:Payable:B" in book.read_text(encoding="utf-8")
    sheet = tmp_path / "tb.xlsx"
    assert runner.invoke(args=["ledger", "export", "--format", "xlsx", "-o",
                               str(sheet)]).exit_code == 0
    assert sheet.read_bytes()[:2] == b"PK"
    assert runner.invoke(args=["ledger", "export", "--format", "csv"]).exit_code != 0


def test_demo_agreements_cover_the_life_cycle_and_balance(runner, db):
    from exchange.agreements.models import Agreement
    from exchange.agreements.statements import revenue

    assert runner.invoke(args=["demo-data"]).exit_code == 0
    agreements = db.session.execute(db.select(Agreement)).scalars().all()
    states = {a.state.value for a in agreements}
    assert {"negotiating", "active", "completed"} <= states
    assert {v.state.value for a in agreements for v in a.versions} >= {"draft", "proposed",
                                                                      "approved"}
    assert sum(revenue(a) for a in agreements) > 0
    assert runner.invoke(args=["ledger", "check"]).exit_code == 0
    assert "agreements +0" in runner.invoke(args=["demo-data"]).output  # loaded once


def test_check_reports_a_rewritten_transaction_header(runner, active_agreement, deal):
    """Issue 15, E.13: history rewritten past the triggers (as a DBA could) is reported."""
    _receipt(active_agreement, deal["approver"])
    connection = db.session.connection()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(text("SET LOCAL session_replication_role = replica"))
    else:
        triggers.uninstall(connection)
    connection.execute(text("UPDATE ledger_transactions SET narration = 'rewritten', "
                            "reference = 'forged'"))
    if dialect == "sqlite":
        triggers.install(connection)
    db.session.commit()
    result = runner.invoke(args=["ledger", "check"])
    assert result.exit_code == 1
    assert "chain" in result.output
