"""What the app accepts from a request, checked at the root.

Text: no C0 control characters (a NUL is stored by SQLite and refused by PostgreSQL;
\\x0b or \\x1b makes every XLSX export fail) — tab, newline and carriage return are text.
Integers: only what the database's INTEGER column holds (ids, years, page numbers).
Pure functions, used by the forms (forms_common), the query-string guard below, views
and the importer.
"""
from __future__ import annotations

import re

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

# C0 controls other than tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A single-line field also refuses newline and carriage return (a browser never sends
# them from <input>); tab stays (pasted from a spreadsheet).
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x08\x0a-\x1f]")
_ASCII_INTEGER = re.compile(r"-?[0-9]+")

DB_INT_MIN, DB_INT_MAX = -(2**31), 2**31 - 1  # INTEGER on PostgreSQL and our ids

CONTROL_MESSAGE = _l("Remove the invisible control characters (such as NUL) from this text.")
QUERY_MESSAGE = _l("The address contains invisible control characters (such as NUL). "
                   "Remove them and try again.")


def has_control_chars(text: str | None, *, multiline: bool = True) -> bool:
    if not text:
        return False
    return (_CONTROL if multiline else _CONTROL_SINGLE_LINE).search(text) is not None


def db_int(value) -> int:
    """ASCII digits (optionally '-') within INTEGER's range -> int, else ValueError.

    Usable as `request.args.get(name, type=db_int)`: out of range or not a number is
    then the default. (str.isdigit() accepts '²', which int() refuses.)"""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not _ASCII_INTEGER.fullmatch(text) or len(text) > 11:
            raise ValueError(value)
        number = int(text)
    if not DB_INT_MIN <= number <= DB_INT_MAX:
        raise ValueError(value)
    return number


def parse_id(value) -> int | None:
    """A positive id the database can hold, or None (anything else names no row)."""
    try:
        number = db_int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class BadInput(BadRequest):
    """400 whose page says what was wrong, in the user's language."""

    def __init__(self, message=QUERY_MESSAGE) -> None:
        super().__init__()
        self.user_message = message


class BoundedIntegerConverter(IntegerConverter):
    """`<int:…>` in routes: numbers past INTEGER's range are no route (404), not a
    database error."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False) -> None:
        super().__init__(map, fixed_digits, min, DB_INT_MAX if max is None else max, signed)


def _refuse_control_chars_in_the_address() -> None:
    if has_control_chars(request.path) or any(
            has_control_chars(key) or has_control_chars(value)
            for key, value in request.args.items(multi=True)):
        raise BadInput()


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(_refuse_control_chars_in_the_address)
