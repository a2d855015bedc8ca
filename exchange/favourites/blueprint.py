"""Every URL of favourites: an enterprise's saved achievements.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.favourites import views

bp = Blueprint("favourites", __name__, url_prefix="/favourites")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/<int:achievement_id>", methods=["POST"], view_func=views.toggle)
