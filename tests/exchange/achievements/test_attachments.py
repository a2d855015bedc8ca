"""Attachments are checked by content and size; downloads check permissions."""
import io

import pytest

from exchange.achievements.models import Attachment
from tests.support import factories

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def app_config():
    return {"MAX_CONTENT_LENGTH": 64 * 1024}


def _upload(client, item, data, name):
    return client.post(f"/achievements/{item.id}/attachments",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_pdf_and_png_are_accepted_and_downloadable(app, member_client, db, users):
    item = factories.make_achievement(users["studio_member"], "draft")
    assert _upload(member_client, item, PDF, "专利证书.pdf").status_code == 302
    assert _upload(member_client, item, PNG, "照片.PNG").status_code == 302
    rows = db.session.execute(db.select(Attachment).order_by(Attachment.id)).scalars().all()
    assert [(r.filename, r.content_type) for r in rows] == [
        ("专利证书.pdf", "application/pdf"), ("照片.png", "image/png")]
    response = member_client.get(f"/achievements/{item.id}/attachments/{rows[0].id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]


def test_content_type_is_checked_by_content(member_client, db, users):
    item = factories.make_achievement(users["studio_member"], "draft")
    response = _upload(member_client, item, b"MZ\x90\x00 not a pdf", "证书.pdf")
    html = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "PDF" in html and "PNG" in html and "JPEG" in html
    assert db.session.execute(db.select(Attachment)).first() is None


def test_too_large_upload_gets_413(member_client, db, users):
    item = factories.make_achievement(users["studio_member"], "draft")
    response = _upload(member_client, item, PDF + b"0" * (70 * 1024), "big.pdf")
    assert response.status_code == 413
    assert "文件过大" in response.get_data(as_text=True) or "过大" in response.get_data(
        as_text=True)


def test_download_permissions(app, db, users, client_for, other_studio):
    member = users["studio_member"]
    draft = factories.make_achievement(member, "draft")
    _upload(client_for("studio_member"), draft, PDF, "a.pdf")
    attachment = db.session.execute(db.select(Attachment)).scalar_one()
    url = f"/achievements/{draft.id}/attachments/{attachment.id}"
    assert client_for("enterprise").get(url).status_code == 404  # draft: not visible
    assert client_for("union_staff").get(url).status_code == 200
    factories.make_achievement(member, "draft")  # unrelated
    from exchange.achievements import workflow

    workflow.apply(member, draft, "submit")
    workflow.apply(users["union_staff"], draft, "publish")
    db.session.commit()
    assert client_for("enterprise").get(url).status_code == 200
    visitor = client_for("visitor").get(url)
    assert visitor.status_code == 302 and "/auth/login" in visitor.headers["Location"]


def test_attachments_cannot_be_added_to_published_items(member_client, db, users):
    item = factories.make_achievement(users["studio_member"], "published")
    assert _upload(member_client, item, PDF, "a.pdf").status_code == 403
