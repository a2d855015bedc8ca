"""The store on both engines: posting, idempotency, refusals, reading back."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ledger import core, store
from ledger.checks import check_database
from ledger.core import AccountKind, Transaction
from ledger.errors import (
    AlreadyReversed,
    IdempotencyConflict,
    InsufficientBalance,
    InvalidReversal,
    LedgerError,
    Unbalanced,
    UnknownAccount,
    UnknownTransaction,
)
from ledger.schema import accounts, closings, postings, transactions
from tests.ledger.book import DAY, all_accounts, open_book, payout, receipt


def count(conn, table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_open_account_is_idempotent(engine):
    with engine.begin() as conn:
        first = store.open_account(conn, core.payable_account(7))
        assert store.open_account(conn, core.payable_account(7)) == first
        assert store.balance(conn, "Liabilities:Payable:B0007") == 0
        row = conn.execute(select(accounts).where(accounts.c.id == first)).one()
        assert (row.kind, row.ref, row.normal, row.floor) == ("payable", "B0007", -1, True)
        assert row.created_at.tzinfo is not None


def test_open_account_refuses_a_different_kind_under_a_taken_name(engine):
    with engine.begin() as conn:
        store.open_account(conn, core.clearing())
        with pytest.raises(LedgerError):
            store.open_account(conn, core.Account("Assets:Clearing", AccountKind.CLEARING,
                                                  "USD"))


def test_receipt_posts_once_and_replays(engine):
    txn = receipt("r1", 100_001, reference="INV-1", narration="首期款")
    with engine.begin() as conn:
        open_book(conn)
        first = store.post(conn, txn)
        again = store.post(conn, txn)
    assert first.replayed is False and again == store.PostResult(first.id, replayed=True)
    with engine.begin() as conn:  # a retry in a later request
        assert store.post(conn, txn) == store.PostResult(first.id, replayed=True)
        assert count(conn, transactions) == 1 and count(conn, postings) == 8
        assert count(conn, closings) == 1
        assert store.balance(conn, "Assets:Clearing") == 100_001
        assert store.balance(conn, "Income:Agreement:A0001") == 100_001
        assert store.balances_by_ref(conn, AccountKind.PAYABLE) == {
            "B0001": 50_001, "B0002": 30_000, "B0003": 20_000, "B0004": 0}
        assert store.balances_by_ref(conn, AccountKind.SHARE, ["B0002"]) == {"B0002": 30_000}
        loaded = store.load_transaction(conn, "r1")
        # Postings come back in account-id order; everything else as posted.
        assert sorted(loaded.postings, key=repr) == sorted(txn.postings, key=repr)
        assert core.request_hash(loaded) == core.request_hash(txn)
        assert (loaded.key, loaded.date, loaded.narration, loaded.reference) == (
            "r1", DAY, "首期款", "INV-1")
        assert store.load_transaction(conn, "nope") is None


def test_same_key_with_another_body_is_a_conflict(engine):
    with engine.begin() as conn:
        open_book(conn)
        store.post(conn, receipt("r1", 1000))
        with pytest.raises(IdempotencyConflict):
            store.post(conn, receipt("r1", 1001))
        with pytest.raises(IdempotencyConflict):
            store.post(conn, receipt("r1", 1000, narration="changed"))
        assert count(conn, transactions) == 1


def test_unbalanced_is_refused_before_the_database(engine):
    lopsided = Transaction("bad", DAY, "receipt", "", (
        core.Posting("Assets:Clearing", 7), core.Posting("Income:Agreement:A0001", -5)))
    with engine.begin() as conn:
        open_book(conn)
        with pytest.raises(Unbalanced):
            store.post(conn, lopsided)
        assert count(conn, transactions) == 0


def test_unknown_account_leaves_nothing_behind(engine):
    with engine.begin() as conn:
        open_book(conn)
        with pytest.raises(UnknownAccount):
            store.post(conn, core.receipt("r9", DAY, 100, 9, [(1, 10_000)]))
        with pytest.raises(UnknownAccount):
            store.balance(conn, "Liabilities:Payable:B0999")
        assert count(conn, transactions) == 0 and count(conn, postings) == 0


def test_payout_above_the_payable_is_refused_and_the_transaction_goes_on(engine):
    with engine.begin() as conn:
        open_book(conn)
        store.post(conn, receipt("r1", 100_000))  # B0001 is owed 50,000
        with pytest.raises(InsufficientBalance):
            store.post(conn, payout("p1", 50_001, 1))
        # The savepoint took the refusal; this transaction (even on PostgreSQL) goes on.
        store.post(conn, payout("p2", 50_000, 1))
    with engine.connect() as conn:
        assert store.balance(conn, "Liabilities:Payable:B0001") == 0
        assert store.beneficiary_totals(conn, [1, 2, 4]) == {
            1: store.BeneficiaryTotals(50_000, 0), 2: store.BeneficiaryTotals(30_000, 30_000),
            4: store.BeneficiaryTotals(0, 0)}
        assert store.beneficiary_totals(conn, [1])[1].paid == 50_000
        assert store.transaction_id(conn, "p1") is None
        assert check_database(conn) == []


def test_reversals(engine):
    with engine.begin() as conn:
        open_book(conn)
        r1 = receipt("r1", 10_000)
        store.post(conn, r1)
        p1 = payout("p1", 5_000, 1)
        store.post(conn, p1)
        # Reversing the receipt would leave B0001's payable at -5,000.
        with pytest.raises(InsufficientBalance):
            store.post(conn, core.reversal(r1, "r1-x", DAY, "冲销"))
        back = core.reversal(p1, "p1-x", DAY, "付错账户")
        result = store.post(conn, back)
        assert store.post(conn, back) == store.PostResult(result.id, replayed=True)
        with pytest.raises(AlreadyReversed):
            store.post(conn, core.reversal(p1, "p1-y", DAY, "again"))
        with pytest.raises(InvalidReversal):
            store.post(conn, Transaction("x", DAY, "reversal", "", tuple(
                core.Posting(p.account, -p.amount) for p in back.postings), reverses="p1-x"))
        with pytest.raises(UnknownTransaction):
            store.post(conn, core.reversal(payout("p9", 1, 1), "p9-x", DAY, ""))
        with pytest.raises(InvalidReversal):  # not the negation of r1
            store.post(conn, Transaction("half", DAY, "reversal", "", r1.postings[:2],
                                         reverses="r1"))
        store.post(conn, core.reversal(r1, "r1-x", DAY, "冲销"))
        loaded = store.load_transaction(conn, "r1-x")
        assert loaded.reverses == "r1" and loaded.kind == "reversal"
        assert all(store.balance(conn, name) == 0 for name in (
            "Assets:Clearing", "Liabilities:Payable:B0001", "Income:Agreement:A0001"))
        assert check_database(conn) == []


def test_iter_transactions_streams_in_order_and_round_trips(engine):
    book = [receipt(f"r{n}", 1000 + n, 1 + n % 2) for n in range(7)]
    book.append(payout("p1", 300, 3, reference='转账 "quoted"'))
    book.append(core.reversal(book[2], "r2-x", DAY, "撤销"))
    with engine.begin() as conn:
        open_book(conn)
        for txn in book:
            store.post(conn, txn)
    with engine.connect() as conn:
        stored = list(store.iter_transactions(conn, batch=4))
    assert [t.key for t in stored] == [t.key for t in book]
    assert [core.request_hash(t) for t in stored] == [core.request_hash(t) for t in book]
    assert core.check(stored, {a.name: a for a in all_accounts()}) == []
