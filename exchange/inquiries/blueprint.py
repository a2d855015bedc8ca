"""Every URL of inquiries: 对接 threads between an enterprise, a studio and a mediator.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.inquiries import views

bp = Blueprint("inquiries", __name__, url_prefix="/inquiries")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/open/<int:achievement_id>", methods=["POST"], view_func=views.open_inquiry)
bp.add_url_rule("/<int:inquiry_id>", view_func=views.detail)
bp.add_url_rule("/<int:inquiry_id>/messages", methods=["POST"], view_func=views.post)
bp.add_url_rule("/<int:inquiry_id>/state", methods=["POST"], view_func=views.move)
bp.add_url_rule("/<int:inquiry_id>/assign", methods=["GET", "POST"], view_func=views.assign)
bp.add_url_rule("/<int:inquiry_id>/attachments/<int:attachment_id>", view_func=views.download)
