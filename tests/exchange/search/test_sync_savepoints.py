"""A SAVEPOINT inside a request's transaction neither drains the outbox early nor loses
it: SQLAlchemy fires after_commit when a SAVEPOINT is released and after_soft_rollback
when one is rolled back. The import and the patent-number guard use SAVEPOINTs."""
import pytest

from exchange.achievements import workflow
from exchange.search import sync
from tests.support import factories


@pytest.fixture
def drains(monkeypatch):
    calls = []
    monkeypatch.setattr(sync, "drain", lambda *args, **kwargs: calls.append(1) or 0)
    return calls


def test_a_released_savepoint_does_not_drain_before_the_commit(db, users, drains):
    """Before the fix the drain ran here, reading rows not committed yet; on SQLite its
    own connection then waited 5 s on this one's write lock and failed."""
    item = factories.make_achievement(users["studio_member"], "submitted", title="余热发电")
    drains.clear()
    workflow.apply(users["union_staff"], item, "publish")  # flushed: the outbox has a row
    with db.session.begin_nested():
        item.abstract = "改写的简介"
    assert drains == []
    db.session.commit()
    assert drains == [1]


def test_a_rolled_back_savepoint_keeps_what_came_before_it(db, users, drains):
    item = factories.make_achievement(users["studio_member"], "submitted", title="余热发电")
    drains.clear()
    workflow.apply(users["union_staff"], item, "publish")
    with pytest.raises(RuntimeError), db.session.begin_nested():
        item.abstract = "不会保存的简介"
        db.session.flush()
        raise RuntimeError("refused")
    db.session.commit()
    assert drains == [1]  # the publication still reaches the index
