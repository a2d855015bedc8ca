"""Input rules held at the root: control characters, integers the database can hold.

Trust rule: bad input gets a clear message in the user's language and never a 500; a
NUL byte is neither stored (SQLite) nor a server error (PostgreSQL).
"""
from __future__ import annotations

import csv
import importlib
import io
import pkgutil

import pytest
from wtforms import Form

import exchange
from exchange.achievements.models import Achievement
from exchange.forms_common import AppForm, AppSubForm
from exchange.inputs import db_int, has_control_chars, parse_id
from tests.exchange.achievements.test_spreadsheets import HEADERS, sample_row, upload
from tests.support import factories

CONTROL_ZH = "请删除文本中的不可见控制字符"
ADDRESS_ZH = "地址中含有不可见的控制字符"


def _all_form_classes():
    for module in pkgutil.walk_packages(exchange.__path__, "exchange."):
        if not module.name.startswith("exchange.demo"):
            importlib.import_module(module.name)
    seen, todo = set(), [Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.startswith("exchange.")]


def test_every_form_of_the_app_holds_the_root_input_rules():
    """A new form cannot forget the rules: every form class derives from AppForm (or
    AppSubForm for rows inside a form)."""
    classes = _all_form_classes()
    assert len(classes) > 30
    strays = sorted(f"{c.__module__}.{c.__name__}" for c in classes
                    if not issubclass(c, AppForm | AppSubForm))
    assert strays == [], "derive these from exchange.forms_common.AppForm"


def test_control_characters_and_integers():
    assert has_control_chars("a\x00b") and has_control_chars("\x1b[31m")
    assert has_control_chars("\x0b") and has_control_chars("x\x7f") is False
    assert not has_control_chars("第一行\r\n第二行\t制表")
    assert has_control_chars("一行\n", multiline=False)
    assert not has_control_chars("制表\t", multiline=False)
    assert db_int("2147483647") == 2**31 - 1 and db_int(" 12 ") == 12 and db_int("-3") == -3
    for bad in ("2147483648", "99999999999999999999", "²", "١٢", "1e3", "", "0x10", True):
        with pytest.raises(ValueError):
            db_int(bad)
    assert parse_id("42") == 42 and parse_id("0") is None and parse_id(None) is None
    assert parse_id("²") is None and parse_id("99999999999999999999") is None


def test_nul_in_a_title_is_refused_on_the_field(member_client, db):
    values = {"title": "数控机床\x00主轴", "abstract": "摘要", "type": "technical_innovation",
              "industry_code": "34", "trl": "7", "transaction_modes": "transfer"}
    response = member_client.post("/achievements/new", data=values)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and CONTROL_ZH in html
    assert db.session.execute(db.select(Achievement)).first() is None


def test_multiline_text_keeps_its_line_breaks(member_client, db):
    values = {"title": "数控机床主轴诊断", "abstract": "第一行\r\n第二行\t完", "keywords": "主轴",
              "type": "technical_innovation", "industry_code": "34", "trl": "7",
              "transaction_modes": "transfer", "price": "1000", "benefit": "0"}
    response = member_client.post("/achievements/new", data=values)
    assert CONTROL_ZH not in response.get_data(as_text=True)


def test_nul_in_the_login_email_is_a_message_not_a_500(client, users):
    response = client.post("/auth/login", data={"email": "a\x00@example.cn",
                                                "password": "x" * 12})
    assert response.status_code == 200
    assert CONTROL_ZH in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/achievements/", "/needs/", "/studios/", "/search/",
                                  "/admin/users", "/agreements/", "/programme/activities"])
def test_nul_in_a_list_filter_is_a_clear_400(client_for, path):
    response = client_for("admin").get(path, query_string={"q": "主轴\x00"})
    assert response.status_code == 400
    assert ADDRESS_ZH in response.get_data(as_text=True)
    english = client_for("admin")
    english.get("/language/en")
    answer = english.get(path + "?q=%00").get_data(as_text=True)
    assert "invisible control characters" in answer


