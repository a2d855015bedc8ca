"""The database's own guard over the book: DDL for triggers, per dialect.

Both engines:
- UPDATE and DELETE on ledger_transactions, ledger_postings and ledger_closings, and
  DELETE on ledger_accounts, are refused ("ledger is append-only"); PostgreSQL refuses
  TRUNCATE too, and an INSERT ... ON CONFLICT DO UPDATE is an UPDATE, so refused.
- An account opens with balance 0. Its balance (and applied_seq) change only by the
  latest closed transaction, once: the UPDATE must set applied_seq to the last closing
  row's seq (above the old one) and the balance to the old one plus that transaction's
  postings on it; every other column stays. The closing trigger does exactly that; a
  direct UPDATE of balance or floor, or applying a transaction again, is refused.
- A closing row is refused for a transaction that has one already (so ON CONFLICT DO
  NOTHING and SQLite's INSERT OR REPLACE/IGNORE cannot apply balances twice), and unless
  its seq is the next one (the hash chain of `ledger.chain`).
- A posting for a transaction that has a closing row is refused, and so is one whose
  transaction header is not visible (on PostgreSQL: another session's uncommitted header,
  which would otherwise let a posting slip into a transaction closed at the same time).
- The closing row is refused unless the transaction has >= 2 postings summing to zero
  per currency; once it is in (an AFTER INSERT trigger, which does not fire for a row an
  ON CONFLICT clause skipped), normal * sum is added to each touched account's cached
  balance, where CHECK (NOT floor OR balance >= 0) refuses an overdraft.

SQLite only: REPLACE deletes the row it conflicts with without firing DELETE triggers
(while recursive_triggers is off, the default on every connection), so a BEFORE INSERT
trigger on every ledger table refuses a row whose key (id, name, idempotency key,
reversed transaction) is taken. The store reads before it inserts for that reason.

PostgreSQL only:
- the closing trigger first locks the touched account rows in id order, so transactions
  touching the same accounts queue instead of deadlocking. FOR NO KEY UPDATE rather than
  FOR UPDATE: the postings' foreign keys hold KEY SHARE locks on those rows, which FOR
  UPDATE conflicts with (two concurrent payouts would deadlock on each other's postings);
- a DEFERRABLE INITIALLY DEFERRED constraint trigger refuses, at commit, a transaction
  header without its closing row;
- closings are serial: `ledger.chain.seal` takes a transaction-level advisory lock before
  it reads the chain's tip, so two writers never claim the same seq.

SQLite has no deferred triggers: a header left without a closing row is not refused
there; `ledger.checks.check_database` reports it ("unclosed"). The app's SQLite engine
does not turn on PRAGMA foreign_keys, so the triggers also check what the foreign keys
would (posting -> transaction, posting -> account in its currency, reversal -> original).
"""
from __future__ import annotations

from sqlalchemy import text

_GUARDED = ("ledger_transactions", "ledger_postings", "ledger_closings")
_ABORT = "USING ERRCODE = 'integrity_constraint_violation'"

