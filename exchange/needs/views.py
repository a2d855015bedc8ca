from __future__ import annotations

from datetime import timedelta

from flask import (
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from exchange.access import get_visible
from exchange.access import needs as access
from exchange.auth.forms import ConfirmForm
from exchange.auth.permissions import STAFF_ROLES, public, require, roles_required
from exchange.auth.roles import Role
from exchange.db_types import local_today
from exchange.extensions import db
from exchange.needs import services, workflow
from exchange.needs.forms import NeedFilterForm, NeedForm
from exchange.needs.kinds import NeedState
from exchange.needs.models import Need
from exchange.views_common import ActionForm, attempt, take_action

DEFAULT_DEADLINE_DAYS = 90


def _visible(need_id: int) -> Need:
    return get_visible(Need, need_id, access.can_view)


def _paginate(stmt):
    return db.paginate(stmt, per_page=current_app.config["PER_PAGE"], error_out=False)


@public
def index():
    form = NeedFilterForm(request.args)
    page = _paginate(services.public_list(form.values()))
    return render_template("needs/index.html", page=page, form=form)


@public
def detail(need_id: int):
    need = _visible(need_id)
    return render_template(
        "needs/detail.html", need=need, actions=workflow.available(current_user, need),
        action_form=ActionForm(), confirm_form=ConfirmForm(),
        can_edit=access.can_edit(current_user, need),
        sees_contact=access.can_see_contact(current_user, need),
        sees_history=access.can_see_history(current_user, need),
    )


def _save(form: NeedForm, need: Need | None):
    if form.validate_on_submit():
        ok, saved = attempt(
            lambda: services.save(current_user, need, form.clean),
            lambda _saved: _("Draft saved. Submit it for review when it is complete."), form)
        if ok:
            return redirect(url_for("needs.detail", need_id=saved.id))
    return render_template("needs/form.html", form=form, need=need)


@roles_required(Role.ENTERPRISE)
def create():
    form = NeedForm()
    if request.method == "GET":
        form.deadline.data = local_today() + timedelta(days=DEFAULT_DEADLINE_DAYS)
        form.contact_name.data = current_user.name
    return _save(form, None)


@roles_required(Role.ENTERPRISE)
def edit(need_id: int):
    need = _visible(need_id)
    require(access.can_edit(current_user, need))
    form = NeedForm()
    if request.method == "GET":
        form.fill_from(need)
    return _save(form, need)


@roles_required(Role.ENTERPRISE)
def delete(need_id: int):
    need = _visible(need_id)
    require(access.can_edit(current_user, need))
    if ConfirmForm().validate_on_submit():
        ok, _none = attempt(lambda: services.delete_draft(need),
                            lambda _result: _("Draft deleted."))
        if not ok:
            return redirect(url_for("needs.detail", need_id=need.id))
    return redirect(url_for("needs.mine"))


@roles_required(Role.ENTERPRISE, *STAFF_ROLES)
def act(need_id: int):
    need = _visible(need_id)
    return take_action(
        workflow.apply, need, lambda state: _("Done: the need is now %(state)s.", state=state),
        url_for("needs.review"), url_for("needs.detail", need_id=need.id))


@roles_required(Role.ENTERPRISE)
def mine():
    form = NeedFilterForm(request.args)
    page = _paginate(services.enterprise_list(current_user.enterprise_id, form.values()))
    from exchange.matching.services import recent_for_enterprise  # matching reads needs

    return render_template("needs/mine.html", page=page, form=form,
                           matches=recent_for_enterprise(current_user.enterprise_id))


@roles_required(*STAFF_ROLES)
def review():
    form = NeedFilterForm(request.args)
    filters = form.values()
    page = _paginate(services.review_queue(filters))
    return render_template("needs/review.html", page=page, form=form,
                           action_form=ActionForm(), actions=workflow.ACTIONS,
                           state=filters.get("state") or NeedState.SUBMITTED.value)
