"""Simplified Chinese by default, English on request; catalogs complete."""
from datetime import UTC
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None}


def test_default_language_is_simplified_chinese(client, db):
    html = client.get("/").get_data(as_text=True)
    assert 'lang="zh-Hans"' in html
    assert "劳模工匠创新成果交易平台" in html
    assert "登录" in html


def test_switch_to_english_and_back(client, db):
    response = client.get("/language/en?next=/studios/")
    assert response.headers["Location"] == "/studios/"
    html = client.get("/studios/").get_data(as_text=True)
    assert 'lang="en"' in html and "Innovation studios" in html
    client.get("/language/zh_Hans")
    assert "创新工作室" in client.get("/studios/").get_data(as_text=True)


def test_language_switch_ignores_foreign_redirects(client, db):
    assert client.get("/language/en?next=//evil.example.com").headers["Location"] == "/"
    assert client.get("/language/xx").status_code == 404


def test_every_page_offers_the_language_switch(client, studio):
    for path in ("/", "/studios/", f"/studios/{studio.id}", "/auth/login", "/auth/register",
                 "/no-such-page"):
        assert "/language/en" in client.get(path).get_data(as_text=True), path


def _extracted_ids() -> set[str]:
    method_map = [("exchange/**.py", "python"), ("templates/**.html", "jinja2")]
    ids = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, keywords=KEYWORDS):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_chinese_catalog_translates_every_ui_string():
    with open(ROOT / "exchange/translations/zh_Hans/LC_MESSAGES/messages.po", "rb") as fh:
        catalog = read_po(fh)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(_extracted_ids() - translated)
    assert missing == [], "run `make messages` and translate these"


def test_datetimes_are_shown_in_shanghai_time(admin_client, db, users):
    from datetime import datetime

    from exchange.auth.models import User

    user = db.session.get(User, users["enterprise"].id)
    user.created_at = datetime(2026, 1, 1, 20, 30, tzinfo=UTC)
    db.session.commit()
    html = admin_client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "2026-01-02 04:30" in html