_PG_FUNCTIONS = {
    "ledger_append_only": f"""
CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME {_ABORT};
END $$""",
    "ledger_posting_open": f"""
CREATE OR REPLACE FUNCTION ledger_posting_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM ledger_transactions WHERE id = NEW.transaction_id) THEN
        RAISE EXCEPTION 'ledger: posting for unknown transaction %', NEW.transaction_id
            {_ABORT};
    END IF;
    IF EXISTS (SELECT 1 FROM ledger_closings WHERE transaction_id = NEW.transaction_id) THEN
        RAISE EXCEPTION 'ledger: transaction % is closed; no posting can be added',
            NEW.transaction_id {_ABORT};
    END IF;
    RETURN NEW;
END $$""",
    "ledger_close": f"""
CREATE OR REPLACE FUNCTION ledger_close() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n integer;
    bad text;
BEGIN
    IF EXISTS (SELECT 1 FROM ledger_closings WHERE transaction_id = NEW.transaction_id) THEN
        RAISE EXCEPTION 'ledger: transaction % is closed already', NEW.transaction_id
            {_ABORT};
    END IF;
    IF NEW.seq IS DISTINCT FROM (SELECT coalesce(max(seq), 0) + 1 FROM ledger_closings)
       OR NEW.hash !~ '^[0-9a-f]{{64}}$' THEN
        RAISE EXCEPTION 'ledger: closing row % out of chain (seq %)', NEW.transaction_id,
            NEW.seq {_ABORT};
    END IF;
    PERFORM 1 FROM ledger_accounts
     WHERE id IN (SELECT account_id FROM ledger_postings
                   WHERE transaction_id = NEW.transaction_id)
     ORDER BY id FOR NO KEY UPDATE;
    SELECT count(*) INTO n FROM ledger_postings WHERE transaction_id = NEW.transaction_id;
    IF n < 2 THEN
        RAISE EXCEPTION 'ledger: transaction % has % posting(s), at least 2 needed',
            NEW.transaction_id, n {_ABORT};
    END IF;
    SELECT currency INTO bad FROM ledger_postings WHERE transaction_id = NEW.transaction_id
     GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger: transaction % is unbalanced in %', NEW.transaction_id, bad
            {_ABORT};
    END IF;
    RETURN NEW;
END $$""",
    "ledger_apply": """
CREATE OR REPLACE FUNCTION ledger_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_accounts AS a
       SET balance = a.balance + a.normal * s.total, applied_seq = NEW.seq
      FROM (SELECT account_id, sum(amount) AS total FROM ledger_postings
             WHERE transaction_id = NEW.transaction_id GROUP BY account_id) AS s
     WHERE a.id = s.account_id;
    RETURN NULL;
END $$""",
    "ledger_account_open": f"""
CREATE OR REPLACE FUNCTION ledger_account_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.balance <> 0 OR NEW.applied_seq <> 0 THEN
        RAISE EXCEPTION 'ledger: account % must open with balance 0', NEW.name {_ABORT};
    END IF;
    RETURN NEW;
END $$""",
    "ledger_account_guard": f"""
CREATE OR REPLACE FUNCTION ledger_account_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    latest bigint;
    delta bigint;
BEGIN
    SELECT max(seq) INTO latest FROM ledger_closings;
    SELECT sum(p.amount) INTO delta FROM ledger_postings AS p
      JOIN ledger_closings AS c ON c.transaction_id = p.transaction_id
     WHERE c.seq = NEW.applied_seq AND p.account_id = OLD.id;
    IF (NEW.id, NEW.name, NEW.kind, NEW.currency, NEW.ref, NEW.normal, NEW.floor,
        NEW.created_at) IS DISTINCT FROM (OLD.id, OLD.name, OLD.kind, OLD.currency, OLD.ref,
        OLD.normal, OLD.floor, OLD.created_at)
       OR NEW.applied_seq IS DISTINCT FROM latest OR NEW.applied_seq <= OLD.applied_seq
       OR delta IS NULL OR NEW.balance <> OLD.balance + OLD.normal * delta THEN
        RAISE EXCEPTION 'ledger: account % changes only by closing a transaction', OLD.name
            {_ABORT};
    END IF;
    RETURN NEW;
END $$""",
    "ledger_require_closing": f"""
CREATE OR REPLACE FUNCTION ledger_require_closing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM ledger_closings WHERE transaction_id = NEW.id) THEN
        RAISE EXCEPTION 'ledger: transaction % (%) has no closing row at commit',
            NEW.id, NEW.idempotency_key {_ABORT};
    END IF;
    RETURN NULL;
END $$""",
}


