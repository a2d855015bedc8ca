"""The book checked from the database itself, with SQL aggregates (no rows loaded into
Python beyond the breaches): fast enough for millions of postings.

Codes: unclosed, too_few_postings, unbalanced, orphan_posting, unknown_account,
balance_cache, negative_balance, reversal_of_reversal, reversal_not_negation,
double_reversal, receipt_unallocated, trial_balance, trigger_missing, and chain (a closing
row whose stored hash no longer matches its transaction's header and postings: history
rewritten; `ledger.chain`, read in batches). Each query reports at most LIMIT rows, then
one "more" breach.
"""
from __future__ import annotations

from sqlalchemy import Connection, case, func, literal, select, text, union_all
from sqlalchemy.orm import aliased

from ledger import chain
from ledger.model import AccountKind, Breach
from ledger.schema import accounts, closings, postings, transactions
from ledger.triggers import trigger_names

LIMIT = 50

t, p, c, a = transactions, postings, closings, accounts


def _collect(conn: Connection, code: str, stmt, describe) -> list[Breach]:
    rows = conn.execute(stmt.limit(LIMIT + 1)).all()
    found = [describe(row) for row in rows[:LIMIT]]
    if len(rows) > LIMIT:
        found.append(Breach(code, f"{code}: more than {LIMIT} rows; first {LIMIT} shown"))
    return found


def _unclosed(conn):
    stmt = (select(t.c.id, t.c.idempotency_key).outerjoin(c, c.c.transaction_id == t.c.id)
            .where(c.c.transaction_id.is_(None)).order_by(t.c.id))
    return _collect(conn, "unclosed", stmt, lambda r: Breach(
        "unclosed", f"transaction {r.id} ({r.idempotency_key}) has no closing row",
        r.idempotency_key))


def _too_few(conn):
    counts = (select(p.c.transaction_id, func.count().label("n"))
              .group_by(p.c.transaction_id).subquery())
    n = func.coalesce(counts.c.n, 0)
    stmt = (select(t.c.id, t.c.idempotency_key, n.label("n"))
            .outerjoin(counts, counts.c.transaction_id == t.c.id)
            .where(n < 2).order_by(t.c.id))
    return _collect(conn, "too_few_postings", stmt, lambda r: Breach(
        "too_few_postings", f"transaction {r.id} ({r.idempotency_key}) has {r.n} posting(s)",
        r.idempotency_key))


def _unbalanced(conn):
    total = func.sum(p.c.amount)
    stmt = (select(p.c.transaction_id, p.c.currency, total.label("total"))
            .group_by(p.c.transaction_id, p.c.currency).having(total != 0)
            .order_by(p.c.transaction_id))
    return _collect(conn, "unbalanced", stmt, lambda r: Breach(
        "unbalanced", f"transaction {r.transaction_id}: {r.currency} postings sum to "
        f"{r.total}", str(r.transaction_id)))


def _orphans(conn):
    stmt = (select(p.c.id, p.c.transaction_id).outerjoin(t, t.c.id == p.c.transaction_id)
            .where(t.c.id.is_(None)).order_by(p.c.id))
    found = _collect(conn, "orphan_posting", stmt, lambda r: Breach(
        "orphan_posting", f"posting {r.id} names missing transaction {r.transaction_id}",
        str(r.id)))
    stmt = (select(p.c.id, p.c.account_id, p.c.currency)
            .outerjoin(a, (a.c.id == p.c.account_id) & (a.c.currency == p.c.currency))
            .where(a.c.id.is_(None)).order_by(p.c.id))
    return found + _collect(conn, "unknown_account", stmt, lambda r: Breach(
        "unknown_account", f"posting {r.id} names account {r.account_id} in {r.currency}, "
        "which does not exist", str(r.id)))


def _balances(conn):
    # The cache counts closed transactions only: the closing trigger maintains it.
    sums = (select(p.c.account_id, func.sum(p.c.amount).label("total"))
            .join(c, c.c.transaction_id == p.c.transaction_id)
            .group_by(p.c.account_id).subquery())
    computed = a.c.normal * func.coalesce(sums.c.total, 0)
    base = (select(a.c.name, a.c.balance, computed.label("computed"))
            .outerjoin(sums, sums.c.account_id == a.c.id).order_by(a.c.id))
    found = _collect(conn, "balance_cache", base.where(a.c.balance != computed),
                     lambda r: Breach("balance_cache", f"{r.name}: cached balance {r.balance}"
                                      f", postings give {r.computed}", r.name))
    negative = base.where(a.c.floor, (a.c.balance < 0) | (computed < 0))
    return found + _collect(conn, "negative_balance", negative, lambda r: Breach(
        "negative_balance", f"{r.name} is below zero ({r.computed})", r.name))


