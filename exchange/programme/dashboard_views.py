"""The programme dashboard for union staff, its printable and XLSX reports, and the
public figures page."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from exchange import downloads
from exchange.auth.permissions import STAFF_ROLES, public, roles_required
from exchange.db_types import local_today
from exchange.deadlines import services as deadlines
from exchange.extensions import db
from exchange.feedback import services as feedback
from exchange.programme import dashboard, figures, matching_figures, reports
from exchange.programme.forms import DashboardFilterForm
from exchange.reference.models import District, Industry


def _filtered():
    form = DashboardFilterForm(request.args)
    return form, form.filters()


def _render(template: str, form, f: figures.Filters, content=None, **extra):
    content = content or dashboard.build(f)
    return render_template(template, form=form, d=content, labels=dashboard.PROGRESS_LABELS,
                           d_scope=dashboard.scope(f),
                           progress_link=lambda key: dashboard.progress_link(key, f), **extra)


@roles_required(*STAFF_ROLES)
def dashboard_page():
    form, f = _filtered()
    return _render("programme/dashboard.html", form, f,
                   overdue=deadlines.overdue_counts(),
                   walked_away=feedback.counts(f.year, f.district, f.industry),
                   place_names=_place_names())


def _place_names() -> dict[str, str]:
    """District and industry-section codes -> names, for the feedback table."""
    return {**{d.code: d.name for d in db.session.execute(db.select(District)).scalars()},
            **{i.code: i.name for i in db.session.execute(db.select(Industry).where(
                Industry.parent_code.is_(None))).scalars()}}


@roles_required(*STAFF_ROLES)
def report():
    form, f = _filtered()
    content = dashboard.build(f)
    return _render("programme/report.html", form, f, content, scope=reports.scope_text(f),
                   sections=reports.sections(content), today=local_today().isoformat())


@roles_required(*STAFF_ROLES)
def report_xlsx():
    _form, f = _filtered()
    return downloads.send_tables(reports.sections(dashboard.build(f)),
                                 f"programme-report-{f.year}", "xlsx",
                                 title=_("programme-report-%(year)d", year=f.year))


@public
def public_page():
    year = local_today().year
    return render_template("programme/figures.html", year=year,
                           numbers=figures.public_figures(year))


@roles_required(*STAFF_ROLES)
def matching_funnel():
    """The matching funnel by month and by score band, for a year (this one by default)."""
    this_year = local_today().year
    year = request.args.get("year", type=int) or this_year
    if not 2020 <= year <= this_year:
        year = this_year
    months = matching_figures.by_month(year)
    return render_template("programme/matching.html", year=year, this_year=this_year,
                           months=months, total=matching_figures.totals(months),
                           bands=matching_figures.by_band(year),
                           stages=matching_figures.STAGES)
