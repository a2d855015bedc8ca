"""Any sequence of receipts, payouts and reversals keeps the book sound: in memory and,
run through the store, in an SQLite database that must agree with the pure balances."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ledger import core, store
from ledger.checks import check_database
from ledger.errors import InsufficientBalance
from tests.ledger.book import DAY, SPLITS, all_accounts, memory_engine

ACCOUNTS = {a.name: a for a in all_accounts()}
BENEFICIARIES = sorted({b for shares in SPLITS.values() for b, _ in shares})

operations = st.lists(st.one_of(
    st.tuples(st.just("receipt"), st.sampled_from(sorted(SPLITS)), st.integers(1, 10**10)),
    # Often the whole payable, so that reversing the receipt behind it must be refused.
    st.tuples(st.just("payout"), st.sampled_from(BENEFICIARIES),
              st.just(10_000) | st.integers(1, 10_000)),
    st.tuples(st.just("reverse"), st.integers(0, 10**6)),
    st.tuples(st.just("overpay"), st.sampled_from(BENEFICIARIES), st.integers(1, 10**6)),
), max_size=30)
# A receipt paid out in full cannot be reversed until the payout is.
DRAINED = [("receipt", 1, 1000), ("payout", 1, 10_000), ("reverse", 0), ("reverse", 1),
           ("reverse", 0), ("overpay", 2, 1)]


def payable(book, beneficiary_id: int) -> int:
    name = core.payable_account(beneficiary_id).name
    return -core.balances(book).get((name, "CNY"), 0)


def breaks_a_floor(book, txn) -> bool:
    return any(b.code == "negative_balance" for b in core.check([*book, txn], ACCOUNTS))


def play(ops):
    """The operations as transactions: (book, steps). A step is (txn, refused): refused
    ones (a payout above the payable, a reversal that would overdraw) are not in the book."""
    book, steps, reversed_keys = [], [], set()
    for n, op in enumerate(ops):
        key = f"t{n}"
        if op[0] == "receipt":
            txn, refused = core.receipt(key, DAY, op[2], op[1], SPLITS[op[1]]), False
        elif op[0] == "payout":
            due = payable(book, op[1])
            if not due:
                continue
            txn, refused = core.payout(key, DAY, max(1, due * op[2] // 10_000), op[1]), False
        elif op[0] == "overpay":
            txn, refused = core.payout(key, DAY, payable(book, op[1]) + op[2], op[1]), True
        else:
            candidates = [t for t in book if t.kind != "reversal" and t.key not in reversed_keys]
            if not candidates:
                continue
            original = candidates[op[1] % len(candidates)]
            txn = core.reversal(original, key, DAY, f"冲销 {original.key}")
            refused = breaks_a_floor(book, txn)
            if not refused:
                reversed_keys.add(original.key)
        steps.append((txn, refused))
        if not refused:
            book.append(txn)
    return book, steps


@given(operations)
@example(DRAINED)
def test_any_sequence_keeps_the_book_sound(ops):
    book, steps = play(ops)
    assert core.check(book, ACCOUNTS) == []
    assert all(core.check_transaction(txn) == [] for txn in book)
    assert set(core.trial_balance(book).values()) <= {0}
    for beneficiary_id in BENEFICIARIES:
        assert payable(book, beneficiary_id) >= 0
    # Every refused step would have overdrawn something: the store must refuse it too.
    accepted = []
    for txn, refused in steps:
        assert breaks_a_floor(accepted, txn) is refused
        if not refused:
            accepted.append(txn)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
@example(DRAINED)
def test_the_sqlite_store_agrees_with_the_pure_book(ops):
    book, steps = play(ops)
    engine = memory_engine()
    try:
        with engine.begin() as conn:
            for account in ACCOUNTS.values():
                store.open_account(conn, account)
            for txn, refused in steps:
                if refused:
                    # Refused inside the savepoint: the outer transaction goes on.
                    with pytest.raises(InsufficientBalance):
                        store.post(conn, txn)
                else:
                    assert store.post(conn, txn).replayed is False
        with engine.connect() as conn:
            raw = core.balances(book)
            for account in ACCOUNTS.values():
                expected = account.normal * raw.get((account.name, account.currency), 0)
                assert store.balance(conn, account.name) == expected
            assert check_database(conn) == []
            stored = list(store.iter_transactions(conn, batch=7))
            assert [t.key for t in stored] == [t.key for t in book]
            assert [core.request_hash(t) for t in stored] == [core.request_hash(t) for t in book]
    finally:
        engine.dispose()
