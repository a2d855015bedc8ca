"""The studios' activity log and the programme's yearly targets.

The dashboard's routes join this blueprint from their own module.
"""
from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from exchange.access import get_visible
from exchange.access import programme as access
from exchange.auth.models import User
from exchange.auth.permissions import STAFF_ROLES, roles_required
from exchange.auth.roles import Role
from exchange.db_types import local_today
from exchange.extensions import db
from exchange.inputs import db_int, parse_id
from exchange.navigation import safe_next
from exchange.programme import services
from exchange.programme.forms import (
    ActivityFilterForm,
    ActivityForm,
    EntryActionForm,
    TargetsForm,
)
from exchange.programme.kinds import ActivityKind
from exchange.programme.models import DEFAULT_TARGETS, Activity
from exchange.views_common import attempt

LOG_ROLES = (Role.STUDIO_MEMBER, Role.STUDIO_LEADER, *STAFF_ROLES)


def _visible(activity_id: int) -> Activity:
    """Another studio's entry answers 404, like a missing one (exchange.access)."""
    return get_visible(Activity, activity_id, access.can_view)


def _back():
    return redirect(safe_next("programme.activities"))


@roles_required(*LOG_ROLES)
def activities():
    staff = access.sees_every_studio(current_user)
    form = ActivityFilterForm(request.args, staff=staff,
                              first_year=services.earliest_year(current_user))
    filters = form.values()
    page = db.paginate(services.listing(current_user, filters),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    action_form = EntryActionForm(next=request.full_path.rstrip("?"))
    return render_template(
        "programme/activities.html", page=page, form=form, staff=staff,
        totals=services.totals(current_user, filters), kinds=list(ActivityKind),
        action_form=action_form, can_change=lambda a: access.can_change(current_user, a))


def _save(form: ActivityForm, activity: Activity | None):
    if form.validate_on_submit():
        def change():
            if activity is None:
                return services.record(current_user, form.clean, form.studio_id())
            return services.update(current_user, activity, form.clean, form.studio_id())

        done = (_("Activity saved.") if activity else
                _("Activity recorded. Union staff will verify it."))
        if attempt(change, lambda _activity: done, form)[0]:
            return redirect(url_for("programme.activities"))
    return render_template("programme/activity_form.html", form=form, activity=activity,
                           delete_form=EntryActionForm())


@roles_required(*LOG_ROLES)
def create():
    staff = access.sees_every_studio(current_user)
    if not access.can_record(current_user, None if staff else current_user.studio_id):
        abort(403)  # a studio account that belongs to no studio
    form = ActivityForm(staff=staff)
    if request.method == "GET":
        form.held_on.data = local_today()
        if staff and parse_id(request.args.get("studio")):
            form.studio.data = request.args["studio"]
    return _save(form, None)


@roles_required(*LOG_ROLES)
def edit(activity_id: int):
    activity = _visible(activity_id)
    if not access.can_change(current_user, activity):
        flash(_("Union staff have verified this entry, so it can no longer be changed. "
                "Ask union staff to withdraw the verification first."), "warning")
        return redirect(url_for("programme.activities"))
    form = ActivityForm(staff=access.sees_every_studio(current_user))
    if request.method == "GET":
        form.fill_from(activity)
    return _save(form, activity)


@roles_required(*STAFF_ROLES)
def verify(activity_id: int):
    activity = db.get_or_404(Activity, activity_id)
    if EntryActionForm().validate_on_submit():
        attempt(lambda: services.toggle_verified(current_user, activity),
                lambda _result: _("Entry verified: it now counts towards the yearly targets.")
                if activity.verified else _("Verification withdrawn."))
    return _back()


@roles_required(*LOG_ROLES)
def delete(activity_id: int):
    activity = _visible(activity_id)
    if EntryActionForm().validate_on_submit():
        attempt(lambda: services.delete(current_user, activity), lambda _none: _("Entry deleted."))
    return _back()


def _chosen_year() -> int:
    year = request.args.get("year", type=db_int)
    first, last = services.YEARS
    if year is not None and first <= year <= last:
        return year
    if "year" in request.args:
        flash(_("Choose a year between %(min)d and %(max)d.", min=first, max=last), "warning")
    return local_today().year


@roles_required(*STAFF_ROLES)
def targets():
    year = _chosen_year()
    target = services.targets_for(year)
    form = TargetsForm()
    if request.method == "GET":
        form.fill_from(target)
    elif form.validate_on_submit() and attempt(
            lambda: services.set_targets(year, form.values(), current_user),
            lambda _target: _("Targets for %(year)d saved.", year=year), form)[0]:
        return redirect(url_for("programme.targets", year=year))
    updated_by = db.session.get(User, target.updated_by_id) if target.updated_by_id else None
    return render_template("programme/targets.html", form=form, year=year, target=target,
                           is_set=target in db.session, updated_by=updated_by,
                           defaults=DEFAULT_TARGETS, this_year=local_today().year)
