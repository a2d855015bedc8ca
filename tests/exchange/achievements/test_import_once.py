"""A confirmed import happens once: replayed, concurrent or retried after a crash.

Trust rule: exactly once (an import is keyed, and the key is held unique by the database,
in the same transaction as the rows).
"""
from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from exchange.achievements import imports
from exchange.achievements.models import Achievement, ImportBatch
from exchange.jobs.models import Job
from tests.exchange.achievements.test_spreadsheets import sample_row, upload, xlsx
from tests.support import factories

TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')


def _count(db, model=Achievement) -> int:
    db.session.rollback()  # a fresh snapshot: requests committed in other sessions
    return len(db.session.execute(db.select(model.id)).all())


def _row(n: int, name: str, patent: bool) -> list:
    row = sample_row(n, name)
    if not patent:  # only the import's own key can stop a second import of these
        row[1], row[4], row[5] = "技术革新", "", ""
    return row


def _preview(client, users, rows: int = 50, patents: bool = False) -> str:
    name = users["studio_member"].name
    html = upload(client, xlsx([_row(i, name, patents) for i in range(rows)]), "a.xlsx") \
        .get_data(as_text=True)
    return TOKEN.search(html).group(1)


def _confirm(client, token: str):
    return client.post("/achievements/import/confirm", data={"token": token})


def _flashed(client, response) -> str:
    """The page the answer leads to (through the import's progress page, which sends
    the browser on to the outcome once the worker is done)."""
    return client.get(response.headers["Location"], follow_redirects=True).get_data(
        as_text=True)


def _stash(app, token: str) -> list[Path]:
    return list(Path(app.config["IMPORT_DIR"]).glob(token + ".*"))


def test_a_replayed_confirmation_answers_already_imported(member_client, db, users):
    token = _preview(member_client, users)
    first = _confirm(member_client, token)
    assert first.status_code == 302 and _count(db) == 50
    again = _confirm(member_client, token)
    assert again.status_code == 302
    studio_id = users["studio_member"].studio_id
    assert again.headers["Location"].endswith(f"/achievements/studio/{studio_id}")
    page = _flashed(member_client, again)
    assert "已于" in page and "导入" in page and users["studio_member"].name in page
    assert _count(db) == 50 and _count(db, ImportBatch) == 1
    assert db.session.execute(db.select(ImportBatch.row_count)).scalar_one() == 50


def test_a_stash_left_behind_after_the_commit_is_not_imported_again(
        app, member_client, db, users, monkeypatch):
    """The worker stopped right after its commit: the file is still stashed. Before the
    fix the retry imported all 50 rows a second time."""
    token = _preview(member_client, users)
    with monkeypatch.context() as patch:
        patch.setattr(imports, "discard", lambda _token: None)  # died before cleaning up
        assert _confirm(member_client, token).status_code == 302
    assert _stash(app, token) and _count(db) == 50
    retry = _confirm(member_client, token)
    assert retry.status_code == 302 and "已于" in _flashed(member_client, retry)
    assert _count(db) == 50
    assert not _stash(app, token)  # the retry cleaned up what the first one left


def test_concurrent_confirmations_import_once(app, db, users):
    """Three POSTs of one confirmation at once (a triple click, two tabs, a retry):
    before the fix a 50-row file was imported three times (150 rows)."""
    member = users["studio_member"]
    clients = [factories.login(app.test_client(), member) for _ in range(3)]
    token = _preview(clients[0], users)
    db.session.commit()  # nothing of the test's own session holds a lock
    barrier = threading.Barrier(len(clients), timeout=30)

    def post(client):
        barrier.wait()
        response = _confirm(client, token)
        return response.status_code, _flashed(client, response)

    with ThreadPoolExecutor(len(clients)) as pool:
        answers = list(pool.map(post, clients))
    assert [status for status, _ in answers] == [302, 302, 302]
    # Each click follows the one import: its progress page while the worker imports,
    # then its outcome; a click that came after it had finished, "imported before".
    imported = [page for _, page in answers if "项成果导入为草稿" in page]
    replayed = [page for _, page in answers if "已于" in page]
    following = [page for _, page in answers if 'id="import-progress"' in page]
    assert len(imported) + len(replayed) + len(following) == 3 and imported, [
        re.findall(r"<h1[^>]*>[^<]*<|alert-[a-z]+[^<]*<", page) for _, page in answers]
    assert _count(db) == 50 and _count(db, ImportBatch) == 1
    assert db.session.execute(db.select(db.func.count()).where(
        Job.name == "achievements.import")).scalar_one() == 1


def test_a_refused_file_leaves_no_batch_and_can_be_confirmed_after_a_fix(
        member_client, db, users):
    """A file refused at confirmation (a number taken since the preview) consumes
    nothing: the batch row goes with the rolled-back rows."""
    token = _preview(member_client, users, rows=3, patents=True)
    factories.make_achievement(users["studio_leader"], "draft",
                               type="utility_model", legal_status="granted",
                               patent_number=factories.valid_patent_number("2", 1, 2021))
    html = _flashed(member_client, _confirm(member_client, token))
    assert "import-errors" in html and "专利申请号" in html
    assert _count(db) == 1 and _count(db, ImportBatch) == 0
