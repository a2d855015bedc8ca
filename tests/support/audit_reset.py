"""Empty the audit table between tests, despite its append-only triggers."""
from __future__ import annotations

from sqlalchemy import Connection, text

from exchange.audit import triggers
from ledger.store import begin_write


def reset_audit(connection: Connection) -> None:
    """Delete every audit row inside the connection's transaction (the caller commits),
    as tests/support/ledger_reset.py does for the ledger: PostgreSQL skips the triggers
    for this transaction; SQLite drops and recreates them around the delete."""
    if not connection.execute(text(f"SELECT EXISTS (SELECT 1 FROM {triggers.TABLE})")).scalar():
        return
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
    else:
        begin_write(connection)
        for statement in triggers.drop_statements("sqlite"):
            connection.execute(text(statement))
    connection.execute(text(f"DELETE FROM {triggers.TABLE}"))
    if postgres:
        connection.execute(text("SET LOCAL session_replication_role = origin"))
    else:
        for statement in triggers.create_statements("sqlite"):
            connection.execute(text(statement))
