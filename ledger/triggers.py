"""The database's own guard over the book: DDL for triggers, per dialect.

Both engines:
- UPDATE and DELETE on ledger_transactions, ledger_postings and ledger_closings are
  refused ("ledger is append-only"); PostgreSQL refuses TRUNCATE too.
- A posting for a transaction that has a closing row is refused, and so is one whose
  transaction header is not visible (on PostgreSQL: another session's uncommitted header,
  which would otherwise let a posting slip into a transaction closed at the same time).
- The closing row is refused unless the transaction has >= 2 postings summing to zero
  per currency; accepting it adds normal * sum to each touched account's cached balance,
  where CHECK (NOT floor OR balance >= 0) refuses an overdraft.

PostgreSQL only:
- the closing trigger first locks the touched account rows in id order, so transactions
  touching the same accounts queue instead of deadlocking. FOR NO KEY UPDATE rather than
  FOR UPDATE: the postings' foreign keys hold KEY SHARE locks on those rows, which FOR
  UPDATE conflicts with (two concurrent payouts would deadlock on each other's postings);
- a DEFERRABLE INITIALLY DEFERRED constraint trigger refuses, at commit, a transaction
  header without its closing row.

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
    UPDATE ledger_accounts AS a SET balance = a.balance + a.normal * s.total
      FROM (SELECT account_id, sum(amount) AS total FROM ledger_postings
             WHERE transaction_id = NEW.transaction_id GROUP BY account_id) AS s
     WHERE a.id = s.account_id;
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
    found.append(("ledger_transactions_closed", "ledger_transactions",
                  "CREATE CONSTRAINT TRIGGER ledger_transactions_closed AFTER INSERT ON "
                  "ledger_transactions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                  "EXECUTE FUNCTION ledger_require_closing()"))
    return found


def _raise(message: str, condition: str) -> str:
    return f"SELECT RAISE(ABORT, '{message}') WHERE {condition};"


def _sqlite_triggers() -> list[tuple[str, str, str]]:
    found = []
    for table in _GUARDED:
        for op in ("UPDATE", "DELETE"):
            name = f"{table}_no_{op.lower()}"
            found.append((name, table, f"CREATE TRIGGER {name} BEFORE {op} ON {table} BEGIN "
                          f"SELECT RAISE(ABORT, 'ledger is append-only: {op} on {table} "
                          "refused'); END"))
    found.append(("ledger_transactions_refs", "ledger_transactions", f"""
CREATE TRIGGER ledger_transactions_refs BEFORE INSERT ON ledger_transactions
WHEN NEW.reverses_id IS NOT NULL BEGIN
    {_raise('ledger: reversal of an unknown transaction',
            'NOT EXISTS (SELECT 1 FROM ledger_transactions WHERE id = NEW.reverses_id)')}
END"""))
    found.append(("ledger_postings_open", "ledger_postings", f"""
CREATE TRIGGER ledger_postings_open BEFORE INSERT ON ledger_postings BEGIN
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
                                            AND p.account_id = ledger_accounts.id)
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
