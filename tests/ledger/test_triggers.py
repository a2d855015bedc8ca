"""The database refuses what the book forbids, whatever the client: raw SQL on both
engines, around the store."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from ledger import chain, store
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
        conn.execute(closings.insert().values(**chain.seal(conn, txn_id)))
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


# Every write form, not only UPDATE/DELETE (issue 15, E.13). Trust rule: exactly once —
# a closed transaction moves balances once, whatever statement a client sends.

PAYABLE = "Liabilities:Payable:B0001"


def _balances(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(select(accounts.c.name, accounts.c.balance)).all())


def _closed_again(conn, txn_id: int) -> dict:
    """A closing row for an already closed transaction that is otherwise well formed: the
    next seq and a hash in the right shape."""
    return chain.seal(conn, txn_id)


@pytest.mark.parametrize("form", [
    "INSERT INTO ledger_closings (transaction_id, closed_at, seq, hash) "
    "VALUES (:transaction_id, :closed_at, :seq, :hash) ON CONFLICT DO NOTHING",
    "INSERT INTO ledger_closings (transaction_id, closed_at, seq, hash) "
    "VALUES (:transaction_id, :closed_at, :seq, :hash) "
    "ON CONFLICT (transaction_id) DO UPDATE SET closed_at = excluded.closed_at",
    "INSERT OR REPLACE INTO ledger_closings (transaction_id, closed_at, seq, hash) "
    "VALUES (:transaction_id, :closed_at, :seq, :hash)",
    "INSERT OR IGNORE INTO ledger_closings (transaction_id, closed_at, seq, hash) "
    "VALUES (:transaction_id, :closed_at, :seq, :hash)",
])
def test_closing_a_transaction_again_is_refused_and_moves_no_balance(engine, form):
    """Before: PostgreSQL's ON CONFLICT DO NOTHING skipped the row but kept the BEFORE
    trigger's balance update; SQLite's INSERT OR REPLACE applied the transaction again."""
    if form.startswith("INSERT OR") and engine.dialect.name != "sqlite":
        pytest.skip("SQLite syntax")
    txn_id = _posted(engine)
    before = _balances(engine)
    with pytest.raises(DBAPIError, match="closed already"):
        with engine.begin() as conn:
            values = _closed_again(conn, txn_id)
            conn.execute(text(form), values)
    assert _balances(engine) == before
    with engine.connect() as conn:
        assert check_database(conn) == []


def test_a_closing_row_out_of_chain_is_refused(engine):
    with engine.begin() as conn:
        open_book(conn)
    for change in ({"seq": 5}, {"hash": "x" * 64}):
        with pytest.raises(DBAPIError, match="out of chain"):
            with engine.begin() as conn:
                txn_id = _raw_transaction(conn, "raw", {"Assets:Clearing": 500,
                                                        "Income:Agreement:A0001": -500},
                                          close=False)
                conn.execute(closings.insert().values({**chain.seal(conn, txn_id), **change}))


def _rewrite_header(engine) -> str:
    if engine.dialect.name == "sqlite":
        return ("REPLACE INTO ledger_transactions (id, idempotency_key, request_hash, kind, "
                "occurred_on, narration, reference, created_at) SELECT id, idempotency_key, "
                "request_hash, kind, '2020-01-01', 'rewritten', 'forged', created_at "
                "FROM ledger_transactions WHERE id = :id")
    return ("INSERT INTO ledger_transactions (id, idempotency_key, request_hash, kind, "
            "occurred_on, narration, reference, created_at) SELECT id, idempotency_key, "
            "request_hash, kind, '2020-01-01', 'rewritten', 'forged', created_at "
            "FROM ledger_transactions WHERE id = :id ON CONFLICT (id) DO UPDATE SET "
            "occurred_on = excluded.occurred_on, narration = excluded.narration, "
            "reference = excluded.reference")


def test_replacing_a_transaction_header_is_refused(engine):
    """Before: SQLite's REPLACE rewrote the date, narration and reference (it deletes
    without firing DELETE triggers) and `ledger check` still said OK."""
    txn_id = _posted(engine)
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text(_rewrite_header(engine)), {"id": txn_id})
    with engine.connect() as conn:
        row = conn.execute(select(transactions).where(transactions.c.id == txn_id)).one()
        assert (row.occurred_on, row.narration) == (DAY, store.load_transaction(
            conn, row.idempotency_key).narration)
        assert row.occurred_on == DAY and row.reference != "forged"


def test_replacing_a_posting_to_move_it_out_of_a_closed_transaction_is_refused(engine):
    """Before: SQLite's REPLACE INTO ledger_postings moved a leg into another transaction."""
    closed = _posted(engine)
    with engine.connect() as conn:
        attempt = conn.begin()  # rolled back at the end: nothing here is kept
        other = _header(conn, "open")  # an open transaction to move the leg into
        leg = conn.execute(select(postings).where(postings.c.transaction_id == closed)
                           .order_by(postings.c.id).limit(1)).one()
        if engine.dialect.name == "sqlite":
            sql = ("REPLACE INTO ledger_postings (id, transaction_id, account_id, currency, "
                   "amount) VALUES (:id, :other, :account_id, :currency, :amount)")
        else:
            sql = ("INSERT INTO ledger_postings (id, transaction_id, account_id, currency, "
                   "amount) VALUES (:id, :other, :account_id, :currency, :amount) "
                   "ON CONFLICT (id) DO UPDATE SET transaction_id = excluded.transaction_id")
        with pytest.raises(DBAPIError, match="append-only"), conn.begin_nested():
            conn.execute(text(sql), {**leg._mapping, "other": other})
        attempt.rollback()
    with engine.connect() as conn:
        assert conn.execute(select(postings.c.transaction_id)
                            .where(postings.c.id == leg.id)).scalar() == closed
        assert check_database(conn) == []


