"""Writing and reading the book through a SQLAlchemy Connection.

Every function takes a Connection already inside the caller's transaction (the app passes
`db.session.connection()`) and never commits. `post` works inside a SAVEPOINT, so a refused
post (InsufficientBalance, IdempotencyConflict, ...) is rolled back on its own and leaves
the caller's transaction usable, on PostgreSQL as on SQLite.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import aliased

from ledger import chain
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
from ledger.model import Account, AccountKind, Posting, Transaction, request_hash
from ledger.schema import (
    FLOOR_CONSTRAINT,
    REVERSES_CONSTRAINT,
    accounts,
    closings,
    postings,
    transactions,
    utcnow,
)
from ledger.validation import check_transaction


@dataclass(frozen=True)
class PostResult:
    id: int
    replayed: bool


@dataclass(frozen=True)
class BeneficiaryTotals:
    """In normal terms: allocated (Expenses:Allocated), still payable, and paid out."""

    allocated: int
    payable: int

    @property
    def paid(self) -> int:
        return self.allocated - self.payable


def _insert(conn: Connection, table):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def begin_write(conn: Connection) -> None:
    """On SQLite, open a real write transaction (BEGIN IMMEDIATE) if none is open yet.

    pysqlite defers BEGIN until the first INSERT/UPDATE/DELETE. A SAVEPOINT issued before
    that would itself open the transaction, and releasing it would commit the caller's
    work; BEGIN IMMEDIATE also makes writers queue on the database lock up front (DESIGN:
    a single writer on SQLite). A no-op on PostgreSQL and inside an open transaction.
    """
    if conn.dialect.name != "sqlite":
        return
    dbapi = conn.connection.dbapi_connection
    if dbapi is not None and not dbapi.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def open_account(conn: Connection, account: Account) -> int:
    """The account's id, inserting it first if no account has its name (idempotent).

    Read first: on SQLite the triggers refuse an INSERT whose name is taken even with ON
    CONFLICT DO NOTHING (they guard against REPLACE); the writer lock makes it race-free
    there, and ON CONFLICT settles the race on PostgreSQL."""
    begin_write(conn)
    found = _account_row(conn, account.name)
    if found is None:
        values = {"name": account.name, "kind": account.kind.value,
                  "currency": account.currency, "ref": account.ref,
                  "normal": account.normal, "floor": account.floor, "balance": 0,
                  "created_at": utcnow()}
        stmt = (_insert(conn, accounts).values(**values)
                .on_conflict_do_nothing(index_elements=["name"]).returning(accounts.c.id))
        new_id = conn.execute(stmt).scalar()
        if new_id is not None:
            return new_id
        found = _account_row(conn, account.name)
    if (found.kind, found.currency) != (account.kind.value, account.currency):
        raise LedgerError(
            f"{account.name} is open as a {found.kind} account in {found.currency}")
    return found.id


def _account_row(conn: Connection, name: str):
    return conn.execute(select(accounts.c.id, accounts.c.kind, accounts.c.currency)
                        .where(accounts.c.name == name)).first()


def _constraint_error(exc: DBAPIError) -> LedgerError | None:
    text = str(exc.orig)
    if FLOOR_CONSTRAINT in text:
        return InsufficientBalance(
            "an account would go below zero (a payout above what is payable?)")
    if REVERSES_CONSTRAINT in text or "ledger_transactions.reverses_id" in text:
        return AlreadyReversed("the transaction has been reversed already")
    if "unbalanced" in text or "at least 2" in text:
        return Unbalanced(text.splitlines()[0])
    return None


def post(conn: Connection, txn: Transaction) -> PostResult:
    """Post `txn` once: a retry under the same key returns the first result, replayed.

    Header first (INSERT ... ON CONFLICT (idempotency_key) DO NOTHING), then the postings
    in account-id order, then the closing row (next in the hash chain, `chain.seal`),
    whose triggers check the balance and update the cached account balances. Raises
    Unbalanced (before touching the database), IdempotencyConflict, UnknownAccount,
    UnknownTransaction, AlreadyReversed, InvalidReversal or InsufficientBalance. The work
    is done in a SAVEPOINT that is rolled back on any error, so the caller's transaction
    stays usable; on PostgreSQL that includes a refused CHECK (without the savepoint it
    would abort the whole transaction).
    A concurrent post of the same key waits for the first one's commit, then replays it.
    """
    problems = check_transaction(txn)
    if problems:
        raise Unbalanced("; ".join(problems))
    digest = request_hash(txn)
    begin_write(conn)
    try:
        with conn.begin_nested():
            return _post(conn, txn, digest)
    except IntegrityError as exc:
        mapped = _constraint_error(exc)
        if mapped is None:
            raise
        raise mapped from exc


def _post(conn: Connection, txn: Transaction, digest: str) -> PostResult:
    reverses_id = _original_id(conn, txn) if txn.reverses is not None else None
    header = {"idempotency_key": txn.key, "request_hash": digest, "kind": txn.kind,
              "occurred_on": txn.date, "narration": txn.narration,
              "reference": txn.reference, "reverses_id": reverses_id,
              "created_at": utcnow()}
    # Read first (see open_account); ON CONFLICT settles a race on PostgreSQL.
    txn_id = None if _existing(conn, txn.key) else conn.execute(
        _insert(conn, transactions).values(**header)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(transactions.c.id)).scalar()
    if txn_id is None:
        row = _existing(conn, txn.key)
        if row.request_hash != digest:
            raise IdempotencyConflict(f"key {txn.key} was used for a different transaction")
        return PostResult(row.id, replayed=True)
    if reverses_id is not None:
        _check_negation(conn, txn, reverses_id)
    ids = _account_ids(conn, txn.postings)
    rows = sorted(({"transaction_id": txn_id, "account_id": ids[(p.account, p.currency)],
                    "currency": p.currency, "amount": p.amount} for p in txn.postings),
                  key=lambda r: (r["account_id"], r["amount"]))
    conn.execute(postings.insert(), rows)
    conn.execute(closings.insert().values(**chain.seal(conn, txn_id)))
    return PostResult(txn_id, replayed=False)


def _existing(conn: Connection, key: str):
    return conn.execute(select(transactions.c.id, transactions.c.request_hash)
                        .where(transactions.c.idempotency_key == key)).first()


def _original_id(conn: Connection, txn: Transaction) -> int:
    row = conn.execute(select(transactions.c.id, transactions.c.kind)
                       .where(transactions.c.idempotency_key == txn.reverses)).first()
    if row is None:
        raise UnknownTransaction(f"{txn.key} reverses {txn.reverses}, which is not in the book")
    if row.kind == "reversal":
        raise InvalidReversal(f"{txn.reverses} is a reversal; it cannot be reversed")
    # Checked after the replay test too: the UNIQUE on reverses_id settles races.
    taken = conn.execute(select(transactions.c.idempotency_key)
                         .where(transactions.c.reverses_id == row.id)).scalar()
    if taken is not None and taken != txn.key:
        raise AlreadyReversed(f"{txn.reverses} was reversed by {taken}")
    return row.id


def _check_negation(conn: Connection, txn: Transaction, original_id: int) -> None:
    original = _postings_of(conn, [original_id]).get(original_id, [])
    negated = sorted((p.account, p.currency, -p.amount) for p in original)
    if negated != sorted((p.account, p.currency, p.amount) for p in txn.postings):
        raise InvalidReversal(f"{txn.key} does not negate every posting of {txn.reverses}")


def _account_ids(conn: Connection, items: Iterable[Posting]) -> dict[tuple[str, str], int]:
    wanted = {(p.account, p.currency) for p in items}
    rows = conn.execute(select(accounts.c.id, accounts.c.name, accounts.c.currency)
                        .where(accounts.c.name.in_(sorted({n for n, _ in wanted})))).all()
    found = {(r.name, r.currency): r.id for r in rows}
    missing = sorted(wanted - found.keys())
    if missing:
        raise UnknownAccount("no open account " + ", ".join(f"{n} in {c}" for n, c in missing))
    return found


def balance(conn: Connection, account_name: str) -> int:
    """The account's balance in normal terms (the trigger-kept cache)."""
    value = conn.execute(select(accounts.c.balance)
                         .where(accounts.c.name == account_name)).scalar()
    if value is None:
        raise UnknownAccount(f"no open account {account_name}")
    return value


