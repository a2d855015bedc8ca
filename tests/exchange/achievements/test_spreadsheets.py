"""Bulk import (all-or-nothing, every bad row reported) and export round-trip."""
import csv
import io
import re

from openpyxl import Workbook, load_workbook

from exchange.achievements import spreadsheets
from exchange.achievements.models import Achievement
from exchange.auth.roles import Role
from tests.support import factories

HEADERS = [h for _, h in spreadsheets.COLUMNS]


def sample_row(n: int, contributor: str) -> list:
    number = factories.valid_patent_number("2", n, 2021)
    return [f"输送带跑偏自动纠偏装置{n}", "实用新型专利",
            "采用双侧压力传感与液压纠偏辊，自动校正输送带跑偏。",
            "输送带、跑偏、纠偏", number, "已授权", "35", 6, "转让、普通许可",
            15000 + n, "0", contributor]


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, data: bytes, name: str):
    return client.post("/achievements/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def confirm(client, preview_html: str):
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview_html) or \
        re.search(r'id="token" name="token" type="hidden" value="([^"]+)"', preview_html)
    assert token, "no confirmation form"
    return client.post("/achievements/import/confirm", data={"token": token.group(1)})


def _count(db):
    return len(db.session.execute(db.select(Achievement.id)).all())


def test_thousand_rows_with_one_bad_row_write_nothing(member_client, db, users):
    name = users["studio_member"].name
    rows = [sample_row(i, name) for i in range(1000)]
    rows[636][7] = 12  # TRL out of range on spreadsheet line 638 (header is line 1)
    response = upload(member_client, xlsx(rows), "成果.xlsx")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "import-errors" in html
    assert re.search(r"<td>638</td><td>技术成熟度</td><td>[^<]*1[^<]*9", html)
    assert html.count("<tr><td>") == 1
    assert _count(db) == 0


def test_clean_thousand_rows_import_all(member_client, db, users):
    name = users["studio_member"].name
    preview = upload(member_client, xlsx([sample_row(i, name) for i in range(1000)]), "a.xlsx")
    html = preview.get_data(as_text=True)
    assert "1000" in html and "import-preview" in html
    assert _count(db) == 0  # the preview writes nothing
    done = confirm(member_client, html)
    assert done.status_code == 302
    assert _count(db) == 1000
    first = db.session.execute(db.select(Achievement).order_by(Achievement.id)).scalars().first()
    assert first.state.value == "draft" and first.price_fen == 1_500_000
    assert [c.user.name for c in first.contributors] == [name]


def test_every_bad_row_is_reported_with_line_column_and_reason(member_client, db, users):
    name = users["studio_member"].name
    rows = [sample_row(i, name) for i in range(5)]
    rows[0][1] = "论文"                       # unknown type
    rows[1][4] = "CN202120000001.0"          # wrong check digit
    rows[2][9] = "-5"                        # negative price
    rows[3][11] = "不存在的人"                  # not a member
    rows[4][8] = "转让、赠送"                    # unknown mode
    html = upload(member_client, xlsx(rows), "bad.xlsx").get_data(as_text=True)
    found = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td>", html)
    assert found == [("2", "成果类型"), ("3", "专利申请号"), ("4", "报价（元）"),
                     ("5", "完成人"), ("6", "交易方式")]
    assert "论文" in html and "不存在的人" in html and "赠送" in html
    assert _count(db) == 0


def test_file_level_problems(member_client, db):
    html = upload(member_client, b"\x00\x01binary", "x.csv").get_data(as_text=True)
    assert "is-invalid" in html
    missing = "成果名称,成果类型\n甲,发明专利\n".encode()
    assert "完成人" in upload(member_client, missing, "x.csv").get_data(as_text=True)
    assert "is-invalid" in upload(member_client, b"", "x.csv").get_data(as_text=True)


def test_gbk_csv_from_excel(member_client, db, users):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerow(sample_row(1, users["studio_member"].name))
    html = upload(member_client, out.getvalue().encode("gb18030"), "gbk.csv").get_data(
        as_text=True)
    assert "import-preview" in html
    assert confirm(member_client, html).status_code == 302 and _count(db) == 1


def test_templates(member_client):
    workbook = load_workbook(io.BytesIO(member_client.get(
        "/achievements/import/template.xlsx").data))
    assert [c.value for c in workbook.worksheets[0][1]] == HEADERS
    assert workbook.sheetnames == ["成果", "填写说明"]
    text = member_client.get("/achievements/import/template.csv").data.decode("utf-8-sig")
    assert text.strip() == ",".join(HEADERS)


FIELDS = ("title", "abstract", "keywords", "type", "patent_number", "legal_status",
          "industry_code", "trl", "transaction_modes", "price_fen", "price_negotiable",
          "benefit_fen")


def _content(item):
    return tuple(getattr(item, f) for f in FIELDS) + (
        tuple(c.user.name for c in item.contributors),)


def test_export_import_round_trip(app, db, users, other_studio):
    member, leader = users["studio_member"], users["studio_leader"]
    factories.make_achievement(member, "published")
    factories.make_achievement(member, "draft", type="technical_breakthrough",
                               patent_number=None, legal_status=None, price_fen=None,
                               price_negotiable=True, keywords=[], benefit_fen=12_345)
    factories.make_achievement(member, "returned", price_fen=99, benefit_fen=None)  # 未填写
    original = db.session.execute(db.select(Achievement).order_by(Achievement.id)
                                  ).scalars().all()
    expected = sorted(map(_content, original))
    exporter = factories.login(app.test_client(), leader)
    exported = {fmt: exporter.get(f"/achievements/studio/{member.studio_id}/export.{fmt}").data
                for fmt in ("xlsx", "csv")}
    for fmt, data in exported.items():
        # One patent, one live achievement: free the numbers (the originals, the copies
        # of the previous format) before importing them again.
        for item in db.session.execute(db.select(Achievement)).scalars():
            db.session.delete(item)
        db.session.commit()
        # An empty studio whose members carry the same names as the contributors.
        target = factories.make_studio()
        importer = factories.make_user(Role.STUDIO_LEADER, studio=target, name=member.name)
        client = factories.login(app.test_client(), importer)
        html = upload(client, data, f"export.{fmt}").get_data(as_text=True)
        assert confirm(client, html).status_code == 302, fmt
        copies = db.session.execute(db.select(Achievement).filter_by(studio_id=target.id)
                                    .order_by(Achievement.id)).scalars().all()
        assert sorted(map(_content, copies)) == expected, fmt


def test_public_export_uses_the_list_filters(app, db, users, client_for):
    member = users["studio_member"]
    factories.make_achievement(member, "published", title="导出甲", trl=3)
    factories.make_achievement(member, "published", title="导出乙", trl=8)
    factories.make_achievement(member, "draft", title="导出草稿")
    data = client_for("enterprise").get("/achievements/export.csv?trl=8").data
    text = data.decode("utf-8-sig")
    assert "导出乙" in text and "导出甲" not in text and "导出草稿" not in text
    assert client_for("visitor").get("/achievements/export.csv").status_code == 302
