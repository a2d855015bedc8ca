"""Every URL of main: the home page, language, health check, favicon.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.main import views

bp = Blueprint("main", __name__)

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/language/<code>", view_func=views.set_language)
bp.add_url_rule("/favicon.ico", view_func=views.favicon)
bp.add_url_rule("/healthz", view_func=views.healthz)