def balances_by_ref(conn: Connection, kind: AccountKind, refs: Iterable[str] | None = None,
                    currency: str = "CNY") -> dict[str, int]:
    """{ref: balance in normal terms} for the accounts of one kind (and currency)."""
    stmt = select(accounts.c.ref, accounts.c.balance).where(
        accounts.c.kind == AccountKind(kind).value, accounts.c.currency == currency)
    if refs is not None:
        stmt = stmt.where(accounts.c.ref.in_(sorted(set(refs))))
    return {row.ref: row.balance for row in conn.execute(stmt)}


def beneficiary_totals(conn: Connection, beneficiary_ids: Iterable[int],
                       currency: str = "CNY") -> dict[int, BeneficiaryTotals]:
    """Allocated, payable and paid per beneficiary id (absent ids had nothing allocated)."""
    refs = {f"B{b:04d}": b for b in beneficiary_ids}
    allocated = balances_by_ref(conn, AccountKind.SHARE, refs, currency)
    payable = balances_by_ref(conn, AccountKind.PAYABLE, refs, currency)
    return {refs[ref]: BeneficiaryTotals(allocated[ref], payable.get(ref, 0))
            for ref in allocated}


def _postings_of(conn: Connection, txn_ids: list[int]) -> dict[int, list[Posting]]:
    if not txn_ids:
        return {}
    stmt = (select(postings.c.transaction_id, accounts.c.name, postings.c.amount,
                   postings.c.currency)
            .join(accounts, accounts.c.id == postings.c.account_id)
            .where(postings.c.transaction_id.between(min(txn_ids), max(txn_ids)))
            .order_by(postings.c.transaction_id, postings.c.id))
    found: dict[int, list[Posting]] = {}
    wanted = set(txn_ids)
    for row in conn.execute(stmt):
        if row.transaction_id in wanted:
            found.setdefault(row.transaction_id, []).append(
                Posting(row.name, row.amount, row.currency))
    return found


