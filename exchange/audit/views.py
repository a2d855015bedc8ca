"""The audit trail's page and export: administrators only.

Union staff are not given this page, even read-only: most rows record what union staff
did (approvals, money, titles, publication), and the trail is the check on that work, so
it is read by the role that does not do it. Staff still see each object's own history
where they work (an agreement's events, an item's transitions, a studio's title changes).
"""
from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import gettext as _

from exchange import downloads
from exchange.audit import services
from exchange.audit.forms import AuditFilterForm
from exchange.auth.permissions import roles_required
from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.tables import Table

FILTERS = ("actor", "action", "kind", "since", "until")


def _filtered():
    form = AuditFilterForm(request.args)
    form.validate()
    return form, services.search(**form.filters())


@roles_required(Role.ADMIN)
def index():
    form, stmt = _filtered()
    page = db.paginate(stmt, per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("admin/audit.html", form=form, page=page, services=services,
                           query={k: v for k, v in request.args.items() if k in FILTERS and v})


@roles_required(Role.ADMIN)
def export(fmt: str):
    _form, stmt = _filtered()
    headers = [_("Time (Beijing)"), _("Account number"), _("Who"), _("Action code"),
               _("Action"), _("Object"), _("Object number"), _("Before"), _("After"),
               _("Reason")]
    return downloads.send_tables(
        [Table(_("Audit trail"), headers, services.rows_for_export(stmt))], "audit", fmt,
        title=_("Audit trail"))
