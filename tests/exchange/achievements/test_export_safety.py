"""Achievement exports (public list, studio list, template) go through the one table
writer: stored text never becomes a formula, stored control characters never break the
file, numbers are numbers, and an export still imports back unchanged.

Trust rule: a file downloaded from the platform is safe to open in Excel (OWASP CSV
injection) and always downloads."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from exchange.achievements import spreadsheets
from exchange.achievements.kinds import AchievementType
from exchange.achievements.models import Achievement
from exchange.auth.roles import Role
from tests.exchange.achievements.test_spreadsheets import confirm, upload
from tests.support import factories

COLUMN = {key: i for i, (key, _h) in enumerate(spreadsheets.COLUMNS)}
FORMULAS = ["=1+1", '=HYPERLINK("http://evil.example","click")']


def _published(db, member, **stored):
    """A published achievement whose columns hold `stored` as if saved long ago."""
    item = factories.make_achievement(member, "published")
    for name, value in stored.items():
        setattr(item, name, value)
    db.session.commit()
    return item


def _sheet(data: bytes):
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return list(sheet.iter_rows())


def _csv(data: bytes):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_formula_titles_are_text_in_every_export(db, users, client_for):
    member = users["studio_member"]
    for title in FORMULAS:
        _published(db, member, title=title, abstract="@SUM(1+1)*cmd|' /C calc'!A0",
                   keywords=["-2+3", "关键词"])
    client = client_for("studio_leader")
    for url in ("/achievements/export", f"/achievements/studio/{member.studio_id}/export"):
        rows = _sheet(client.get(url + ".xlsx").data)[1:]
        titles = sorted((r[COLUMN["title"]].value, r[COLUMN["title"]].data_type) for r in rows)
        assert titles == sorted(("'" + t, "s") for t in FORMULAS), url
        assert {r[COLUMN["abstract"]].value for r in rows} == {"'@SUM(1+1)*cmd|' /C calc'!A0"}
        assert all(c.data_type != "f" for r in rows for c in r), url
        lines = _csv(client.get(url + ".csv").data)[1:]
        assert sorted(r[COLUMN["title"]] for r in lines) == sorted("'" + t for t in FORMULAS)
        assert {r[COLUMN["keywords"]] for r in lines} == {"'-2+3、关键词"}


def test_numbers_are_numeric_cells(db, users, client_for):
    _published(db, users["studio_member"], trl=7, price_fen=476_000_000, benefit_fen=12_345)
    row = _sheet(client_for("enterprise").get("/achievements/export.xlsx").data)[1]
    assert (row[COLUMN["trl"]].value, row[COLUMN["trl"]].data_type) == (7, "n")
    assert (row[COLUMN["price"]].value, row[COLUMN["price"]].data_type) == (4_760_000, "n")
    assert row[COLUMN["benefit"]].value == 123.45 and row[COLUMN["benefit"]].data_type == "n"
    line = _csv(client_for("enterprise").get("/achievements/export.csv").data)[1]
    assert [line[COLUMN[k]] for k in ("trl", "price", "benefit")] == ["7", "4760000.00",
                                                                      "123.45"]


def test_stored_control_characters_do_not_break_the_export(db, users, client_for):
    _published(db, users["studio_member"], title="垂直\x0b制表\x1b符的成果",
               abstract="简介\x01里有\x07控制字符\n和换行")  # (PostgreSQL refuses NUL)
    client = client_for("enterprise")
    response = client.get("/achievements/export.xlsx")
    assert response.status_code == 200
    row = _sheet(response.data)[1]
    assert row[COLUMN["title"]].value == "垂直制表符的成果"
    assert row[COLUMN["abstract"]].value == "简介里有控制字符\n和换行"
    text = client.get("/achievements/export.csv").data.decode("utf-8-sig")
    assert "垂直制表符的成果" in text and not any(c in text for c in "\x01\x07\x0b\x1b")


def test_hostile_text_round_trips_through_export_and_import(app, db, users):
    member, leader = users["studio_member"], users["studio_leader"]
    _published(db, member, title="=1+1 公式样的成果名称",
               abstract="-负号开头的简介，测试导入还原。", keywords=["+加号", "@提及"],
               price_fen=476_000_000, benefit_fen=12_345,
               type=AchievementType.TECHNICAL_BREAKTHROUGH, patent_number=None,
               legal_status=None)
    original = db.session.execute(db.select(Achievement)).scalar_one()
    fields = ("title", "abstract", "keywords", "trl", "price_fen", "benefit_fen")
    expected = tuple(getattr(original, f) for f in fields)
    exporter = factories.login(app.test_client(), leader)
    for fmt in ("xlsx", "csv"):
        data = exporter.get(f"/achievements/studio/{member.studio_id}/export.{fmt}").data
        target = factories.make_studio()
        importer = factories.make_user(Role.STUDIO_LEADER, studio=target, name=member.name)
        client = factories.login(app.test_client(), importer)
        html = upload(client, data, f"export.{fmt}").get_data(as_text=True)
        assert confirm(client, html).status_code == 302, (fmt, html[-2000:])
        copy = db.session.execute(db.select(Achievement).filter_by(studio_id=target.id)
                                  ).scalar_one()
        assert tuple(getattr(copy, f) for f in fields) == expected, fmt
