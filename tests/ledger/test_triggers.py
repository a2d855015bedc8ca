"""The database refuses what the book forbids, whatever the client: raw SQL on both
engines, around the store."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from ledger import store
from ledger.checks import check_database
from ledger.errors import InsufficientBalance
from ledger.schema import accounts, closings, postings, transactions, utcnow
from tests.ledger.book import DAY, open_book, payout, receipt

APPEND_ONLY = "append-only"


def _header(conn, key: str, kind: str = "receipt") -> int:
    return conn.execute(transactions.insert().values(
        idempotency_key=key, request_hash="0" * 64, kind=kind, occurred_on=DAY,
        narration="raw", reference="", created_at=utcnow())
        .returning(transactions.c.id)).scalar_one()


def _account_id(conn, name: str) -> int:
    return conn.execute(select(accounts.c.id).where(accounts.c.name == name)).scalar_one()


def _raw_transaction(conn, key: str, legs: dict[str, int], close: bool = True) -> int:
    """Header, postings and (optionally) the closing row, in plain INSERTs."""
    txn_id = _header(conn, key)
    conn.execute(postings.insert(), [
        {"transaction_id": txn_id, "account_id": _account_id(conn, name), "currency": "CNY",
         "amount": amount} for name, amount in legs.items()])
    if close:
        conn.execute(closings.insert().values(transaction_id=txn_id, closed_at=utcnow()))
    return txn_id


def _posted(engine) -> int:
    with engine.begin() as conn:
        open_book(conn)
        return store.post(conn, receipt("r1", 10_000)).id


@pytest.mark.parametrize("sql", [
    "UPDATE ledger_postings SET amount = amount + 1",
    "DELETE FROM ledger_postings",
    "UPDATE ledger_transactions SET narration = 'edited'",
    "DELETE FROM ledger_transactions",
    "UPDATE ledger_closings SET closed_at = closed_at",
    "DELETE FROM ledger_closings",
])
def test_update_and_delete_are_refused(engine, sql):
    _posted(engine)
    with pytest.raises(DBAPIError, match=APPEND_ONLY):
        with engine.begin() as conn:
            conn.execute(text(sql))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(postings)).scalar() == 8


def test_truncate_is_refused_on_postgresql(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    _posted(engine)
    with pytest.raises(DBAPIError, match=APPEND_ONLY):
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE ledger_closings"))


def test_a_balanced_raw_insert_is_accepted_and_updates_balances(engine):
    with engine.begin() as conn:
        open_book(conn)
        _raw_transaction(conn, "raw", {"Assets:Clearing": 500, "Income:Agreement:A0001": -500,
                                       "Expenses:Allocated:B0001": 500,
                                       "Liabilities:Payable:B0001": -500})
    with engine.connect() as conn:
        assert store.balance(conn, "Assets:Clearing") == 500
        assert store.balance(conn, "Income:Agreement:A0001") == 500
        assert check_database(conn) == []


@pytest.mark.parametrize("legs, message", [
    ({"Assets:Clearing": 500, "Income:Agreement:A0001": -499}, "unbalanced"),
    ({"Assets:Clearing": 500}, "at least 2"),
])
def test_an_unbalanced_raw_insert_is_refused_at_the_closing_row(engine, legs, message):
    with engine.begin() as conn:
        open_book(conn)
    with pytest.raises(DBAPIError, match=message):
        with engine.begin() as conn:
            _raw_transaction(conn, "raw", legs)
    with engine.connect() as conn:
        assert store.balance(conn, "Assets:Clearing") == 0


def test_a_transaction_without_closing_row(engine):
    """PostgreSQL refuses it at commit; SQLite (no deferred triggers) keeps it, and the
    database check reports it."""
    with engine.begin() as conn:
        open_book(conn)
    legs = {"Assets:Clearing": 500, "Income:Agreement:A0001": -499}
    if engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="no closing row"):
            with engine.begin() as conn:
                _raw_transaction(conn, "raw", legs, close=False)
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(transactions)).scalar() == 0
    else:
        with engine.begin() as conn:
            _raw_transaction(conn, "raw", legs, close=False)
        with engine.connect() as conn:
            codes = {b.code for b in check_database(conn)}
        assert {"unclosed", "unbalanced", "trial_balance"} <= codes


def test_no_posting_joins_a_closed_transaction(engine):
    txn_id = _posted(engine)
    with pytest.raises(DBAPIError, match="closed"):
        with engine.begin() as conn:
            conn.execute(postings.insert().values(
                transaction_id=txn_id, account_id=_account_id(conn, "Assets:Clearing"),
                currency="CNY", amount=1))


def test_postings_must_name_a_known_transaction_and_account(engine):
    _posted(engine)
    with pytest.raises(DBAPIError):
        with engine.begin() as conn:
            conn.execute(postings.insert().values(transaction_id=9999, account_id=1,
                                                  currency="CNY", amount=1))
    with pytest.raises(DBAPIError):
        with engine.begin() as conn:
            txn_id = _header(conn, "raw")
            conn.execute(postings.insert().values(
                transaction_id=txn_id, account_id=_account_id(conn, "Assets:Clearing"),
                currency="USD", amount=1))


def test_a_raw_overdraft_is_refused_by_the_floor_check(engine):
    _posted(engine)  # B0001 is owed 5,000
    with pytest.raises(DBAPIError, match="ck_ledger_accounts_floor"):
        with engine.begin() as conn:
            _raw_transaction(conn, "raw", {"Liabilities:Payable:B0001": 5_001,
                                           "Assets:Clearing": -5_001})
    with engine.begin() as conn, pytest.raises(InsufficientBalance):
        store.post(conn, payout("p1", 5_001, 1))


def _reversal_header(conn, key: str, reverses_id: int | None) -> None:
    conn.execute(transactions.insert().values(
        idempotency_key=key, request_hash="0" * 64, kind="reversal", occurred_on=DAY,
        narration="", reference="", reverses_id=reverses_id, created_at=utcnow()))


def test_a_transaction_is_reversed_at_most_once(engine):
    original = _posted(engine)
    with pytest.raises(DBAPIError, match="reverses_id"):
        with engine.begin() as conn:
            _reversal_header(conn, "x1", original)
            _reversal_header(conn, "x2", original)


@pytest.mark.parametrize("reverses", [None, 9999])
def test_a_reversal_names_a_transaction_that_exists(engine, reverses):
    _posted(engine)
    with pytest.raises(DBAPIError):
        with engine.begin() as conn:
            _reversal_header(conn, "x1", reverses)