def _reversals(conn):
    original = aliased(t)
    stmt = (select(t.c.idempotency_key, original.c.idempotency_key.label("original"))
            .join(original, original.c.id == t.c.reverses_id)
            .where(original.c.kind == "reversal").order_by(t.c.id))
    found = _collect(conn, "reversal_of_reversal", stmt, lambda r: Breach(
        "reversal_of_reversal", f"{r.idempotency_key} reverses {r.original}, itself a "
        "reversal", r.idempotency_key))
    count = func.count()
    stmt = (select(t.c.reverses_id, count.label("n")).where(t.c.reverses_id.is_not(None))
            .group_by(t.c.reverses_id).having(count > 1))
    found += _collect(conn, "double_reversal", stmt, lambda r: Breach(
        "double_reversal", f"transaction {r.reverses_id} is reversed {r.n} times",
        str(r.reverses_id)))
    # A reversal and its original cancel to zero on every account, and match in count.
    own = (select(t.c.id.label("rid"), p.c.account_id, p.c.currency, p.c.amount,
                  literal(1).label("n"))
           .join(p, p.c.transaction_id == t.c.id).where(t.c.reverses_id.is_not(None)))
    theirs = (select(t.c.id.label("rid"), p.c.account_id, p.c.currency, p.c.amount,
                     literal(-1).label("n"))
              .join(p, p.c.transaction_id == t.c.reverses_id)
              .where(t.c.reverses_id.is_not(None)))
    both = union_all(own, theirs).subquery()
    stmt = (select(both.c.rid).group_by(both.c.rid, both.c.account_id, both.c.currency)
            .having((func.sum(both.c.amount) != 0) | (func.sum(both.c.n) != 0))
            .distinct().order_by(both.c.rid))
    return found + _collect(conn, "reversal_not_negation", stmt, lambda r: Breach(
        "reversal_not_negation", f"reversal {r.rid} does not negate what it reverses",
        str(r.rid)))


def _unallocated(conn):
    """A receipt shares out all it receives: its share legs add up to its revenue leg."""
    shared = (AccountKind.SHARE.value, AccountKind.REVENUE.value)
    gap = func.sum(case((a.c.kind.in_(shared), p.c.amount), else_=0))
    stmt = (select(t.c.id, t.c.idempotency_key, p.c.currency, gap.label("gap"))
            .join(p, p.c.transaction_id == t.c.id).join(a, a.c.id == p.c.account_id)
            .where(t.c.kind == "receipt")
            .group_by(t.c.id, t.c.idempotency_key, p.c.currency).having(gap != 0)
            .order_by(t.c.id))
    return _collect(conn, "receipt_unallocated", stmt, lambda r: Breach(
        "receipt_unallocated", f"receipt {r.id} ({r.idempotency_key}): {r.currency} shares "
        f"differ from the revenue by {r.gap}", r.idempotency_key))


def _trial_balance(conn):
    total = func.sum(p.c.amount)
    stmt = (select(p.c.currency, total.label("total")).group_by(p.c.currency)
            .having(total != 0).order_by(p.c.currency))
    return _collect(conn, "trial_balance", stmt, lambda r: Breach(
        "trial_balance", f"{r.currency} postings sum to {r.total}, not 0", r.currency))


def _triggers(conn):
    dialect = conn.dialect.name
    if dialect == "sqlite":
        present = set(conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    else:
        # tgenabled 'D' is a disabled trigger: as good as missing.
        present = set(conn.execute(text(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
            "AND tgrelid IN ('ledger_transactions'::regclass, 'ledger_postings'::regclass, "
            "'ledger_closings'::regclass, 'ledger_accounts'::regclass)")).scalars())
    return [Breach("trigger_missing", f"trigger {name} is not installed", name)
            for name in trigger_names(dialect) if name not in present]


CHECKS = (_triggers, _unclosed, _too_few, _unbalanced, _orphans, _balances, _reversals,
          _unallocated, _trial_balance, chain.verify)


def check_database(conn: Connection) -> list[Breach]:
    """Every rule of the book, verified from the tables: [] when healthy."""
    found: list[Breach] = []
    for run in CHECKS:
        found.extend(run(conn))
    return found
