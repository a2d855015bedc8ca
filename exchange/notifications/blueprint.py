"""Every URL of notifications: in-app notifications, how they are mailed, unsubscribing.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.notifications import views

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/<int:note_id>", view_func=views.open_one)
bp.add_url_rule("/read", methods=["POST"], view_func=views.read_all)
bp.add_url_rule("/preferences", methods=["GET", "POST"], view_func=views.preferences)
bp.add_url_rule("/unsubscribe/<token>", methods=["GET", "POST"], view_func=views.unsubscribe)
