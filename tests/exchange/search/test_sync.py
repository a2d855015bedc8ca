"""The index follows the database: outbox in the same transaction, applied after commit."""
import threading
import time

import pytest

from exchange.achievements import workflow
from exchange.achievements.models import Achievement
from exchange.search import documents
from exchange.search.backend import get_backend
from exchange.search.models import SearchOutbox
from search_index.schema import Query
from tests.support import factories


def found(app, text: str) -> list[str]:
    with app.app_context():
        return [h.id for h in get_backend().search(Query(text)).hits]


def test_publish_edit_withdraw(app, db, users):
    member, staff = users["studio_member"], users["union_staff"]
    item = factories.make_achievement(member, "submitted", title="变电站巡检机器人视觉识别系统")
    assert found(app, "巡检机器人") == []  # not published yet
    workflow.apply(staff, item, "publish")
    db.session.commit()
    assert found(app, "巡检机器人") == [documents.doc_id(item.id)]
    # Edits happen on drafts; reopen, edit, resubmit, publish again.
    workflow.apply(staff, item, "withdraw")
    db.session.commit()
    assert found(app, "巡检机器人") == []
    workflow.apply(member, item, "reopen")
    item.title = "变电站红外测温无人机"
    workflow.apply(member, item, "submit")
    workflow.apply(staff, item, "publish")
    db.session.commit()
    assert found(app, "无人机") == [documents.doc_id(item.id)]
    assert found(app, "巡检机器人") == []
    assert db.session.execute(db.select(SearchOutbox)).first() is None


def test_studio_rename_reaches_its_documents(app, db, users, studio):
    item = factories.make_achievement(users["studio_member"], "published")
    studio.name = "新名字劳模创新工作室"
    db.session.commit()
    with app.app_context():
        expected = documents.expected_versions(db.session)
        assert get_backend().check(expected).ok
    # The studio's name is indexed with its achievements: the new one finds the item.
    assert documents.doc_id(item.id) in found(app, "新名字劳模创新工作室")


def test_crash_between_commit_and_index_is_repaired_by_sync(app, db, users, runner,
                                                             monkeypatch):
    backend = None
    with app.app_context():
        backend = get_backend()

    def crash(docs):
        raise OSError("disk full")

    monkeypatch.setattr(backend, "upsert", crash)
    item = factories.make_achievement(users["studio_member"], "published", title="余热回收装置")
    monkeypatch.undo()
    assert db.session.execute(db.select(SearchOutbox)).first() is not None
    assert found(app, "余热回收") == []
    check = runner.invoke(args=["search-index", "check"])
    assert check.exit_code == 1 and "missing: 1" in check.output
    repaired = runner.invoke(args=["search-index", "sync"])
    assert repaired.exit_code == 0, repaired.output
    assert found(app, "余热回收") == [documents.doc_id(item.id)]
    assert runner.invoke(args=["search-index", "check"]).exit_code == 0


def test_check_detects_a_hand_deleted_document(app, db, users, runner):
    item = factories.make_achievement(users["studio_member"], "published")
    with app.app_context():
        get_backend().delete([documents.doc_id(item.id)])
    result = runner.invoke(args=["search-index", "check"])
    assert result.exit_code == 1
    assert f"missing: 1 ({documents.doc_id(item.id)})" in result.output


def test_rebuild_restores_everything(app, db, users, runner):
    items = [factories.make_achievement(users["studio_member"], "published") for _ in range(3)]
    factories.make_achievement(users["studio_member"], "draft")
    with app.app_context():
        get_backend().delete([documents.doc_id(i.id) for i in items])
    result = runner.invoke(args=["search-index", "rebuild"])
    assert result.exit_code == 0 and "indexed 3 documents" in result.output
    assert runner.invoke(args=["search-index", "check"]).exit_code == 0


def test_rebuild_tokenising_in_worker_processes(app, db, users, runner, monkeypatch):
    """Large rebuilds fork workers from the command's process, which holds a database
    connection mid-query: the workers must not disturb it."""
    from search_index import parallel

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    items = [factories.make_achievement(users["studio_member"], "published",
                                        title=f"液压支架电液控制系统{n}") for n in range(5)]
    result = runner.invoke(args=["search-index", "rebuild"])
    assert result.exit_code == 0 and "indexed 5 documents" in result.output, result.output
    assert runner.invoke(args=["search-index", "check"]).exit_code == 0
    assert sorted(found(app, "电液控制")) == sorted(documents.doc_id(i.id) for i in items)


def test_rolled_back_change_leaves_no_outbox(app, db, users):
    item = factories.make_achievement(users["studio_member"], "published")
    item.title = "不会保存的标题"
    db.session.flush()
    db.session.rollback()
    assert db.session.execute(db.select(SearchOutbox)).first() is None
    assert found(app, "不会保存") == []


