"""Every URL of matching: matches with their reasons; /needs/<id>/matches and
/achievements/<id>/matches live here because matching reads both domains.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.matching import views

bp = Blueprint("matching", __name__)

bp.add_url_rule("/needs/<int:need_id>/matches", view_func=views.need_matches)
bp.add_url_rule("/achievements/<int:achievement_id>/matches", view_func=views.achievement_matches)
bp.add_url_rule("/needs/<int:need_id>/matches/<int:achievement_id>/decline", methods=["POST"],
                view_func=views.decline)
bp.add_url_rule("/matching/keyword-suggestions", methods=["POST"],
                view_func=views.keyword_suggestions)
