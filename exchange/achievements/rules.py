"""Validation rules shared by the achievement form and the bulk import.

Both hand in raw values (strings as typed or read from a cell, codes for choices) and get
back clean values or, per field, the reasons in the user's language. One set of rules
means a row that the form would refuse is refused by the import with the same words.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from exchange.achievements.kinds import (
    PATENT_KIND_DIGITS,
    AchievementType,
    LegalStatus,
    TransactionMode,
)
from exchange.achievements.validators import parse_patent_number
from exchange.inputs import CONTROL_MESSAGE, has_control_chars
from exchange.money import MONEY_MESSAGES, parse_yuan

TITLE_MAX, ABSTRACT_MAX, KEYWORD_MAX, KEYWORDS_MAX = 200, 5000, 50, 20
KEYWORD_SPLIT = re.compile(r"[,，;；、\s]+")
NEGOTIABLE_WORDS = {"面议", "議價", "面議", "negotiable"}

PATENT_MESSAGES = {
    "shape": _l("Write the application number as CN + 12 digits + . + check digit, "
                "e.g. CN202310123455.1."),
    "year": _l("The first four digits are the filing year (2003 or later)."),
    "kind": _l("The fifth digit must be 1, 2, 3, 8 or 9 (the patent kind)."),
    "check": _l("The check digit does not match: please check the number."),
}
REQUIRED = _l("This field is required.")


@dataclass
class Parsed:
    values: dict = field(default_factory=dict)
    errors: dict[str, list] = field(default_factory=dict)

    def fail(self, name: str, message) -> None:
        self.errors.setdefault(name, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def split_keywords(raw) -> list[str]:
    items = raw if isinstance(raw, list | tuple) else KEYWORD_SPLIT.split(str(raw or ""))
    seen: dict[str, None] = {}
    for item in items:
        item = str(item).strip()
        if item:
            seen.setdefault(item, None)
    return list(seen)


def _text(parsed: Parsed, raw: Mapping, name: str, limit: int) -> None:
    value = str(raw.get(name) or "").strip()
    if not value:
        parsed.fail(name, REQUIRED)
    elif len(value) > limit:
        parsed.fail(name, _l("Enter at most %(max)d characters.", max=limit))
    parsed.values[name] = value


def _choice(parsed: Parsed, raw: Mapping, name: str, enum, required: bool = True):
    value = str(raw.get(name) or "").strip()
    if not value:
        if required:
            parsed.fail(name, REQUIRED)
        parsed.values[name] = None
        return None
    try:
        member = enum(value)
    except ValueError:
        parsed.fail(name, _l("Choose one of the listed options."))
        member = None
    parsed.values[name] = member
    return member


def _money(parsed: Parsed, name: str, value, *, default: int | None = None) -> None:
    text = "" if value is None else str(value).strip()
    if text == "":
        parsed.values[name] = default
        return
    try:
        parsed.values[name] = parse_yuan(text)
    except ValueError as error:
        parsed.fail(name, MONEY_MESSAGES[str(error)])
        parsed.values[name] = default


def parse(raw: Mapping, industry_codes: Iterable[str]) -> Parsed:
    """Validate one achievement's fields; contributors are checked by the service."""
    parsed = Parsed()
    # Forms refuse these already; an imported cell arrives here first.
    for name, value in raw.items():
        texts = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(t, str) and has_control_chars(t) for t in texts):
            parsed.fail(name, CONTROL_MESSAGE)
    _text(parsed, raw, "title", TITLE_MAX)
    _text(parsed, raw, "abstract", ABSTRACT_MAX)

    keywords = split_keywords(raw.get("keywords"))
    if len(keywords) > KEYWORDS_MAX:
        parsed.fail("keywords", _l("Give at most %(max)d keywords.", max=KEYWORDS_MAX))
    if any(len(k) > KEYWORD_MAX for k in keywords):
        parsed.fail("keywords", _l("Each keyword has at most %(max)d characters.",
                                   max=KEYWORD_MAX))
    parsed.values["keywords"] = keywords

    kind = _choice(parsed, raw, "type", AchievementType)
    _patent(parsed, raw, kind)

    code = str(raw.get("industry_code") or "").strip()
    if not code:
        parsed.fail("industry_code", REQUIRED)
    elif code not in set(industry_codes):
        parsed.fail("industry_code", _l("Choose a GB/T 4754-2017 division (two digits)."))
    parsed.values["industry_code"] = code

    trl = str(raw.get("trl") or "").strip()
    # ASCII digits only: '²'.isdigit() is True and int('²') raises.
    level = int(trl) if trl.isascii() and trl.isdigit() and len(trl) < 4 else None
    if not trl:
        parsed.fail("trl", REQUIRED)
    elif level is None or not 1 <= level <= 9:
        parsed.fail("trl", _l("The readiness level is a whole number from 1 to 9."))
        level = None
    parsed.values["trl"] = level

    modes = []
    for value in raw.get("transaction_modes") or []:
        try:
            modes.append(TransactionMode(value))
        except ValueError:
            parsed.fail("transaction_modes", _l("Unknown transaction mode: %(value)s",
                                                value=value))
    if not modes and "transaction_modes" not in parsed.errors:
        parsed.fail("transaction_modes", _l("Offer at least one transaction mode."))
    parsed.values["transaction_modes"] = modes

    price = raw.get("price")
    negotiable = bool(raw.get("price_negotiable")) or str(price or "").strip() in NEGOTIABLE_WORDS
    parsed.values["price_negotiable"] = negotiable
    if negotiable:
        parsed.values["price_fen"] = None
    else:
        _money(parsed, "price", price)
        parsed.values["price_fen"] = parsed.values.pop("price")
        if parsed.values["price_fen"] is None and "price" not in parsed.errors:
            parsed.fail("price", _l("Give an asking price or choose 'negotiable'."))
    _money(parsed, "benefit", raw.get("benefit"))  # empty: not given (None), not ¥0
    parsed.values["benefit_fen"] = parsed.values.pop("benefit")
    return parsed


def _patent(parsed: Parsed, raw: Mapping, kind: AchievementType | None) -> None:
    number = str(raw.get("patent_number") or "").strip()
    status_raw = str(raw.get("legal_status") or "").strip()
    parsed.values["patent_number"] = None
    parsed.values["legal_status"] = None
    if kind is None:
        return
    if not kind.is_patent:
        if number:
            parsed.fail("patent_number", _l("Only patents have a patent number."))
        if status_raw:
            parsed.fail("legal_status", _l("Only patents have a legal status."))
        return
    if not number:
        parsed.fail("patent_number", _l("A patent needs its application number."))
    else:
        canonical, reason = parse_patent_number(number)
        if reason:
            parsed.fail("patent_number", PATENT_MESSAGES[reason])
        elif canonical[6] not in PATENT_KIND_DIGITS[kind]:
            parsed.fail("patent_number", _l(
                "The fifth digit (%(digit)s) is not that of a %(kind)s.",
                digit=canonical[6], kind=kind.label))
        parsed.values["patent_number"] = canonical or number
    _choice(parsed, raw, "legal_status", LegalStatus)
