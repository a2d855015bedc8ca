"""Uploaded files in the database (FILE_STORAGE=database, the server profile): what one
host stores, another serves; a file commits or rolls back with its row; the local folders
move in with every SHA-256 checked (issue 21)."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from exchange.achievements import attachments
from exchange.achievements.models import Achievement, Attachment
from exchange.storage.models import StoredFile
from exchange.storage.services import CHUNK, local_store
from tests.exchange.achievements.test_import_once import _confirm, _count, _preview
from tests.support import factories

# Three chunks and a bit: the download is read from the table chunk by chunk.
BIG_PDF = b"%PDF-1.7\n" + bytes(range(256)) * (3 * CHUNK // 256) + b"\n%%EOF\n"


@pytest.fixture
def app_config():
    return {"FILE_STORAGE": "database", "MAX_CONTENT_LENGTH": 2 * 1024 * 1024}


def _upload(client, item, data, name):
    return client.post(f"/achievements/{item.id}/attachments",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _files(db, area):
    db.session.rollback()
    return db.session.execute(db.select(StoredFile.key).where(
        StoredFile.area == area)).scalars().all()


def test_an_attachment_is_stored_in_the_table_and_streamed_back(app, member_client, db, users):
    item = factories.make_achievement(users["studio_member"], "draft")
    assert _upload(member_client, item, BIG_PDF, "专利说明书.pdf").status_code == 302
    row = db.session.execute(db.select(Attachment)).scalar_one()
    assert _files(db, "attachments") == [hashlib.sha256(BIG_PDF).hexdigest()]
    assert not any(Path(app.config["ATTACHMENT_DIR"]).rglob("*"))  # nothing on this host
    response = member_client.get(f"/achievements/{item.id}/attachments/{row.id}")
    assert response.status_code == 200 and response.data == BIG_PDF
    assert response.headers["Content-Length"] == str(len(BIG_PDF))
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]


def test_a_file_rolls_back_with_its_row(app, db, users):
    item = factories.make_achievement(users["studio_member"], "draft")
    attachments.store(users["studio_member"], db.session.get(Achievement, item.id),
                      io.BytesIO(BIG_PDF), "a.pdf")
    db.session.rollback()
    assert _files(db, "attachments") == []


def test_an_import_waits_in_the_table_and_leaves_it_when_imported(member_client, db, users):
    token = _preview(member_client, users, rows=3)
    assert [k.split(".")[0] for k in _files(db, "imports")] == [token]
    assert _confirm(member_client, token).status_code == 302
    assert _count(db) == 3 and _files(db, "imports") == []


def test_migrate_moves_local_files_in_and_refuses_damaged_ones(app, db, runner):
    with app.app_context():
        local = local_store()
        good = BIG_PDF
        local.put("attachments", hashlib.sha256(good).hexdigest(), good)
        damaged = hashlib.sha256(b"what it was").hexdigest()
        local.put("attachments", damaged, b"%PDF-1.7 changed on disk")
        local.put("imports", "tok_abcdefghijklmnopqrstuv.csv", "标题,类型\n".encode())
    result = runner.invoke(args=["files", "migrate"])
    assert result.exit_code == 1, result.output
    assert f"attachments/{damaged}: its SHA-256 is not its name" in result.output
    assert "2 files in the database, SHA-256 verified; 1 refused" in result.output
    assert sorted(_files(db, "attachments")) == [hashlib.sha256(good).hexdigest()]
    assert _files(db, "imports") == ["tok_abcdefghijklmnopqrstuv.csv"]
    again = runner.invoke(args=["files", "migrate"])  # idempotent: the same two, kept
    assert "2 files in the database" in again.output
    checked = runner.invoke(args=["files", "check"])
    assert checked.exit_code == 0 and "database store: 0 attachments named, 0 problems" \
        in checked.output
