"""Concurrent writers on PostgreSQL: one receipt per idempotency key, and payouts that
never overdraw the payable. (SQLite serialises writers on its database lock.)"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from ledger import store
from ledger.checks import check_database
from ledger.errors import InsufficientBalance
from ledger.schema import transactions
from tests.ledger.book import open_book, payout, receipt


@pytest.fixture
def pg(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks and concurrent sessions: PostgreSQL only")
    # One connection per thread, closed after use: the server allows 60 in all.
    concurrent = create_engine(engine.url, poolclass=NullPool)
    yield concurrent
    concurrent.dispose()


def run_together(n: int, work):
    """Run work(i) in n threads released at once by a barrier; results or exceptions."""
    barrier = threading.Barrier(n, timeout=30)

    def task(i):
        barrier.wait()
        try:
            return work(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each got
            return exc

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(task, range(n)))


def test_the_same_receipt_from_20_callers_posts_once(engine, pg):
    with engine.begin() as conn:
        open_book(conn)
    txn = receipt("r-once", 1_000_00)

    def submit(_):
        with pg.begin() as conn:
            return store.post(conn, txn)

    results = run_together(20, submit)
    assert all(isinstance(r, store.PostResult) for r in results), results
    assert len({r.id for r in results}) == 1
    assert sorted(r.replayed for r in results) == [False] + [True] * 19
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(transactions)).scalar() == 1
        assert store.balance(conn, "Assets:Clearing") == 1_000_00
        assert check_database(conn) == []


def test_concurrent_payouts_never_overdraw(engine, pg):
    with engine.begin() as conn:
        open_book(conn)
        store.post(conn, receipt("r1", 2_000_00))  # B0001 (50 %) is owed 1,000.00 yuan
        assert store.balance(conn, "Liabilities:Payable:B0001") == 1_000_00

    def pay(i):
        with pg.begin() as conn:
            return store.post(conn, payout(f"p{i}", 150_00, 1))

    results = run_together(10, pay)
    paid = [r for r in results if isinstance(r, store.PostResult)]
    refused = [r for r in results if not isinstance(r, store.PostResult)]
    assert all(isinstance(r, InsufficientBalance) for r in refused), refused
    assert len(paid) == 6 and len(refused) == 4  # 6 x 150.00 = 900.00 <= 1,000.00
    with engine.connect() as conn:
        assert store.balance(conn, "Liabilities:Payable:B0001") == 1_000_00 - 6 * 150_00
        assert store.balance(conn, "Assets:Clearing") == 2_000_00 - 6 * 150_00
        assert check_database(conn) == []


def test_receipts_and_payouts_on_the_same_accounts_do_not_deadlock(engine, pg):
    with engine.begin() as conn:
        open_book(conn)
        store.post(conn, receipt("r0", 1_000_00))

    def work(i):
        with pg.begin() as conn:
            if i % 2:
                return store.post(conn, payout(f"p{i}", 10_00, 1 + i % 3))
            return store.post(conn, receipt(f"r{i + 1}", 100_00 + i))

    results = run_together(16, work)
    assert all(isinstance(r, store.PostResult) for r in results), results
    with engine.connect() as conn:
        assert check_database(conn) == []