def _pg_triggers() -> list[tuple[str, str, str]]:
    """(trigger name, table, CREATE TRIGGER statement)."""
    found = []
    for table in _GUARDED:
        found.append((f"{table}_append_only", table,
                      f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                      "FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"))
        found.append((f"{table}_no_truncate", table,
                      f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                      "FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()"))
    found.append(("ledger_postings_open", "ledger_postings",
                  "CREATE TRIGGER ledger_postings_open BEFORE INSERT ON ledger_postings "
                  "FOR EACH ROW EXECUTE FUNCTION ledger_posting_open()"))
    found.append(("ledger_closings_check", "ledger_closings",
                  "CREATE TRIGGER ledger_closings_check BEFORE INSERT ON ledger_closings "
                  "FOR EACH ROW EXECUTE FUNCTION ledger_close()"))
    found.append(("ledger_closings_apply", "ledger_closings",
                  "CREATE TRIGGER ledger_closings_apply AFTER INSERT ON ledger_closings "
                  "FOR EACH ROW EXECUTE FUNCTION ledger_apply()"))
    found.append(("ledger_accounts_open", "ledger_accounts",
                  "CREATE TRIGGER ledger_accounts_open BEFORE INSERT ON ledger_accounts "
                  "FOR EACH ROW EXECUTE FUNCTION ledger_account_open()"))
    found.append(("ledger_accounts_guard", "ledger_accounts",
                  "CREATE TRIGGER ledger_accounts_guard BEFORE UPDATE ON ledger_accounts "
                  "FOR EACH ROW EXECUTE FUNCTION ledger_account_guard()"))
    found.append(("ledger_accounts_append_only", "ledger_accounts",
                  "CREATE TRIGGER ledger_accounts_append_only BEFORE DELETE ON "
                  "ledger_accounts FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"))
    found.append(("ledger_accounts_no_truncate", "ledger_accounts",
                  "CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON "
                  "ledger_accounts FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()"))
    found.append(("ledger_transactions_closed", "ledger_transactions",
                  "CREATE CONSTRAINT TRIGGER ledger_transactions_closed AFTER INSERT ON "
                  "ledger_transactions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                  "EXECUTE FUNCTION ledger_require_closing()"))
    return found


def _raise(message: str, condition: str) -> str:
    return f"SELECT RAISE(ABORT, '{message}') WHERE {condition};"


_SQLITE_ACCOUNT_GUARD = " OR ".join((
    "NEW.id IS NOT OLD.id", "NEW.name IS NOT OLD.name", "NEW.kind IS NOT OLD.kind",
    "NEW.currency IS NOT OLD.currency", "NEW.ref IS NOT OLD.ref",
    "NEW.normal IS NOT OLD.normal", "NEW.floor IS NOT OLD.floor",
    "NEW.created_at IS NOT OLD.created_at",
    "NEW.applied_seq IS NOT (SELECT max(seq) FROM ledger_closings)",
    "NEW.applied_seq <= OLD.applied_seq",
    "NEW.balance IS NOT OLD.balance + OLD.normal * (SELECT sum(p.amount) "
    "FROM ledger_postings AS p JOIN ledger_closings AS c ON c.transaction_id = "
    "p.transaction_id WHERE c.seq = NEW.applied_seq AND p.account_id = OLD.id)"))


def _sqlite_triggers() -> list[tuple[str, str, str]]:
    found = []
    for table in (*_GUARDED, "ledger_accounts"):
        for op in ("UPDATE", "DELETE"):
            if (table, op) == ("ledger_accounts", "UPDATE"):
                continue
            name = f"{table}_no_{op.lower()}"
            found.append((name, table, f"CREATE TRIGGER {name} BEFORE {op} ON {table} BEGIN "
                          f"SELECT RAISE(ABORT, 'ledger is append-only: {op} on {table} "
                          "refused'); END"))
    found.append(("ledger_accounts_open", "ledger_accounts", f"""
CREATE TRIGGER ledger_accounts_open BEFORE INSERT ON ledger_accounts BEGIN
    {_raise('ledger is append-only: the account exists',
            'EXISTS (SELECT 1 FROM ledger_accounts WHERE id = NEW.id OR name = NEW.name)')}
    {_raise('ledger: an account must open with balance 0',
            'NEW.balance <> 0 OR NEW.applied_seq <> 0')}
END"""))
    found.append(("ledger_accounts_guard", "ledger_accounts", f"""
CREATE TRIGGER ledger_accounts_guard BEFORE UPDATE ON ledger_accounts BEGIN
    {_raise('ledger: an account changes only by closing a transaction',
            _SQLITE_ACCOUNT_GUARD)}
END"""))
    found.append(("ledger_transactions_refs", "ledger_transactions", f"""
CREATE TRIGGER ledger_transactions_refs BEFORE INSERT ON ledger_transactions BEGIN
    {_raise('ledger is append-only: the transaction exists',
            'EXISTS (SELECT 1 FROM ledger_transactions WHERE id = NEW.id '
            'OR idempotency_key = NEW.idempotency_key)')}
    {_raise('ledger: reversal of an unknown transaction',
            'NEW.reverses_id IS NOT NULL AND NOT EXISTS '
            '(SELECT 1 FROM ledger_transactions WHERE id = NEW.reverses_id)')}
    {_raise('ledger: ledger_transactions.reverses_id taken; a transaction is reversed once',
            'EXISTS (SELECT 1 FROM ledger_transactions WHERE reverses_id = NEW.reverses_id)')}
END"""))
    found.append(("ledger_postings_open", "ledger_postings", f"""
CREATE TRIGGER ledger_postings_open BEFORE INSERT ON ledger_postings BEGIN
    {_raise('ledger is append-only: the posting exists',
            'EXISTS (SELECT 1 FROM ledger_postings WHERE id = NEW.id)')}
    {_raise('ledger: posting for an unknown transaction',
            'NOT EXISTS (SELECT 1 FROM ledger_transactions WHERE id = NEW.transaction_id)')}
    {_raise('ledger: posting to an unknown account or in another currency',
            'NOT EXISTS (SELECT 1 FROM ledger_accounts WHERE id = NEW.account_id '
            'AND currency = NEW.currency)')}
    {_raise('ledger: transaction is closed; no posting can be added',
            'EXISTS (SELECT 1 FROM ledger_closings WHERE transaction_id = NEW.transaction_id)')}
END"""))
    found.append(("ledger_closings_check", "ledger_closings", f"""
CREATE TRIGGER ledger_closings_check BEFORE INSERT ON ledger_closings BEGIN
    {_raise('ledger: transaction is closed already',
            'EXISTS (SELECT 1 FROM ledger_closings WHERE transaction_id = NEW.transaction_id)')}
    {_raise('ledger: closing row out of chain',
            'NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM ledger_closings) '
            "OR length(NEW.hash) <> 64 OR NEW.hash GLOB '*[^0-9a-f]*'")}
    {_raise('ledger: a transaction needs at least 2 postings',
            '(SELECT count(*) FROM ledger_postings '
            'WHERE transaction_id = NEW.transaction_id) < 2')}
    {_raise('ledger: unbalanced transaction',
            'EXISTS (SELECT 1 FROM ledger_postings WHERE transaction_id = NEW.transaction_id '
            'GROUP BY currency HAVING sum(amount) <> 0)')}
END"""))
    found.append(("ledger_closings_balance", "ledger_closings", """
CREATE TRIGGER ledger_closings_balance AFTER INSERT ON ledger_closings BEGIN
    UPDATE ledger_accounts
       SET balance = balance + normal * (SELECT sum(p.amount) FROM ledger_postings AS p
                                          WHERE p.transaction_id = NEW.transaction_id
                                            AND p.account_id = ledger_accounts.id),
           applied_seq = NEW.seq
     WHERE id IN (SELECT account_id FROM ledger_postings
                   WHERE transaction_id = NEW.transaction_id);
END"""))
    return found


def _triggers(dialect_name: str) -> list[tuple[str, str, str]]:
    if dialect_name == "postgresql":
        return _pg_triggers()
    if dialect_name == "sqlite":
        return _sqlite_triggers()
    raise ValueError(f"no ledger triggers for {dialect_name!r}")


def trigger_names(dialect_name: str) -> tuple[str, ...]:
    """The triggers `create_statements` installs (for checks.check_database)."""
    return tuple(name for name, _, _ in _triggers(dialect_name))


def create_statements(dialect_name: str) -> list[str]:
    """DDL that installs the triggers (and, on PostgreSQL, their functions)."""
    functions = list(_PG_FUNCTIONS.values()) if dialect_name == "postgresql" else []
    return [sql.strip() for sql in functions] + [
        sql.strip() for _, _, sql in _triggers(dialect_name)]


def drop_statements(dialect_name: str) -> list[str]:
    """DDL that removes what `create_statements` installs, triggers first."""
    if dialect_name == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}"
                for name, table, _ in _pg_triggers()] + [
            f"DROP FUNCTION IF EXISTS {name}()" for name in _PG_FUNCTIONS]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in trigger_names(dialect_name)]


def install(connection) -> None:
    """Run `create_statements` on a SQLAlchemy connection (tests, benchmarks). Through
    text(), as Alembic's op.execute does: psycopg would read the '%' in RAISE as a
    placeholder in a raw driver call."""
    for statement in create_statements(connection.dialect.name):
        connection.execute(text(statement))


def uninstall(connection) -> None:
    for statement in drop_statements(connection.dialect.name):
        connection.execute(text(statement))
