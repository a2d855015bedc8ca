"""Cursor pagination: an opaque, signed cursor names where the next page starts, and the
`Link` header carries the URL of the next page (RFC 8288). Lists in a stored order page
by their sort key (keyset: a new row never shifts a page); ranked search pages by rank."""
from __future__ import annotations

from datetime import date, datetime
from typing import NoReturn

from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_smorest import abort
from itsdangerous import BadSignature, URLSafeSerializer
from marshmallow import EXCLUDE, Schema, fields, validate
from sqlalchemy import literal, tuple_

from exchange.extensions import db

SALT = "api-cursor"
DEFAULT_LIMIT, MAX_LIMIT = 20, 100


class PageArgs(Schema):
    """Query arguments of a list; the filters beside them are checked by the site's form."""

    class Meta:
        unknown = EXCLUDE

    cursor = fields.String(metadata={"description": "from the `Link: rel=\"next\"` header"})
    limit = fields.Integer(load_default=DEFAULT_LIMIT,
                           validate=validate.Range(1, MAX_LIMIT))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _encode(value):
    if isinstance(value, datetime):
        return ["t", value.isoformat()]
    if isinstance(value, date):
        return ["d", value.isoformat()]
    return value


def _decode(value):
    if isinstance(value, list) and len(value) == 2 and value[0] in ("t", "d"):
        kind, text = value
        return datetime.fromisoformat(text) if kind == "t" else date.fromisoformat(text)
    return value


def _invalid_cursor() -> NoReturn:
    abort(422, messages={"cursor": [_("This cursor is not valid here; start from the first "
                                      "page.")]})


def read_cursor(cursor: str | None, what: str):
    if not cursor:
        return None
    try:
        kind, position = _serializer().loads(cursor)
    except (BadSignature, ValueError, TypeError):
        kind, position = None, None
    if kind != what:
        _invalid_cursor()
    return position


def next_link(position, what: str, limit: int) -> dict:
    args = {**request.args.to_dict(), "cursor": _serializer().dumps([what, position]),
            "limit": limit}
    url = url_for(request.endpoint, **(request.view_args or {}), **args, _external=True)
    return {"Link": f'<{url}>; rel="next"'}


def keyset(stmt, keys: tuple, args: dict, descending: bool = True):
    """One page of `stmt` ordered by `keys` (the last one unique, e.g. the id) and the
    headers that link to the next: (rows, headers)."""
    what = "keyset:" + ",".join(k.key for k in keys)
    position = read_cursor(args.get("cursor"), what)
    order = [k.desc() if descending else k.asc() for k in keys]
    stmt = stmt.order_by(None).order_by(*order)
    if position is not None:
        if not isinstance(position, list) or len(position) != len(keys):
            _invalid_cursor()
        values = [_decode(v) for v in position]
        stmt = stmt.where(_after(keys, values, descending))
    limit = args["limit"]
    rows = db.session.execute(stmt.limit(limit + 1)).scalars().unique().all()
    headers = {}
    if len(rows) > limit:
        rows = rows[:limit]
        headers = next_link([_encode(getattr(rows[-1], k.key)) for k in keys], what, limit)
    return rows, headers


def _after(keys, values, descending):
    """Rows strictly after `values` in the order, as one row-value comparison
    ((a, b) < (x, y)) that both engines answer from the (a, b) index; each value binds
    with its column's own type."""
    row = tuple_(*keys)
    bound = tuple_(*(literal(value, type_=key.type) for key, value in zip(keys, values,
                                                                           strict=True)))
    return row < bound if descending else row > bound


def offset_page(args: dict, what: str) -> int:
    position = read_cursor(args.get("cursor"), what)
    if position is None:
        return 0
    if not isinstance(position, int) or position < 0:
        _invalid_cursor()
    return position
