"""A hash chain over the closed transactions, so that rewriting history shows.

Each closing row stores `seq` (1, 2, 3, ... in closing order; the triggers refuse any
other) and `hash` = sha256(previous row's hash, the transaction's header, its postings).
A header or a posting changed afterwards (by someone who switched the triggers off, as a
DBA can) no longer hashes to what its closing row stored, and every later row chains on
it: `verify` recomputes the chain from the tables and reports the first row that differs.

SQLite has no sha256 in SQL, so the writer computes the hash (`seal`, from the rows as
stored) and the database checks the order; `ledger.checks` verifies the digests.
"""
from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator

from sqlalchemy import Connection, select, text

from ledger.model import Breach
from ledger.schema import closings, postings, transactions, utcnow

GENESIS = "0" * 64
# PostgreSQL: one closing at a time, so that `seq` and the previous hash read by `seal`
# are still the tip when the closing row goes in (held until commit; re-entrant).
_PG_LOCK = text("SELECT pg_advisory_xact_lock(7626453)")


def digest(prev_hash: str, header, legs) -> str:
    """The chain hash of one transaction: `header` has the ledger_transactions columns
    below, `legs` are (account_id, currency, amount) tuples in any order."""
    occurred = header.occurred_on
    if isinstance(occurred, datetime.datetime):
        occurred = occurred.date()
    body = [header.id, header.idempotency_key, header.request_hash, header.kind,
            occurred.isoformat(), header.narration, header.reference, header.reverses_id,
            sorted([a, c, m] for a, c, m in legs)]
    canonical = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


_HEADER = (transactions.c.id, transactions.c.idempotency_key, transactions.c.request_hash,
           transactions.c.kind, transactions.c.occurred_on, transactions.c.narration,
           transactions.c.reference, transactions.c.reverses_id)


def tip(conn: Connection) -> tuple[int, str]:
    """(seq, hash) of the last closing row, (0, GENESIS) for an empty book."""
    row = conn.execute(select(closings.c.seq, closings.c.hash)
                       .order_by(closings.c.seq.desc()).limit(1)).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def seal(conn: Connection, transaction_id: int) -> dict:
    """The closing row of a transaction whose header and postings are written: the values
    to insert into ledger_closings. Every writer (the store, a migration, a raw-SQL
    script) closes a transaction through this."""
    if conn.dialect.name == "postgresql":
        conn.execute(_PG_LOCK)
    seq, prev = tip(conn)
    header = conn.execute(select(*_HEADER).where(transactions.c.id == transaction_id)).one()
    legs = conn.execute(select(postings.c.account_id, postings.c.currency, postings.c.amount)
                        .where(postings.c.transaction_id == transaction_id)).all()
    return {"transaction_id": transaction_id, "seq": seq + 1,
            "hash": digest(prev, header, legs), "closed_at": utcnow()}


def _rows(conn: Connection, batch: int) -> Iterator[tuple]:
    """(closing row, header, legs) in seq order, `batch` closings at a time."""
    last = 0
    while True:
        rows = conn.execute(
            select(closings.c.seq, closings.c.hash, *_HEADER)
            .join(transactions, transactions.c.id == closings.c.transaction_id,
                  isouter=True)
            .add_columns(closings.c.transaction_id.label("closed_id"))
            .where(closings.c.seq > last).order_by(closings.c.seq).limit(batch)).all()
        if not rows:
            return
        ids = [r.closed_id for r in rows]
        legs: dict[int, list] = {}
        # A range of ids read by the index (closing order is near id order), then filtered.
        stmt = (select(postings.c.transaction_id, postings.c.account_id, postings.c.currency,
                       postings.c.amount)
                .where(postings.c.transaction_id.between(min(ids), max(ids))))
        wanted = set(ids)
        for txn_id, account_id, currency, amount in conn.execute(stmt).tuples().all():
            if txn_id in wanted:
                legs.setdefault(txn_id, []).append((account_id, currency, amount))
        for row in rows:
            yield row, legs.get(row.closed_id, [])
        last = rows[-1].seq


def verify(conn: Connection, batch: int = 2000) -> list[Breach]:
    """Recompute the chain from the tables: [] when every closing row's hash matches. Reports
    the first break only (every later hash depends on it), plus a gap in `seq`."""
    expected_seq, prev = 1, GENESIS
    for row, legs in _rows(conn, batch):
        if row.seq != expected_seq:
            return [Breach("chain", f"closing rows skip from seq {expected_seq - 1} to "
                            f"{row.seq} (a closed transaction was removed?)", str(row.seq))]
        if row.id is None or digest(prev, row, legs) != row.hash:
            ref = row.idempotency_key or str(row.closed_id)
            return [Breach("chain", f"transaction {row.closed_id} ({ref}) no longer matches "
                            f"the hash its closing row stored (seq {row.seq}): its header or "
                            "postings were rewritten", ref)]
        expected_seq, prev = expected_seq + 1, row.hash
    return []
