"""Every URL of subscriptions: saved searches and watched industries.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.subscriptions import views

bp = Blueprint("subscriptions", __name__, url_prefix="/subscriptions")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/new", methods=["POST"], view_func=views.create)
bp.add_url_rule("/search", methods=["POST"], view_func=views.save_search)
bp.add_url_rule("/studio-needs", methods=["POST"], view_func=views.studio_needs)
bp.add_url_rule("/<int:subscription_id>/delete", methods=["POST"], view_func=views.delete)
