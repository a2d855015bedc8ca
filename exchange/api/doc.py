"""The API's flask-smorest blueprint. Operations decorate their functions with its
documentation decorators (`@api.response`, `@api.arguments`, `@api.etag`); every URL is
then declared in `blueprint.py`, where a newcomer finds them all."""
from __future__ import annotations

from http import HTTPStatus

from flask_smorest import Blueprint

api = Blueprint("api", __name__, url_prefix="/api/v1",
                description="劳模工匠创新成果交易平台 public API")

ANYONE = (401, 429)  # a token that is not valid; too many requests


def answers(*codes: int):
    """Document the error statuses an operation gives, beside those its decorators add
    (422 for arguments, 304/412/428 for ETags); every documented one is reachable (the
    suite proves it), and no other one is ever sent."""
    def decorate(view):
        for code in sorted({*ANYONE, *codes}):
            view = api.alt_response(code, response=HTTPStatus(code).name)(view)
        return view
    return decorate
