"""Every URL of search: full-text search across achievements and needs.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.search import views

bp = Blueprint("search", __name__, url_prefix="/search")

bp.add_url_rule("/", view_func=views.index)
