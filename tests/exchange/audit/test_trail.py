"""The audit trail itself: written in the caller's transaction, append-only in the
database on both engines, logged once committed (Trust rule: An audit trail)."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import DBAPIError

from exchange.audit import services as audit
from exchange.audit.models import AuditEntry
from exchange.auth import services as auth_services
from exchange.auth.roles import Role


def _count(db) -> int:
    return db.session.scalar(db.select(db.func.count(AuditEntry.id)))


def test_a_row_is_written_in_the_changes_transaction(db, users, caplog):
    """The row commits or rolls back with the change; only committed rows are logged."""
    caplog.set_level(logging.INFO, logger="exchange.audit")
    target = users["enterprise"]
    auth_services.set_role(users["admin"], target, Role.UNION_STAFF)
    assert _count(db) == 1  # flushed, not committed
    db.session.rollback()
    db.session.expire_all()
    assert _count(db) == 0 and target.role == Role.ENTERPRISE
    assert not [r for r in caplog.records if r.name == "exchange.audit"]

    auth_services.set_role(users["admin"], target, Role.UNION_STAFF)
    db.session.commit()
    entry = db.session.execute(db.select(AuditEntry)).scalar_one()
    assert (entry.actor_id, entry.actor_name) == (users["admin"].id, "管理员戊")
    assert (entry.action, entry.target_kind, entry.target_id) == (
        "account.role_changed", "user", target.id)
    assert entry.before == {"role": "enterprise"} and entry.after == {"role": "union_staff"}
    assert entry.created_at.tzinfo is not None
    logged = [r.getMessage() for r in caplog.records if r.name == "exchange.audit"]
    assert len(logged) == 1 and "account.role_changed" in logged[0]
    assert '"union_staff"' in logged[0]


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entries SET reason = 'rewritten'",
    "UPDATE audit_entries SET after = NULL",
    "DELETE FROM audit_entries",
])
def test_the_database_refuses_to_change_or_remove_a_row(db, users, statement):
    """Append-only in the database too, on SQLite and PostgreSQL."""
    audit.record(users["admin"], "account.deactivated", "user", users["enterprise"].id,
                 before={"active": True}, after={"active": False}, reason="离职")
    db.session.commit()
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(db.text(statement))
        db.session.flush()
    db.session.rollback()
    entry = db.session.execute(db.select(AuditEntry)).scalar_one()
    assert entry.reason == "离职" and entry.after == {"active": False}


def test_postgresql_refuses_truncate(db, users, app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    audit.record(users["admin"], "account.reactivated", "user", users["enterprise"].id)
    db.session.commit()
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(db.text("TRUNCATE audit_entries"))
    db.session.rollback()
    assert _count(db) == 1


def test_unknown_action_or_kind_is_a_programming_error(db, users):
    with pytest.raises(ValueError):
        audit.record(users["admin"], "account.renamed", "user", 1)
    with pytest.raises(ValueError):
        audit.record(users["admin"], "account.deactivated", "planet", 1)
