"""The Beancount export loads without errors in beancount 3.2 and asserts every balance."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

from beancount import loader
from beancount.core import data

from ledger import core, store
from ledger.beancount import quote, units, write_beancount
from tests.ledger.book import DAY, bypassing_triggers, open_book, payout, receipt


def test_quote_and_units():
    assert quote('合同 "甲" \\ 乙') == '"合同 \\"甲\\" \\\\ 乙"'
    assert units(10_000_001) == "100000.01"
    assert units(-5) == "-0.05"
    assert units(100) == "1.00"


def _book(conn):
    open_book(conn)
    store.open_account(conn, core.payable_account(99))  # opened, never used
    r1 = receipt("r1", 100_000_01, narration='首期款 "技术许可"', reference="INV\\2026-01")
    p1 = payout("p1", 20_000_00, 1, narration="付给 张三")
    store.post(conn, r1)
    store.post(conn, receipt("r2", 333, 2, narration="提成\n第二季度"))
    store.post(conn, p1)
    store.post(conn, core.reversal(p1, "p1-x", DAY, '冲销："错付"'))
    store.post(conn, payout("p2", 10_00, 3))


def test_export_passes_the_beancount_loader(engine, tmp_path):
    with engine.begin() as conn:
        _book(conn)
    out = io.StringIO()
    with engine.connect() as conn:
        write_beancount(conn, out, title='创新成果 "账本"')
    path = tmp_path / "book.beancount"
    path.write_text(out.getvalue(), encoding="utf-8")
    entries, errors, options = loader.load_file(str(path))
    assert errors == []
    assert options["title"] == '创新成果 "账本"'
    txns = [e for e in entries if isinstance(e, data.Transaction)]
    assert [t.meta["key"] for t in txns] == ["r1", "r2", "p1", "p1-x", "p2"]
    assert txns[0].narration == '首期款 "技术许可"' and txns[0].meta["reference"] == "INV\\2026-01"
    assert txns[3].meta["reverses"] == "p1"
    balances = {e.account: e.amount for e in entries if isinstance(e, data.Balance)}
    assert len(balances) == 12  # every account, the unused one included
    assert str(balances["Assets:Clearing"].number) == "99993.34"  # 100000.01 + 3.33 - 10.00
    assert str(balances["Liabilities:Payable:B0001"].number) == "-50000.01"
    opens = {e.account: e.meta for e in entries if isinstance(e, data.Open)}
    assert opens["Liabilities:Payable:B0099"]["ref"] == "B0099"
    assert opens["Income:Agreement:A0002"]["kind"] == "revenue"


def test_bean_check_accepts_the_export(engine, tmp_path):
    with engine.begin() as conn:
        _book(conn)
    path = tmp_path / "book.beancount"
    with engine.connect() as conn, path.open("w", encoding="utf-8") as out:
        write_beancount(conn, out)
    bean_check = Path(sys.executable).with_name("bean-check")
    command = [str(bean_check)] if bean_check.exists() else [shutil.which("bean-check")]
    done = subprocess.run([*command, str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_wrong_cached_balance_fails_the_balance_assertion(engine, tmp_path):
    from sqlalchemy import update

    from ledger.schema import accounts

    with engine.begin() as conn:
        _book(conn)
    with engine.begin() as conn, bypassing_triggers(conn):  # as a DBA could
        conn.execute(update(accounts).where(accounts.c.name == "Liabilities:Payable:B0002")
                     .values(balance=accounts.c.balance + 1))
    out = io.StringIO()
    with engine.connect() as conn:
        write_beancount(conn, out)
    _, errors, _ = loader.load_string(out.getvalue())
    assert len(errors) == 1 and "Balance failed" in errors[0].message
