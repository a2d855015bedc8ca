"""Errors as `application/problem+json` (RFC 9457): a title and detail in the request's
language (Accept-Language), the status, and for invalid values one entry per field with
the same message the form would give."""
from __future__ import annotations

import math
import time

from flask import current_app, json, request
from flask_babel import gettext as _
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from exchange.extensions import db, limiter

PROBLEM_TYPE = "application/problem+json"


class FieldProblem(Schema):
    field = fields.String(required=True, metadata={"description": "the request field"})
    detail = fields.String(required=True)


class Problem(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.List(fields.Nested(FieldProblem))


def _titles() -> dict[int, str]:
    # Literal msgids so the catalog carries each one.
    return {400: _("Bad request"), 401: _("Authentication required"),
            403: _("Not allowed"), 404: _("Not found"), 405: _("Method not allowed"),
            406: _("Not acceptable"), 409: _("Conflict"), 412: _("Precondition failed"),
            413: _("Request too large"), 415: _("Unsupported media type"),
            422: _("Invalid values"), 428: _("Precondition required"),
            429: _("Too many requests"), 500: _("Server error")}


def _details() -> dict[int, str]:
    return {401: _("Send a personal access token: Authorization: Bearer <token>."),
            404: _("There is no such resource, or you may not see it."),
            412: _("The resource changed since you read it: read it again, then send "
                   "your change with its new ETag in If-Match."),
            428: _("Send the ETag you read in If-Match, so a change made meanwhile is "
                   "not overwritten."),
            429: _("Too many requests with this token: wait for the time in Retry-After."),
            500: _("Something went wrong on our side; nothing of the request was kept.")}


def problem(status: int, detail: str | None = None, errors: list[dict] | None = None,
            headers: dict | None = None):
    title = _titles().get(status) or HTTP_STATUS_CODES.get(status, "Error")
    if status == 422 and not errors:  # a rule refused the change itself, not a value
        title = _("Not possible now")
    body = {"type": "about:blank", "status": status, "title": title}
    detail = detail if detail is not None else _details().get(status)
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = errors
    response = current_app.response_class(json.dumps(body, ensure_ascii=False), status,
                                          mimetype=PROBLEM_TYPE)
    response.headers.extend(headers or {})
    return response


def field_errors(messages: dict, prefix: str = "") -> list[dict]:
    """webargs/marshmallow messages ({location: {field: [msg]}}) or a form's errors
    ({field: [msg]}) as a flat list of {field, detail}."""
    found = []
    for name, value in messages.items():
        if name in ("json", "query", "form", "files", "headers", "view_args") \
                and isinstance(value, dict):
            found += field_errors(value, prefix)
        elif isinstance(value, dict):
            found += field_errors(value, f"{prefix}{name}.")
        else:
            for message in value if isinstance(value, list) else [value]:
                if isinstance(message, dict):
                    found += field_errors(message, f"{prefix}{name}.")
                else:
                    found.append({"field": f"{prefix}{name}", "detail": str(message)})
    return found


def from_http_error(error: HTTPException):
    """The app's error handler for every /api/ URL (exchange.errors asks this one)."""
    db.session.rollback()
    code = error.code or 500
    if code == 304:  # the tag the client sent is the current one: say so again
        response = current_app.response_class(status=304)
        tags = request.if_none_match.as_set()
        if len(tags) == 1:
            response.set_etag(next(iter(tags)))
        return response
    data = getattr(error, "data", None) or {}
    errors = field_errors(data["messages"]) if "messages" in data else None
    if code == 400 and errors:  # webargs: the body could not be read as JSON
        errors = None
        data = {**data, "message": _("The body is not valid JSON.")}
    headers = dict(data.get("headers") or {})
    if code == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="api"')
    if code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if code == 429:
        current = limiter.current_limit
        if current is not None:
            headers["Retry-After"] = str(max(1, seconds_to_reset(current)))
    detail = data.get("message") if isinstance(data.get("message"), str) else None
    if detail is None and getattr(error, "user_message", None):
        detail = str(error.user_message)
    if errors and detail is None:
        detail = _("Some values are not valid; see errors.")
    return problem(code, detail, errors, headers)


def seconds_to_reset(current) -> int:
    """Whole seconds until the window of this rate limit resets."""
    return max(0, math.ceil(current.window[0] - time.time()))
