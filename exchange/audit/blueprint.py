"""Every URL of audit: the audit trail (admins).

The view functions are in the view modules; this file is where a newcomer finds the
routes (Indico's blueprint.py). Endpoint names are the view functions' names."""

from __future__ import annotations

from flask import Blueprint

from exchange.audit import views

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")

bp.add_url_rule("", view_func=views.index)
bp.add_url_rule("/export.<fmt>", view_func=views.export)
