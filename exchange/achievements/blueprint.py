"""Every URL of achievements: 成果: the public list, an item's page, editing, review,
attachments, imports.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.achievements import views

bp = Blueprint("achievements", __name__, url_prefix="/achievements")

bp.add_url_rule("/", view_func=views.index)
bp.add_url_rule("/<int:achievement_id>", view_func=views.detail)
bp.add_url_rule("/new", methods=["GET", "POST"], view_func=views.create)
bp.add_url_rule("/<int:achievement_id>/edit", methods=["GET", "POST"], view_func=views.edit)
bp.add_url_rule("/<int:achievement_id>/delete", methods=["POST"], view_func=views.delete)
bp.add_url_rule("/<int:achievement_id>/action", methods=["POST"], view_func=views.act)
bp.add_url_rule("/<int:achievement_id>/attachments", methods=["POST"], view_func=views.upload)
bp.add_url_rule("/<int:achievement_id>/attachments/<int:attachment_id>", view_func=views.download)
bp.add_url_rule(
    "/<int:achievement_id>/attachments/<int:attachment_id>/delete",
    methods=["POST"],
    view_func=views.remove_attachment,
)
bp.add_url_rule("/review", view_func=views.review)
bp.add_url_rule("/studio/<int:studio_id>", view_func=views.studio)
bp.add_url_rule("/export.<fmt>", view_func=views.export)
bp.add_url_rule("/studio/<int:studio_id>/export.<fmt>", view_func=views.studio_export)
bp.add_url_rule("/import/template.<fmt>", view_func=views.import_template)
bp.add_url_rule("/import", methods=["GET", "POST"], view_func=views.import_file)
bp.add_url_rule("/import/confirm", methods=["POST"], view_func=views.import_confirm)
bp.add_url_rule("/import/jobs/<int:job_id>", view_func=views.import_progress)
bp.add_url_rule("/import/jobs/<int:job_id>/status", view_func=views.import_status)
