"""Union staff's list of what is overdue."""
from __future__ import annotations

from flask import current_app, render_template

from exchange.auth.permissions import STAFF_ROLES, roles_required
from exchange.db_types import utcnow
from exchange.deadlines import services
from exchange.deadlines.calendar import working_days_between
from exchange.extensions import db


@roles_required(*STAFF_ROLES)
def overdue():
    now = utcnow()
    page = db.paginate(services.overdue(now), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    return render_template("deadlines/overdue.html", page=page, now=now,
                           counts=services.overdue_counts(now),
                           due_day=services.due_day,
                           late_by=lambda d: working_days_between(d.due_at, now))
