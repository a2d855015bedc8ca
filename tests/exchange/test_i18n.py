"""Simplified Chinese by default, English on request; catalogs complete."""
import ast
import re
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


GETTEXT_NAMES = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "lazy_ngettext"}


def _callee(node) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):  # flask_babel.gettext(...)
        return func.attr
    return None


def _gettext_problems() -> list[str]:
    """Each call whose message pybabel cannot extract: a non-literal argument (f-string,
    concatenation, variable) or a call hidden inside an f-string (Python 3.11's tokenizer
    gives pybabel the f-string as one token, so `f"{_('x')}"` is never extracted)."""
    problems = []
    for path in sorted((ROOT / "exchange").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        in_fstring = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                      for inner in ast.walk(node)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _callee(node) not in GETTEXT_NAMES:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            literal_count = 2 if _callee(node) in {"ngettext", "lazy_ngettext"} else 1
            messages = node.args[:literal_count]
            if len(messages) < literal_count or not all(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in messages):
                problems.append(f"{where}: message is not a string literal")
            elif id(node) in in_fstring:
                problems.append(f"{where}: gettext call inside an f-string")
    return problems


def test_every_gettext_call_has_literal_extractable_arguments():
    """Every `_()`/`_l()`/`gettext`/`ngettext` message is a plain string literal, outside
    f-strings, so that `pybabel extract` sees it and the UI never stays English."""
    assert _gettext_problems() == []


def test_every_catalog_message_has_a_chinese_translation():
    with open(ROOT / "exchange/translations/zh_Hans/LC_MESSAGES/messages.po", "rb") as fh:
        catalog = read_po(fh)
    untranslated = sorted(m.id if isinstance(m.id, str) else m.id[0] for m in catalog
                          if m.id and (not m.string or m.fuzzy
                                       or (isinstance(m.string, tuple) and not all(m.string))))
    assert untranslated == []


CJK = r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"
_NEUTRAL = re.compile(r"%\(\w+\)[sdif]|%[sd%]|\{\w*\}|https?://\S+|\b\d{1,2}:\d{2}\b")
_ASCII_NEAR_CJK = re.compile(rf"{CJK}\s*[:,;()]|[:,;()]\s*{CJK}|{CJK}\.$")


def _ascii_punctuation(text: str) -> list[str]:
    """ASCII : , ; ( ) next to Chinese characters, or a final '.' after one; placeholders,
    URLs and times (08:00) are not text."""
    return [m.group(0) for m in _ASCII_NEAR_CJK.finditer(_NEUTRAL.sub("X", text))]


def test_chinese_text_uses_full_width_punctuation():
    """Chinese text takes ：，；（）。 — "对接专员：未指派", not "对接专员: 未指派"."""
    with open(ROOT / "exchange/translations/zh_Hans/LC_MESSAGES/messages.po", "rb") as fh:
        catalog = read_po(fh)
    found = {}
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if text and _ascii_punctuation(text):
                found[text] = _ascii_punctuation(text)
    assert found == {}


def test_templates_put_no_ascii_colon_after_translated_text():
    """`{{ _('Mediator') }}: …` renders "对接专员: …": templates use `{{ colon }}`."""
    glued = re.compile(r"(?:(?:_\([^()]*\)|\.label(?:\.text)?|\.name) ?\}\}|</a>)[:;,.(](?: |$)")
    found = [f"{path.relative_to(ROOT)}:{number}"
             for path in sorted((ROOT / "templates").rglob("*.html"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if glued.search(line)]
    assert found == []


def test_punctuation_between_template_pieces_follows_the_language(client, db, users):
    from tests.support import factories

    achievement = factories.make_achievement(users["studio_member"], "published")
    inquiry = factories.make_inquiry(users["enterprise"], achievement)
    factories.login(client, users["enterprise"])
    html = client.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "对接专员：未指派" in html
    client.get("/language/en")
    assert "mediator: not assigned" in client.get(f"/inquiries/{inquiry.id}").get_data(
        as_text=True)


def test_the_punctuation_check_finds_what_it_should():
    assert _ascii_punctuation("对接专员: 未指派") and _ascii_punctuation("已保存.")
    assert _ascii_punctuation("合计(%(n)d项)") and _ascii_punctuation("甲,乙")
    assert not _ascii_punctuation("对接专员：%(name)s (%(kind)s)")
    assert not _ascii_punctuation("截至 08:00，共%(n)d项。")
    assert not _ascii_punctuation("见 https://example.cn/a,b 页")
