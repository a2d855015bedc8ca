from __future__ import annotations

import pytest

from exchange.audit.models import AuditEntry
from exchange.extensions import db


class Trail:
    """The audit rows written since the mark: `trail.new()` after a change."""

    def __init__(self):
        self.mark()

    def mark(self) -> None:
        self.since = db.session.scalar(db.select(db.func.max(AuditEntry.id))) or 0

    def new(self) -> list[AuditEntry]:
        db.session.expire_all()
        return list(db.session.execute(db.select(AuditEntry).where(AuditEntry.id > self.since)
                                       .order_by(AuditEntry.id)).scalars())

    def one(self, action: str) -> AuditEntry:
        rows = self.new()
        assert [r.action for r in rows] == [action], [r.action for r in rows]
        self.mark()
        return rows[0]


@pytest.fixture
def trail(db):
    return Trail()
