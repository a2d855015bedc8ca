"""The API's flask-smorest blueprint. Operations decorate their functions with its
documentation decorators (`@api.response`, `@api.arguments`, `@api.etag`); every URL is
then declared in `blueprint.py`, where a newcomer finds them all."""
from __future__ import annotations

from flask_smorest import Blueprint

api = Blueprint("api", __name__, url_prefix="/api/v1",
                description="劳模工匠创新成果交易平台 public API")
