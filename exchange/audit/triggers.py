"""The database refuses to change or remove an audit row, on both engines (as the
ledger's triggers do for the book): UPDATE and DELETE, and on PostgreSQL TRUNCATE."""
from __future__ import annotations

TABLE = "audit_entries"
_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END $$"""
_PG_TRIGGERS = {
    f"{TABLE}_append_only": f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE "
                            f"ON {TABLE} FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
    f"{TABLE}_no_truncate": f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
                            "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()",
}
_SQLITE_TRIGGERS = {
    f"{TABLE}_no_{op.lower()}": f"CREATE TRIGGER {TABLE}_no_{op.lower()} BEFORE {op} ON "
                                f"{TABLE} BEGIN SELECT RAISE(ABORT, 'audit log is "
                                f"append-only: {op} on {TABLE} refused'); END"
    for op in ("UPDATE", "DELETE")
}


def create_statements(dialect_name: str) -> list[str]:
    if dialect_name == "postgresql":
        return [_PG_FUNCTION.strip(), *_PG_TRIGGERS.values()]
    if dialect_name == "sqlite":
        return list(_SQLITE_TRIGGERS.values())
    raise ValueError(f"no audit triggers for {dialect_name!r}")


def drop_statements(dialect_name: str) -> list[str]:
    if dialect_name == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {TABLE}" for name in _PG_TRIGGERS] + [
            "DROP FUNCTION IF EXISTS audit_append_only()"]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS]