@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "withdrawn"])
def test_unpublished_items_are_never_indexed(app, db, users, state):
    factories.make_achievement(users["studio_member"], state, title="仅内部可见的草稿成果")
    assert found(app, "内部可见") == []
    assert db.session.execute(db.select(Achievement)).scalar_one()


def test_migrations_ignore_the_postgres_index_table(app, db, users):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from exchange.extensions import migrated_metadata

    factories.make_achievement(users["studio_member"], "published")  # creates the table
    with app.app_context(), db.engine.connect() as connection:
        options = {"include_object": app.extensions["migrate"].configure_args[
            "include_object"]}
        context = MigrationContext.configure(connection, opts=options)
        assert compare_metadata(context, migrated_metadata()) == []


def test_needs_have_an_index_of_their_own(app, db, users, client, runner):
    from exchange.needs import workflow as need_workflow

    owner = users["enterprise"]
    need = factories.make_need(owner, "submitted", title="锅炉给水泵汽蚀噪声大，求改进方案")
    with app.app_context():
        assert get_backend("needs").search(Query("给水泵")).total == 0  # not published yet
    need_workflow.apply(users["union_staff"], need, "publish")
    db.session.commit()
    page = client.get("/search/?q=給水泵&kind=needs").get_data(as_text=True)
    assert f"/needs/{need.id}" in page and "<mark>给水泵</mark>" in page
    assert f"/needs/{need.id}" not in client.get("/search/?q=给水泵").get_data(as_text=True)
    assert found(app, "给水泵") == []  # the achievements index never holds needs
    check = runner.invoke(args=["search-index", "check"])
    assert check.exit_code == 0 and "needs missing: 0" in check.output
    need_workflow.apply(owner, need, "close_solved")
    db.session.commit()
    with app.app_context():
        assert get_backend("needs").search(Query("给水泵")).total == 0
    with app.app_context():
        get_backend("needs").upsert([documents.need_document(need)])  # a stray copy
    assert runner.invoke(args=["search-index", "check", "--kind", "needs"]).exit_code == 1
    rebuilt = runner.invoke(args=["search-index", "rebuild", "--kind", "needs"])
    assert "needs: indexed 0 documents" in rebuilt.output
    assert runner.invoke(args=["search-index", "check"]).exit_code == 0


def test_a_write_never_waits_on_the_index_lock(app, db, users, client_for, runner):
    """Trust rule: what the database committed is never answered as a failure. While a
    rebuild holds the index lock (here: another thread), publishing returns at once with
    its redirect, its outbox row waits, and the next drain applies it."""
    item = factories.make_achievement(users["studio_member"], "submitted",
                                      title="锅炉余热梯级利用装置")
    staff = client_for("union_staff")
    with app.app_context():
        backend = get_backend()
    taken, release = threading.Event(), threading.Event()

    def hold_like_a_rebuild():
        with app.app_context(), backend.lock():
            taken.set()
            release.wait(30)

    holder = threading.Thread(target=hold_like_a_rebuild)
    holder.start()
    try:
        assert taken.wait(10)
        started = time.monotonic()
        response = staff.post(f"/achievements/{item.id}/action", data={"action": "publish"})
        elapsed = time.monotonic() - started
    finally:
        release.set()
        holder.join()
    assert response.status_code == 302, response.status_code
    assert elapsed < 5, elapsed  # it used to wait for the lock's holder (minutes)
    db.session.expire_all()
    assert db.session.get(Achievement, item.id).state == "published"
    outbox = db.session.execute(db.select(SearchOutbox.doc_id)).scalars().all()
    assert outbox == [documents.doc_id(item.id)]
    assert found(app, "余热梯级") == []
    synced = runner.invoke(args=["search-index", "sync"])
    assert synced.exit_code == 0 and "applied 1 outbox rows" in synced.output
    assert found(app, "余热梯级") == [documents.doc_id(item.id)]


def test_a_later_write_drains_rows_left_behind(app, db, users, client_for):
    """A row left while the lock was busy is applied by the next request that commits a
    change to the index, without anyone running `search-index sync`."""
    first = factories.make_achievement(users["studio_member"], "submitted", title="汽轮机叶片检测")
    second = factories.make_achievement(users["studio_member"], "submitted", title="输煤皮带纠偏")
    staff = client_for("union_staff")
    with app.app_context():
        backend = get_backend()
    with app.app_context(), backend.lock():  # another fd / session: busy for the request
        assert staff.post(f"/achievements/{first.id}/action",
                          data={"action": "publish"}).status_code == 302
    assert found(app, "叶片检测") == []
    assert staff.post(f"/achievements/{second.id}/action",
                      data={"action": "publish"}).status_code == 302
    assert found(app, "叶片检测") == [documents.doc_id(first.id)]
    assert found(app, "皮带纠偏") == [documents.doc_id(second.id)]
    assert db.session.execute(db.select(SearchOutbox)).first() is None
