"""The API's request boundary: who asks (a bearer token, never the session cookie, so
there is no CSRF surface), the one place an API request commits, and creation that an
`Idempotency-Key` makes happen once.

Like `exchange.views_common.attempt` for the pages: a service change runs here; a refusal
(`Refused`) leaves nothing and answers 403, a rule refusing the values (`DomainError`)
leaves nothing and answers 422 with the rule's message on its field."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import abort
from werkzeug.datastructures import MultiDict

from exchange.access.api import can_write_with
from exchange.api import services
from exchange.api.models import IdempotencyRecord
from exchange.db_types import utcnow
from exchange.extensions import db, login_manager
from exchange.inputs import has_control_chars
from exchange.jobs.registry import handler
from exchange.services_base import DomainError, Refused, insert_once

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
KEEP_IDEMPOTENCY = timedelta(hours=24)


def is_api_request() -> bool:
    return request.path.startswith("/api/v1/")


def authenticate() -> None:
    """Runs before every other hook of an API request: the token's user becomes
    `current_user` for this request only. A cookie-borne session is never read."""
    if not is_api_request():
        return
    g.api_token = None
    header = request.headers.get("Authorization", "")
    user = login_manager.anonymous_user()
    if header:
        scheme, _space, secret = header.partition(" ")
        token = services.authenticate(secret.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            abort(401, message=_("The token is unknown, expired or revoked."))
        db.session.commit()  # the token's last use
        g.api_token, user = token, token.user
    login_manager.use_for_request(user)
    if request.method not in SAFE_METHODS and g.api_token is not None \
            and not can_write_with(g.api_token):
        abort(403, message=_("This token may only read: make a token with the write scope."))


def _renamed(messages: dict, names: dict[str, str]) -> dict:
    return {names.get(field, field): value for field, value in messages.items()}


def validate(form_class, data: MultiDict, names: dict[str, str] | None = None, **kwargs):
    """The page's form, filled from the request: the same rules and the same messages.
    `names` maps the form's field names to the API's where they differ."""
    form = form_class(formdata=data, meta={"csrf": False}, **kwargs)
    if not form.validate():
        abort(422, messages=_renamed(form.errors, names or {}))
    return form


def _run(change: Callable[[], object], names: dict[str, str] | None):
    try:
        return change()
    except Refused:
        db.session.rollback()
        abort(403)
    except DomainError as error:
        db.session.rollback()
        if error.field:
            abort(422, messages={(names or {}).get(error.field, error.field):
                                 [str(error.message)]})
        abort(422, message=str(error.message))
    except BaseException:
        db.session.rollback()
        raise


def change(run: Callable[[], object], names: dict[str, str] | None = None):
    """Run a service change and commit it: the API's one commit point for changes."""
    result = _run(run, names)
    db.session.commit()
    return result


def _fingerprint() -> str:
    return hashlib.sha256(f"{request.method} {request.path}\n".encode()
                          + request.get_data()).hexdigest()


def _claim(key: str):
    """Take the key for this request, or the stored answer of the request that took it.
    Concurrent requests with one key wait on the unique index for the first to commit."""
    fingerprint = _fingerprint()
    record = IdempotencyRecord(user_id=current_user.id, key=key, fingerprint=fingerprint)
    if insert_once(record) is not None:
        earlier = db.session.execute(db.select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == current_user.id,
            IdempotencyRecord.key == key)).scalar_one()
        if earlier.fingerprint != fingerprint:
            abort(422, messages={"Idempotency-Key": [
                _("This key was used for a different request; use a new key.")]})
        if earlier.status is None:
            abort(409, message=_("The first request with this key is still running."))
        response = current_app.response_class(earlier.body, earlier.status,
                                              mimetype="application/json")
        if earlier.location:
            response.headers["Location"] = earlier.location
        response.headers["Idempotent-Replayed"] = "true"
        db.session.rollback()
        return None, response
    return record, None


def create(run: Callable[[], object], dump: Callable[[object], dict],
           location: Callable[[object], str] | None = None,
           names: dict[str, str] | None = None):
    """A POST that creates: with an `Idempotency-Key` header the same key gives the same
    answer and one row, however often and however concurrently it is sent."""
    key = request.headers.get("Idempotency-Key")
    record = None
    if key is not None:
        key = key.strip()
        if not 1 <= len(key) <= 200 or has_control_chars(key, multiline=False):
            abort(422, messages={"Idempotency-Key": [
                _("Use a key of 1 to 200 printable characters, e.g. a UUID.")]})
        record, replay = _claim(key)
        if replay is not None:
            return replay
    result = _run(run, names)
    body = current_app.json.response(dump(result)).get_data(as_text=True)
    where = location(result) if location else None
    if record is not None:
        record.status, record.body, record.location = 201, body, where
    db.session.commit()
    response = current_app.response_class(body, 201, mimetype="application/json")
    if where:
        response.headers["Location"] = where
    return response


@handler("api.forget_idempotency_keys", minute="23")
def forget_idempotency_keys() -> None:
    db.session.execute(db.delete(IdempotencyRecord).where(
        IdempotencyRecord.created_at < utcnow() - KEEP_IDEMPOTENCY))
