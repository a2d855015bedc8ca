"""check_database: clean on a healthy book, and each corruption (made past the triggers)
reported."""
from __future__ import annotations

from sqlalchemy import select, text, update

from ledger import chain, core, store, triggers
from ledger.checks import LIMIT, check_database
from ledger.schema import accounts, closings, postings, transactions, utcnow
from tests.ledger.book import (
    DAY,
    bypassing_triggers,
    open_book,
    payout,
    receipt,
    short_receipt,
)


def _healthy(engine) -> dict[str, int]:
    with engine.begin() as conn:
        open_book(conn)
        ids = {"r1": store.post(conn, receipt("r1", 10_000)).id,
               "r2": store.post(conn, receipt("r2", 777, 2)).id,
               "p1": store.post(conn, payout("p1", 2_000, 1)).id}
        ids["p1-x"] = store.post(conn, core.reversal(payout("p1", 2_000, 1), "p1-x", DAY,
                                                     "")).id
    return ids


def _codes(engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(b.code for b in check_database(conn))


def test_a_healthy_book_has_no_breaches(engine):
    with engine.connect() as conn:
        assert check_database(conn) == []  # empty
    _healthy(engine)
    assert _codes(engine) == []


def test_a_corrupted_cached_balance(engine):
    _healthy(engine)
    with engine.begin() as conn, bypassing_triggers(conn):  # as a DBA could
        conn.execute(update(accounts).where(accounts.c.name == "Liabilities:Payable:B0002")
                     .values(balance=accounts.c.balance + 1))
    with engine.connect() as conn:
        breaches = check_database(conn)
    assert [(b.code, b.ref) for b in breaches] == [
        ("balance_cache", "Liabilities:Payable:B0002")]
    assert "3001" in breaches[0].message and "3000" in breaches[0].message


def test_a_changed_posting(engine):
    ids = _healthy(engine)
    with engine.begin() as conn, bypassing_triggers(conn):
        conn.execute(update(postings).where(postings.c.transaction_id == ids["r1"],
                                            postings.c.amount == 10_000).values(amount=10_500))
    assert _codes(engine) == ["balance_cache", "chain", "trial_balance", "unbalanced"]


def test_a_removed_closing_row_and_a_lone_posting(engine):
    ids = _healthy(engine)
    with engine.begin() as conn, bypassing_triggers(conn):
        conn.execute(closings.delete().where(closings.c.transaction_id == ids["r2"]))
        conn.execute(postings.delete().where(postings.c.transaction_id == ids["p1"],
                                             postings.c.amount < 0))
    codes = _codes(engine)
    for code in ("unclosed", "too_few_postings", "unbalanced", "balance_cache",
                 "trial_balance", "reversal_not_negation"):
        assert code in codes


def test_orphans_and_bad_reversals(engine):
    ids = _healthy(engine)
    with engine.begin() as conn, bypassing_triggers(conn):
        clearing_id = conn.execute(select(accounts.c.id).where(
            accounts.c.name == "Assets:Clearing")).scalar_one()
        conn.execute(postings.insert(), [
            {"transaction_id": 9999, "account_id": clearing_id, "currency": "CNY",
             "amount": 5},
            {"transaction_id": 9999, "account_id": 8888, "currency": "CNY", "amount": -5}])
        x = conn.execute(transactions.insert().values(
            idempotency_key="x", request_hash="0" * 64, kind="reversal", occurred_on=DAY,
            narration="", reference="", reverses_id=ids["p1-x"], created_at=utcnow())
            .returning(transactions.c.id)).scalar_one()
        conn.execute(closings.insert().values(**chain.seal(conn, x)))
    codes = _codes(engine)
    for code in ("orphan_posting", "unknown_account", "reversal_of_reversal",
                 "too_few_postings", "reversal_not_negation"):
        assert code in codes


def test_a_receipt_that_does_not_share_out_all_it_received(engine):
    """Balanced, so the triggers take it; the book's own rule is that a receipt is shared
    out in full (the dashboard counts what was received as allocated)."""
    _healthy(engine)
    with engine.begin() as conn:
        store.post(conn, short_receipt())
    with engine.connect() as conn:
        breaches = check_database(conn)
    assert [(b.code, b.ref) for b in breaches] == [("receipt_unallocated", "short")]
    assert "-300" in breaches[0].message


def test_a_negative_balance(engine):
    _healthy(engine)
    with engine.begin() as conn, bypassing_triggers(conn):  # pay B0004 more than it is owed
        ids = {r.name: r.id for r in conn.execute(select(accounts.c.name, accounts.c.id))}
        txn_id = conn.execute(transactions.insert().values(
            idempotency_key="over", request_hash="0" * 64, kind="payout", occurred_on=DAY,
            narration="", reference="", created_at=utcnow())
            .returning(transactions.c.id)).scalar_one()
        conn.execute(postings.insert(), [
            {"transaction_id": txn_id, "account_id": ids["Liabilities:Payable:B0004"],
             "currency": "CNY", "amount": 10_000},
            {"transaction_id": txn_id, "account_id": ids["Assets:Clearing"],
             "currency": "CNY", "amount": -10_000}])
        conn.execute(closings.insert().values(**chain.seal(conn, txn_id)))
    with engine.connect() as conn:
        found = {(b.code, b.ref) for b in check_database(conn)}
    assert ("negative_balance", "Liabilities:Payable:B0004") in found
    assert ("balance_cache", "Liabilities:Payable:B0004") in found


def test_a_missing_trigger(engine):
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE ledger_postings DISABLE TRIGGER ledger_postings_open"
                          if postgres else "DROP TRIGGER ledger_postings_open"))
    try:
        with engine.connect() as conn:
            assert [(b.code, b.ref) for b in check_database(conn)] == [
                ("trigger_missing", "ledger_postings_open")]
    finally:
        with engine.begin() as conn:
            if postgres:
                conn.execute(text("ALTER TABLE ledger_postings ENABLE TRIGGER "
                                  "ledger_postings_open"))
            else:
                triggers.uninstall(conn)
                triggers.install(conn)
    assert _codes(engine) == []


