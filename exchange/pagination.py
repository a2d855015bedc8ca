"""One rule for every paginated list: a page past the end is answered with a redirect to
the last page, so "共 182 条结果" never sits over an empty list.

`db.paginate` (see extensions.AppSQLAlchemy), the ledger's row pagination and the lists
paged in Python (search, matches) all go through `keep_in_range`.
"""
from __future__ import annotations

from flask import abort, has_request_context, redirect, request, url_for

from exchange.inputs import db_int


def requested_page() -> int:
    """The `page` query parameter: 1 when missing, not a number or below 1."""
    number = request.args.get("page", 1, type=db_int) or 1
    return max(1, number)


def keep_in_range(number: int, pages: int) -> None:
    """Redirect (abort with a 302) to the last page when `number` is past it."""
    last = max(1, pages)
    if number <= last or not has_request_context() or request.endpoint is None:
        return
    args = request.args.to_dict(flat=False)
    if last == 1:
        args.pop("page", None)
    else:
        args["page"] = [str(last)]
    abort(redirect(url_for(request.endpoint, **(request.view_args or {}), **args)))


def checked(pagination):
    """A Flask-SQLAlchemy pagination, after redirecting a page past the end."""
    keep_in_range(pagination.page, pagination.pages)
    return pagination
