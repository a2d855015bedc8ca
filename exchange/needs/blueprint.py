"""Every URL of needs: 技术需求: the public list, a need's page, editing, review.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.needs import views

bp = Blueprint("needs", __name__, url_prefix="/needs")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/<int:need_id>", view_func=views.detail)
bp.add_url_rule("/new", methods=["GET", "POST"], view_func=views.create)
bp.add_url_rule("/<int:need_id>/edit", methods=["GET", "POST"], view_func=views.edit)
bp.add_url_rule("/<int:need_id>/delete", methods=["POST"], view_func=views.delete)
bp.add_url_rule("/<int:need_id>/action", methods=["POST"], view_func=views.act)
bp.add_url_rule("/mine", view_func=views.mine)
bp.add_url_rule("/review", view_func=views.review)
