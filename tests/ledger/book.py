"""Helpers shared by the ledger tests: a small book of accounts and receipts, a scratch
in-memory SQLite book, and a way past the triggers to corrupt a book on purpose."""
from __future__ import annotations

import datetime
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.pool import StaticPool

from ledger import core, store, triggers
from ledger.schema import metadata

DAY = datetime.date(2026, 3, 2)
# Two agreements; beneficiaries 1-3 share the first, 3-4 the second.
SPLITS = {1: [(1, 5000), (2, 3000), (3, 2000)], 2: [(3, 7000), (4, 3000)]}


def memory_engine():
    """A fresh in-memory SQLite book: schema from the metadata, triggers installed."""
    engine = create_engine("sqlite://", poolclass=StaticPool,
                           connect_args={"check_same_thread": False})
    with engine.begin() as conn:
        metadata.create_all(conn)
        triggers.install(conn)
    return engine


def all_accounts(splits=SPLITS, currency="CNY") -> list[core.Account]:
    found = [core.clearing(currency)]
    for agreement_id, shares in splits.items():
        found.append(core.revenue_account(agreement_id, currency))
        for beneficiary_id, _ in shares:
            found += [core.share_account(beneficiary_id, currency),
                      core.payable_account(beneficiary_id, currency)]
    return list({a.name: a for a in found}.values())


def open_book(conn, splits=SPLITS) -> dict[str, core.Account]:
    accounts = all_accounts(splits)
    for account in accounts:
        store.open_account(conn, account)
    return {a.name: a for a in accounts}


def receipt(key: str, amount: int, agreement_id: int = 1, **kw) -> core.Transaction:
    return core.receipt(key, DAY, amount, agreement_id, SPLITS[agreement_id], **kw)


def payout(key: str, amount: int, beneficiary_id: int = 1, **kw) -> core.Transaction:
    return core.payout(key, DAY, amount, beneficiary_id, **kw)


def short_receipt(key: str = "short") -> core.Transaction:
    """A balanced receipt of 10.00 that shares out only 7.00 of it."""
    return core.Transaction(key, DAY, "receipt", "", (
        core.Posting("Assets:Clearing", 1000), core.Posting("Income:Agreement:A0001", -1000),
        core.Posting("Expenses:Allocated:B0001", 700),
        core.Posting("Liabilities:Payable:B0001", -700)))


@contextmanager
def bypassing_triggers(conn):
    """Write past the ledger's triggers inside the current transaction: replica role on
    PostgreSQL (foreign keys off too), triggers dropped and recreated on SQLite."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        yield
        conn.execute(text("SET LOCAL session_replication_role = origin"))
    else:
        store.begin_write(conn)
        triggers.uninstall(conn)
        yield
        triggers.install(conn)
