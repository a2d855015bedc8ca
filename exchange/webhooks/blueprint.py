"""Every URL of the webhooks pages."""
from __future__ import annotations

from flask import Blueprint

from exchange.webhooks import views

bp = Blueprint("webhooks", __name__, url_prefix="/account/webhooks")
bp.add_url_rule("", methods=["GET", "POST"], view_func=views.index)
bp.add_url_rule("/<int:webhook_id>", view_func=views.detail)
bp.add_url_rule("/<int:webhook_id>/ping", methods=["POST"], view_func=views.ping)
bp.add_url_rule("/<int:webhook_id>/enable", methods=["POST"], view_func=views.enable)
bp.add_url_rule("/<int:webhook_id>/delete", methods=["POST"], view_func=views.delete)