@pytest.mark.parametrize("url", [
    "/achievements/?studio=99999999999999999999", "/achievements/?studio=²",
    "/achievements/?trl=%0D%0A&year=%0D%0A", "/agreements/?year=99999999999999999999",
    "/search/?page=99999999999999999999", "/programme/report?year=99999999999999999999",
    "/needs/?year=%20", "/programme/activities?studio=99999999999999999999",
])
def test_integers_beyond_the_database_are_ignored(client_for, url):
    """?studio=99999999999999999999 was a 500 on both engines."""
    assert client_for("admin").get(url).status_code == 200


@pytest.mark.parametrize("path", ["/achievements/99999999999999999999",
                                  "/studios/2147483648", "/needs/99999999999999999999/edit"])
def test_ids_beyond_the_database_are_not_found(client_for, path):
    assert client_for("admin").get(path).status_code == 404


def test_whole_number_fields_stop_at_integer(app):
    """A whole-number field without a range of its own still refuses what INTEGER cannot
    hold (on PostgreSQL: 'integer out of range', a 500)."""
    from werkzeug.datastructures import MultiDict
    from wtforms import IntegerField, TextAreaField

    class Sample(AppForm):
        class Meta:
            csrf = False

        count = IntegerField()
        note = TextAreaField()

    with app.test_request_context():
        form = Sample(MultiDict({"count": "99999999999999999999", "note": "一\r\n二\t三"}))
        assert not form.validate()
        assert list(form.errors) == ["count"]
        assert Sample(MultiDict({"count": "2147483647", "note": "x"})).validate()
        assert not Sample(MultiDict({"count": "1", "note": "x\x00"})).validate()


@pytest.mark.parametrize("bad", ["输送带\x0b纠偏装置", "输送带\x1b纠偏装置", "输送带\x07纠偏装置"])
def test_an_imported_cell_with_control_characters_is_a_row_error(member_client, db, users,
                                                                 bad):
    row = sample_row(1, users["studio_member"].name)
    row[0] = bad
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerow(row)
    response = upload(member_client, out.getvalue().encode("utf-8"), "成果.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "import-errors" in html and CONTROL_ZH in html
    assert db.session.execute(db.select(Achievement)).first() is None


def test_an_imported_price_of_1e999999_is_a_row_error(member_client, db, users):
    """G.17: the money parser behind the importer refuses, it does not overflow."""
    row = sample_row(1, users["studio_member"].name)
    row[9] = "1e999999"
    out = io.StringIO()
    csv.writer(out).writerows([HEADERS, row])
    response = upload(member_client, out.getvalue().encode("utf-8"), "成果.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "import-errors" in html and "金额过大" in html


def test_money_fields_refuse_1e999999_with_a_message(client_for, db, users):
    """G.17: need budget, achievement price, receipt and payout: 'too large' on the
    field (each was decimal.Overflow, a 500)."""
    staff = users["union_staff"]
    deal = factories.make_agreement(
        users["enterprise"], factories.make_achievement(users["studio_member"], "published"),
        staff, "active")
    answers = [
        client_for("union_staff").post(f"/agreements/{deal.id}/receipts/new",
                                       data={"amount": "1e999999", "on": "2024-05-06",
                                             "reference": "回单", "key": "k1"}),
        client_for("union_staff").post(f"/agreements/{deal.id}/payouts/new",
                                       data={"amount": "1e999999", "on": "2024-05-06",
                                             "reference": "回单", "key": "k2"}),
        client_for("enterprise").post("/needs/new", data={"title": "主轴诊断",
                                                          "budget_max": "1e999999"}),
        client_for("studio_member").post("/achievements/new", data={"title": "主轴诊断",
                                                                    "price": "1e999999"}),
    ]
    for response in answers:
        assert response.status_code == 200
        assert "金额过大" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/achievements/", "/needs/", "/studios/", "/agreements/",
                                  "/inquiries/", "/notifications/", "/admin/users",
                                  "/achievements/review", "/programme/activities"])
def test_a_page_number_beyond_the_database_is_the_first_page(client_for, path):
    """db.paginate read ?page= with int(): an OFFSET past BIGINT, a 500 on PostgreSQL.
    A page past the end now leads to the last page (H: every list)."""
    client = client_for("admin")
    for query in ("page=99999999999999999999", "page=2147483647", "per_page=99999999999999999999"):
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert client.get(response.headers["Location"]).status_code == 200