def _headers():
    original = aliased(transactions)
    return (select(transactions.c.id, transactions.c.idempotency_key, transactions.c.kind,
                   transactions.c.occurred_on, transactions.c.narration,
                   transactions.c.reference, original.c.idempotency_key.label("reverses"))
            .join(closings, closings.c.transaction_id == transactions.c.id)
            .outerjoin(original, original.c.id == transactions.c.reverses_id))


def _transaction(row, items: list[Posting]) -> Transaction:
    occurred = row.occurred_on
    if isinstance(occurred, datetime.datetime):
        occurred = occurred.date()
    return Transaction(row.idempotency_key, occurred, row.kind, row.narration, tuple(items),
                       row.reference, row.reverses)


def load_transaction(conn: Connection, key: str) -> Transaction | None:
    """The closed transaction with this idempotency key, or None."""
    row = conn.execute(_headers().where(transactions.c.idempotency_key == key)).first()
    if row is None:
        return None
    return _transaction(row, _postings_of(conn, [row.id]).get(row.id, []))


def iter_transactions(conn: Connection, batch: int = 2000) -> Iterator[Transaction]:
    """Every closed transaction in id order, fetched `batch` headers at a time."""
    last = 0
    while True:
        rows = conn.execute(_headers().where(transactions.c.id > last)
                            .order_by(transactions.c.id).limit(batch)).all()
        if not rows:
            return
        by_id = _postings_of(conn, [row.id for row in rows])
        for row in rows:
            yield _transaction(row, by_id.get(row.id, []))
        last = rows[-1].id


def transaction_id(conn: Connection, key: str) -> int | None:
    return conn.execute(select(transactions.c.id)
                        .where(transactions.c.idempotency_key == key)).scalar()


__all__ = ["BeneficiaryTotals", "PostResult", "balance", "balances_by_ref", "begin_write",
           "beneficiary_totals", "iter_transactions", "load_transaction", "open_account",
           "post", "transaction_id"]
