"""The book as a Beancount file that `bean-check` accepts.

Accounts are opened on (or before) their first use, with their kind and ref as metadata;
each transaction carries its key, reference and (for reversals) the key it reverses; a
balance assertion per account, the day after the last transaction, pins the cached
balances exactly (zero tolerance). Amounts are decimal units with two places (fen -> yuan).
"""
from __future__ import annotations

import datetime
from typing import TextIO

from sqlalchemy import Connection, func, select

from ledger.schema import accounts, postings, transactions
from ledger.store import iter_transactions


def quote(value: str) -> str:
    """A Beancount string literal: backslashes and double quotes escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def units(amount: int) -> str:
    """Minor units as a decimal with two places: 10000001 -> '100000.01'."""
    sign = "-" if amount < 0 else ""
    whole, cents = divmod(abs(amount), 100)
    return f"{sign}{whole}.{cents:02d}"


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):  # SQLite hands back text from aggregates over dates
        return datetime.date.fromisoformat(value[:10])
    return value


def write_beancount(conn: Connection, out: TextIO,
                    title: str = "Innovation Exchange ledger") -> None:
    first_use = (select(postings.c.account_id,
                        func.min(transactions.c.occurred_on).label("first"))
                 .join(transactions, transactions.c.id == postings.c.transaction_id)
                 .group_by(postings.c.account_id).subquery())
    rows = conn.execute(
        select(accounts.c.name, accounts.c.kind, accounts.c.ref, accounts.c.currency,
               accounts.c.normal, accounts.c.balance, accounts.c.created_at,
               first_use.c.first)
        .outerjoin(first_use, first_use.c.account_id == accounts.c.id)
        .order_by(accounts.c.name)).all()
    last = conn.execute(select(func.max(transactions.c.occurred_on))).scalar()

    out.write(f"option \"title\" {quote(title)}\n")
    out.write('option "operating_currency" "CNY"\n\n')
    opened = []
    for row in rows:
        day = row.created_at.date()
        if row.first is not None:
            day = min(day, _as_date(row.first))
        opened.append(day)
        out.write(f"{day.isoformat()} open {row.name} {row.currency}\n"
                  f"  kind: {quote(row.kind)}\n  ref: {quote(row.ref)}\n")
    out.write("\n")

    for txn in iter_transactions(conn):
        out.write(f"{txn.date.isoformat()} txn {quote(txn.narration)}\n")
        out.write(f"  key: {quote(txn.key)}\n  kind: {quote(txn.kind)}\n")
        out.write(f"  reference: {quote(txn.reference)}\n")
        if txn.reverses is not None:
            out.write(f"  reverses: {quote(txn.reverses)}\n")
        for posting in txn.postings:
            out.write(f"  {posting.account}  {units(posting.amount)} {posting.currency}\n")
        out.write("\n")

    # Beancount asserts a balance at the start of its day: the day after the last entry.
    # Its inferred tolerance for two decimals is 0.01, so a one-fen error would pass:
    # "~ 0.00" makes each assertion exact.
    dates = [*opened] + ([_as_date(last)] if last is not None else [])
    if dates:
        when = (max(dates) + datetime.timedelta(days=1)).isoformat()
        for row in rows:
            out.write(f"{when} balance {row.name}  {units(row.normal * row.balance)} ~ 0.00 "
                      f"{row.currency}\n")
