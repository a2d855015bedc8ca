"""Every download: a parseable RFC 6266 Content-Disposition (ASCII `filename=` plus
`filename*=UTF-8''…` for a Chinese name), header values a strict server accepts, one
content type per kind with the charset once.

Trust rule: staff can always download their reports and statements, in either language
(the Chinese report name was a 500 under gunicorn). Werkzeug's test client does not
validate headers, so these tests check what gunicorn checks; tests/browser/test_downloads
drives the real server."""
from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from werkzeug.http import parse_options_header

from exchange import downloads
from exchange.achievements.models import Attachment
from exchange.db_types import local_today
from tests.support import factories

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# What gunicorn accepts in a header value (RFC 9110 field-value); Content-Disposition
# must moreover be plain ASCII for every browser to read it.
HEADER_VALUE = re.compile(r"[ \t\x21-\x7e\x80-\xff]*")
TYPES = {"csv": "text/csv; charset=utf-8", "beancount": "text/plain; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "pdf": "application/pdf"}


def check_download(response, kind: str) -> tuple[str, str]:
    """Assert the response is a well-formed download; return (ASCII name, real name)."""
    assert response.status_code == 200, response.request.path
    for name, value in response.headers.items():
        assert HEADER_VALUE.fullmatch(value), (name, value)
        value.encode("latin-1")
    assert response.headers["Content-Type"] == TYPES[kind]
    disposition = response.headers["Content-Disposition"]
    assert disposition.isascii() and disposition.isprintable(), disposition
    kind_, options = parse_options_header(disposition)
    assert kind_ == "attachment"
    plain = re.search(r'(?:^|;\s*)filename=("(?:[^"\\]|\\.)*"|[^;\s]+)', disposition)
    assert plain, disposition
    ascii_name = plain.group(1).strip('"')
    assert ascii_name.endswith("." + kind)
    encoded = re.search(r"filename\*=UTF-8''([^;\s]+)", disposition)
    if encoded:
        assert unquote(encoded.group(1)) == options["filename"]
    return ascii_name, options["filename"]


@pytest.fixture
def downloads_by_role(users, studio, deal_for_downloads):
    agreement = deal_for_downloads
    return [
        ("union_staff", "/programme/report.xlsx", "xlsx"),
        ("union_staff", "/ledger/trial-balance.csv", "csv"),
        ("union_staff", "/ledger/trial-balance.xlsx", "xlsx"),
        ("union_staff", "/ledger/ledger.beancount", "beancount"),
        ("union_staff", f"/agreements/{agreement.id}/statement.csv", "csv"),
        ("union_staff", f"/agreements/{agreement.id}/statement.xlsx", "xlsx"),
        ("studio_member", "/statements/mine.csv", "csv"),
        ("studio_member", "/statements/mine.xlsx", "xlsx"),
        ("enterprise", "/achievements/export.csv", "csv"),
        ("enterprise", "/achievements/export.xlsx", "xlsx"),
        ("studio_leader", f"/achievements/studio/{studio.id}/export.csv", "csv"),
        ("studio_leader", f"/achievements/studio/{studio.id}/export.xlsx", "xlsx"),
        ("studio_member", "/achievements/import/template.csv", "csv"),
        ("studio_member", "/achievements/import/template.xlsx", "xlsx"),
    ]


@pytest.fixture
def deal_for_downloads(db, users):
    achievement = factories.make_achievement(users["studio_member"], "published")
    return factories.make_agreement(users["enterprise"], achievement, users["union_staff"],
                                    "draft")


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_every_export_is_a_well_formed_download(client_for, downloads_by_role, language):
    clients = {}
    for role, url, kind in downloads_by_role:
        if role not in clients:
            clients[role] = client_for(role)
            clients[role].get(f"/language/{language}")
        check_download(clients[role].get(url), kind)


def test_the_chinese_report_name_is_encoded_with_an_ascii_fallback(client_for):
    year, stamp = local_today().year, f"{local_today():%Y%m%d}"
    response = client_for("union_staff").get("/programme/report.xlsx")
    plain, real = check_download(response, "xlsx")
    assert plain == f"programme-report-{year}-{stamp}.xlsx"
    assert real == f"双创双提升报表-{year}-{stamp}.xlsx"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]


def test_attachments_keep_their_chinese_name(member_client, db, users):
    item = factories.make_achievement(users["studio_member"], "draft")
    member_client.post(f"/achievements/{item.id}/attachments",
                       data={"file": (io.BytesIO(PDF), "专利证书.pdf")},
                       content_type="multipart/form-data")
    attachment = db.session.execute(db.select(Attachment)).scalar_one()
    plain, real = check_download(
        member_client.get(f"/achievements/{item.id}/attachments/{attachment.id}"), "pdf")
    assert (plain, real) == (f"attachment-{attachment.id}.pdf", "专利证书.pdf")


@pytest.mark.parametrize("name", ['报告\r\n\x01"; name=evil\\..\\x.csv',
                                  'report\r\nSet-Cookie: a=b\x7f"; x=../../y.csv'])
def test_a_hostile_file_name_cannot_break_the_header(app, name):
    with app.test_request_context():
        response = downloads.send(b"x", name, "text/csv")
    _plain, real = check_download(response, "csv")
    assert not any(c in real for c in "\r\n\x01\x7f/\\")
    assert real[:2] in ("报告", "re") and real.endswith(".csv")