def test_breaches_are_capped(engine):
    _healthy(engine)
    with engine.begin() as conn, bypassing_triggers(conn):  # accounts open at 0 otherwise
        conn.execute(accounts.insert(), [
            {"name": f"Liabilities:Payable:B{n:04d}", "kind": "payable", "currency": "CNY",
             "ref": f"B{n:04d}", "normal": -1, "floor": True, "balance": 1,
             "created_at": utcnow()} for n in range(100, 100 + LIMIT + 5)])
    with engine.connect() as conn:
        breaches = check_database(conn)
    assert len(breaches) == LIMIT + 1 and "more than" in breaches[-1].message


def test_a_rewritten_header_breaks_the_hash_chain(engine):
    """Issue 15, E.13: a DBA with the triggers off rewrites a closed transaction's date,
    narration and reference; balances still agree, so only the hash chain tells."""
    ids = _healthy(engine)
    with engine.begin() as conn, bypassing_triggers(conn):
        conn.execute(update(transactions).where(transactions.c.id == ids["r2"])
                     .values(occurred_on=DAY.replace(year=2020), narration="rewritten",
                             reference="forged"))
    with engine.connect() as conn:
        breaches = check_database(conn)
    assert [(b.code, b.ref) for b in breaches] == [("chain", "r2")]
    assert "rewritten" in breaches[0].message


def test_a_leg_moved_between_transactions_breaks_the_hash_chain(engine):
    ids = _healthy(engine)
    with engine.begin() as conn, bypassing_triggers(conn):  # swap two equal legs' owners
        legs = conn.execute(select(postings.c.id, postings.c.transaction_id)
                            .where(postings.c.transaction_id.in_([ids["p1"], ids["p1-x"]]),
                                   postings.c.amount.in_([2_000, -2_000]))
                            .order_by(postings.c.id)).all()
        first = next(leg for leg in legs if leg.transaction_id == ids["p1"])
        conn.execute(update(postings).where(postings.c.id == first.id)
                     .values(transaction_id=ids["r1"]))
    assert "chain" in _codes(engine)


def test_a_removed_closing_row_leaves_a_gap_in_the_chain(engine):
    ids = _healthy(engine)
    with engine.begin() as conn, bypassing_triggers(conn):
        conn.execute(closings.delete().where(closings.c.transaction_id == ids["r2"]))
    with engine.connect() as conn:
        found = [b for b in check_database(conn) if b.code == "chain"]
    assert len(found) == 1 and "skip" in found[0].message


def test_the_migration_chains_existing_rows_as_the_store_does(engine):
    """Revision 0013 computes seq and hash for a book closed before it, in closing order:
    the same chain the store builds row by row."""
    import importlib.util
    from pathlib import Path

    path = next(Path("migrations/versions").glob("0013_*.py"))
    spec = importlib.util.spec_from_file_location("revision_0013", path)
    revision = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision)
    _healthy(engine)
    with engine.connect() as conn:
        stored = conn.execute(select(closings.c.seq, closings.c.hash)
                              .order_by(closings.c.seq)).all()
    with engine.begin() as conn, bypassing_triggers(conn):
        conn.execute(update(closings).values(hash="0" * 64))
        assert revision._chain_existing(conn) == len(stored)
    with engine.connect() as conn:
        assert conn.execute(select(closings.c.seq, closings.c.hash)
                            .order_by(closings.c.seq)).all() == stored
        assert check_database(conn) == []
