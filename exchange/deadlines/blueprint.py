"""Every URL of deadlines: the overdue list for union staff.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.deadlines import views

bp = Blueprint("deadlines", __name__, url_prefix="/deadlines")

bp.add_url_rule("/overdue", view_func=views.overdue)
