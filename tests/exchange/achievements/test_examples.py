"""Every example patent number the app shows passes its own validator.

The hint on the new-achievement form, the format error and the import template's 填写说明
all showed CN202310123455.3, whose check digit is 1: a user who copied it was refused.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.pofile import read_po
from openpyxl import load_workbook

from exchange.achievements.validators import parse_patent_number

ROOT = Path(__file__).resolve().parents[3]
NUMBER = re.compile(r"(?:CN|ZL)?\s?\d{12}\s?\.\s?[0-9X]", re.IGNORECASE)
SOURCES = ("exchange/**/*.py", "exchange/**/*.html", "exchange/**/*.js", "README.md",
           "docs/*.md")


def _examples_in_sources() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for pattern in SOURCES:
        for path in ROOT.glob(pattern):
            for number in NUMBER.findall(path.read_text(encoding="utf-8")):
                found.setdefault(number, []).append(str(path.relative_to(ROOT)))
    for path in (ROOT / "exchange" / "translations").glob("*/LC_MESSAGES/messages.po"):
        with path.open("rb") as catalog:
            for message in read_po(catalog):
                if message.id:
                    texts = [message.id, message.string] if isinstance(message.id, str) \
                        else [*message.id, *message.string]
                    for number in NUMBER.findall(" ".join(t for t in texts if t)):
                        found.setdefault(number, []).append(str(path.relative_to(ROOT)))
    return found


def test_every_example_patent_number_in_code_templates_and_catalogs_is_valid():
    found = _examples_in_sources()
    assert len(found) >= 1  # the hint, the format message and the guide show one
    wrong = {number: places for number, places in found.items()
             if parse_patent_number(number)[1] is not None}
    assert wrong == {}


def test_the_hint_the_error_and_the_template_guide_show_a_valid_number(member_client):
    form = member_client.get("/achievements/new").get_data(as_text=True)
    error = member_client.post("/achievements/new", data={
        "type": "invention_patent", "patent_number": "12345"}).get_data(as_text=True)
    guide = load_workbook(io.BytesIO(member_client.get(
        "/achievements/import/template.xlsx").data))["填写说明"]
    guide_text = " ".join(str(cell.value) for row in guide.iter_rows() for cell in row)
    for text in (form, error, guide_text):
        numbers = NUMBER.findall(text)
        assert numbers, text[:200]
        assert all(parse_patent_number(n)[1] is None for n in numbers), numbers
