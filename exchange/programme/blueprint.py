"""Every URL of programme: 双创双提升: activity log, targets (views.py), dashboard and reports
(dashboard_views.py).

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.programme import dashboard_views, views

bp = Blueprint("programme", __name__, url_prefix="/programme")

bp.add_url_rule("/activities", view_func=views.activities)
bp.add_url_rule("/activities/new", methods=["GET", "POST"], view_func=views.create)
bp.add_url_rule("/activities/<int:activity_id>/edit", methods=["GET", "POST"], view_func=views.edit)
bp.add_url_rule("/activities/<int:activity_id>/verify", methods=["POST"], view_func=views.verify)
bp.add_url_rule("/activities/<int:activity_id>/delete", methods=["POST"], view_func=views.delete)
bp.add_url_rule("/targets", methods=["GET", "POST"], view_func=views.targets)
bp.add_url_rule("/dashboard", view_func=dashboard_views.dashboard_page)
bp.add_url_rule("/report", view_func=dashboard_views.report)
bp.add_url_rule("/matching", view_func=dashboard_views.matching_funnel)
bp.add_url_rule("/report.xlsx", view_func=dashboard_views.report_xlsx)
bp.add_url_rule("/figures", view_func=dashboard_views.public_page)