@pytest.mark.parametrize("sql", [
    f"UPDATE ledger_accounts SET balance = balance + 1200000 WHERE name = '{PAYABLE}'",
    f"UPDATE ledger_accounts SET floor = (1 = 0) WHERE name = '{PAYABLE}'",
    f"UPDATE ledger_accounts SET normal = 1 WHERE name = '{PAYABLE}'",
    # Applying the last closed transaction once more, as its trigger did:
    "UPDATE ledger_accounts SET balance = balance + normal * (SELECT sum(amount) "
    "FROM ledger_postings WHERE account_id = ledger_accounts.id), "
    "applied_seq = (SELECT max(seq) FROM ledger_closings)",
    "DELETE FROM ledger_accounts",
])
def test_accounts_change_only_by_closing_a_transaction(engine, sql):
    """Before: balance and floor took a direct UPDATE (a payable raised by ¥12,000 was then
    paid out)."""
    _posted(engine)
    before = _balances(engine)
    with pytest.raises(DBAPIError, match="closing a transaction|append-only"):
        with engine.begin() as conn:
            conn.execute(text(sql))
    assert _balances(engine) == before


def test_an_account_cannot_be_replaced_or_open_with_a_balance(engine):
    _posted(engine)
    before = _balances(engine)
    columns = "(name, kind, currency, ref, normal, floor, balance, created_at)"
    values = f"VALUES ('{PAYABLE}', 'payable', 'CNY', 'B0001', -1, (1 = 1), 99, :now)"
    forms = [f"INSERT INTO ledger_accounts {columns} "
             "VALUES ('Liabilities:Payable:B0009', 'payable', 'CNY', 'B0009', -1, (1 = 1), "
             "99, :now)"]
    if engine.dialect.name == "sqlite":
        forms += [f"REPLACE INTO ledger_accounts {columns} {values}",
                  f"INSERT OR REPLACE INTO ledger_accounts {columns} {values}"]
    else:
        forms += [f"INSERT INTO ledger_accounts {columns} {values} "
                  "ON CONFLICT (name) DO UPDATE SET balance = excluded.balance"]
    for form in forms:
        with pytest.raises(DBAPIError, match="balance 0|exists|closing a transaction"):
            with engine.begin() as conn:
                conn.execute(text(form), {"now": utcnow()})
    assert _balances(engine) == before


def test_the_store_still_opens_accounts_and_replays_keys(engine):
    """The read-before-insert that the REPLACE guards need keeps open_account and a
    replayed post idempotent."""
    with engine.begin() as conn:
        open_book(conn)
        open_book(conn)
        first = store.post(conn, receipt("r1", 10_000))
        again = store.post(conn, receipt("r1", 10_000))
    assert (again.id, again.replayed) == (first.id, True)
    with engine.connect() as conn:
        assert store.balance(conn, PAYABLE) == 5_000
