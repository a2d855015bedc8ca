"""The ledger's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Rows are written header first (ledger_transactions), then postings, then the closing row
(ledger_closings); the triggers in `ledger.triggers` check the transaction at the closing
row and keep `ledger_accounts.balance` in step. Revision 0008 creates these, 0011 and 0012
add the indexes the programme dashboard reads by, and 0013 the hash chain's columns and
the triggers.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    CHAR,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.types import TypeDecorator

# Constraint names identical on both engines; the app's MetaData uses this one too
# (exchange.extensions), so every table of the database is named alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
FLOOR_CONSTRAINT = "ck_ledger_accounts_floor"
REVERSES_CONSTRAINT = "uq_ledger_transactions_reverses_id"

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCTimestamp(TypeDecorator):
    """timestamptz on PostgreSQL; SQLite keeps no zone, so values come back marked UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


accounts = Table(
    "ledger_accounts", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(10), nullable=False),
    Column("currency", CHAR(3), nullable=False),
    Column("ref", String(20), nullable=False, index=True, default=""),
    Column("normal", SmallInteger, nullable=False),
    Column("floor", Boolean, nullable=False),
    # A cache, in normal terms, of the account's closed postings: written by triggers only.
    Column("balance", BigInteger, nullable=False, default=0, server_default="0"),
    # The seq of the last closing row applied to `balance`: the triggers let a balance
    # change only by the latest closed transaction, once (ledger.triggers).
    Column("applied_seq", BigInteger, nullable=False, default=0, server_default="0"),
    Column("created_at", UTCTimestamp, nullable=False, default=utcnow),
    CheckConstraint("kind IN ('clearing', 'revenue', 'share', 'payable')", name="kind"),
    CheckConstraint("normal IN (1, -1)", name="normal"),
    CheckConstraint("NOT floor OR balance >= 0", name="floor"),
    # The target of the postings' composite key: a posting's currency is its account's.
    UniqueConstraint("id", "currency"),
)

transactions = Table(
    "ledger_transactions", metadata,
    Column("id", Integer, primary_key=True),
    Column("idempotency_key", String(64), nullable=False, unique=True),
    Column("request_hash", CHAR(64), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("narration", Text, nullable=False, default=""),
    Column("reference", String(120), nullable=False, default=""),
    # Unique: a transaction is reversed at most once.
    Column("reverses_id", Integer, ForeignKey("ledger_transactions.id"), nullable=True,
           unique=True),
    Column("created_at", UTCTimestamp, nullable=False, default=utcnow),
    CheckConstraint("kind IN ('receipt', 'payout', 'reversal')", name="kind"),
    CheckConstraint("(kind = 'reversal') = (reverses_id IS NOT NULL)", name="reverses"),
    # Receipts or payouts of a period without reading the rows (id: for PostgreSQL's
    # index-only scans; SQLite keys every index by the rowid anyway).
    Index("ix_ledger_transactions_kind_occurred_on", "kind", "occurred_on", "id"),
)

postings = Table(
    "ledger_postings", metadata,
    Column("id", Integer, primary_key=True),
    Column("transaction_id", Integer, nullable=False, index=True),
    Column("account_id", Integer, nullable=False),
    Column("currency", CHAR(3), nullable=False),
    Column("amount", BigInteger, nullable=False),
    CheckConstraint("amount <> 0", name="amount"),
    ForeignKeyConstraint(["transaction_id"], ["ledger_transactions.id"],
                         deferrable=True, initially="DEFERRED"),
    ForeignKeyConstraint(["account_id", "currency"],
                         ["ledger_accounts.id", "ledger_accounts.currency"]),
    # An account's legs in entry order, with what they carry: statements page through
    # them, and the dashboard sums a period's cash legs without reading the rows.
    Index("ix_ledger_postings_account_id_transaction_id_currency_amount", "account_id",
          "transaction_id", "currency", "amount"),
    # An account's debit legs alone: a payable's are its payouts, read without wading
    # through the credit a receipt posts to it each time.
    Index("ix_ledger_postings_account_debits", "account_id", "transaction_id", "currency",
          "amount", sqlite_where=text("amount > 0"), postgresql_where=text("amount > 0")),
)

closings = Table(
    "ledger_closings", metadata,
    Column("transaction_id", Integer, ForeignKey("ledger_transactions.id"), primary_key=True,
           autoincrement=False),
    Column("closed_at", UTCTimestamp, nullable=False, default=utcnow),
    # The hash chain (ledger.chain): 1, 2, 3, ... in closing order, and
    # sha256(previous hash, header, postings).
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("hash", CHAR(64), nullable=False),
)

TABLES = (accounts, transactions, postings, closings)
