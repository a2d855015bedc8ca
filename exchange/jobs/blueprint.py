"""Every URL of jobs: the failed jobs (dead letters) for administrators.

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.jobs import views

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")

bp.add_url_rule("", view_func=views.failed)
bp.add_url_rule("/<int:job_id>/retry", methods=["POST"], view_func=views.retry)
bp.add_url_rule("/<int:job_id>/discard", methods=["POST"], view_func=views.discard)
