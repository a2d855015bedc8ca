"""The public JSON API (/api/v1): OpenAPI 3.1 generated from the code by flask-smorest,
interactive docs at /api/docs with their files served by the app (no CDN)."""
from __future__ import annotations

import http
import json

from flask import Flask, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from exchange.api import boundary, problems, schemas
from exchange.api.services import SECRET_PREFIX, digest
from exchange.auth.permissions import public
from exchange.extensions import csrf, limiter

DESCRIPTION = """劳模工匠创新成果交易平台 (Innovation Exchange) for other systems.

Visitors read what visitors see on the site. Signed-in work uses a personal access token
made on the site's account page (账户 → API 令牌与 Webhook), sent as
`Authorization: Bearer <token>`; session cookies are not accepted. Lists page with a
cursor (`Link: <…>; rel="next"`); reads carry an `ETag`, and a change sends it back in
`If-Match`. Errors are `application/problem+json` in the language of `Accept-Language`.
Money is integer fen with its currency. A POST that creates something takes an
`Idempotency-Key`."""


class ReadableJSONProvider(DefaultJSONProvider):
    """JSON answers keep Chinese readable (UTF-8, not \\u escapes); `tojson` in templates
    still escapes, as it always did."""

    def response(self, *args, **kwargs):
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(
            json.dumps(obj, ensure_ascii=False, sort_keys=self.sort_keys, default=self.default)
            + "\n", mimetype=self.mimetype)


class ExchangeApi(Api):
    DEFAULT_ERROR_RESPONSE_NAME = None  # every status an operation gives is documented

    def _register_error_handlers(self):
        """Errors under /api/ are rendered by exchange.errors through `problems`; the
        library's handler would take over every page's errors too."""

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not 100 <= status < 200 and status not in (204, 304):
                response["schema"] = problems.Problem
            prepare_response(response, self.spec, problems.PROBLEM_TYPE)
            self.spec.components.response(status.name, response, lazy=True)


def _plain(method):
    def view(*args, **kwargs):
        return method(*args, **kwargs)

    view.__name__, view.__module__ = method.__name__, method.__module__
    return view


def rate_key() -> str:
    """Per token when one is sent (its digest: the limit counts before the token is
    looked up), else per address."""
    scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and secret.strip().startswith(SECRET_PREFIX):
        return "token:" + digest(secret.strip())[:32]
    return "addr:" + (request.remote_addr or "")


def _limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def init_app(app: Flask) -> None:
    from exchange.api.blueprint import api_bp, pages_bp

    if not getattr(api_bp, "rate_limited", False):
        # One budget per token across every operation (per address without a token).
        # The limiter and the blueprint are module globals: limit them once.
        limiter.shared_limit(_limit, scope="api", key_func=rate_key)(api_bp)
        api_bp.rate_limited = True

    app.json = ReadableJSONProvider(app)
    # One per app: the document (its spec) belongs to the app that serves it.
    smorest = ExchangeApi(app, spec_kwargs={"info": {"description": DESCRIPTION},
                                            "security": [{}, {"bearer": []}]})
    smorest.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer",
                   "description": "a personal access token from the account page"})
    # Schemas that fields computed per caller refer to by name.
    for schema in (schemas.Attachment, schemas.Terms, schemas.ShareLine):
        smorest.spec.components.schema(schema.__name__, schema=schema)
    csrf.exempt(api_bp)  # no cookie is read: a forged request carries no credentials
    smorest.register_blueprint(api_bp)
    for endpoint in ("api-docs.openapi_json", "api-docs.openapi_swagger_ui"):
        # The document and its viewer are for anyone (the library's views, declared here).
        app.view_functions[endpoint] = public(_plain(app.view_functions[endpoint]))
    app.register_blueprint(pages_bp)
    # Before every other hook: the token's user is the request's user, no session read.
    app.before_request_funcs.setdefault(None, []).insert(0, boundary.authenticate)
    app.after_request(rate_limit_headers)


def rate_limit_headers(response):
    """RateLimit-* headers (IETF draft) on every API answer: limit, remaining, seconds to
    the reset."""
    if not boundary.is_api_request():
        return response
    current = limiter.current_limit
    if current is not None:
        response.headers["RateLimit-Limit"] = str(current.limit.amount)
        response.headers["RateLimit-Remaining"] = str(max(0, current.remaining))
        response.headers["RateLimit-Reset"] = str(problems.seconds_to_reset(current))
    return response
