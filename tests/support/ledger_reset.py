"""Empty the ledger's tables between tests, despite their append-only triggers."""
from __future__ import annotations

from sqlalchemy import Connection, text

from ledger import triggers
from ledger.schema import TABLES
from ledger.store import begin_write

_ANY_ROWS = text("SELECT " + " OR ".join(f"EXISTS (SELECT 1 FROM {table.name})"
                                          for table in TABLES))


def reset_ledger(connection: Connection) -> None:
    """Delete every ledger row inside the connection's transaction (the caller commits).

    PostgreSQL: `session_replication_role = replica` skips ordinary triggers (and the
    foreign-key checks) for this transaction only. SQLite cannot switch triggers off, so
    they are dropped and recreated around the deletes; DDL is transactional there, so a
    failure rolls the drop back too. Cheap when the tables are already empty.
    """
    if not connection.execute(_ANY_ROWS).scalar():
        return
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
    else:
        begin_write(connection)  # a real BEGIN first: pysqlite would run the DDL unwrapped
        triggers.uninstall(connection)
    for table in reversed(TABLES):
        connection.execute(table.delete())
    if postgres:
        connection.execute(text("SET LOCAL session_replication_role = origin"))
    else:
        triggers.install(connection)
