"""Every URL of studios: studio profiles, members, invitations, titles.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.studios import views

bp = Blueprint("studios", __name__, url_prefix="/studios")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/<int:studio_id>", view_func=views.detail)
bp.add_url_rule("/mine", view_func=views.mine)
bp.add_url_rule("/new", methods=["GET", "POST"], view_func=views.create)
bp.add_url_rule("/<int:studio_id>/edit", methods=["GET", "POST"], view_func=views.edit)
bp.add_url_rule("/<int:studio_id>/titles", methods=["GET", "POST"], view_func=views.titles)
bp.add_url_rule("/<int:studio_id>/members", methods=["GET", "POST"], view_func=views.members)
bp.add_url_rule(
    "/<int:studio_id>/members/<int:user_id>/remove", methods=["POST"], view_func=views.remove_member
)
bp.add_url_rule(
    "/<int:studio_id>/invitations/<int:invitation_id>/revoke",
    methods=["POST"],
    view_func=views.revoke_invitation,
)

bp.context_processor(views.title_labels)
