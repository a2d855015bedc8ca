from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.access import STUDIO_ROLES
from exchange.access import studios as access
from exchange.achievements.kinds import State
from exchange.achievements.services import state_counts
from exchange.auth import services as auth_services
from exchange.auth.forms import ConfirmForm, InvitationForm
from exchange.auth.models import Invitation, User
from exchange.auth.permissions import STAFF_ROLES, public, require, roles_required
from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.studios import services
from exchange.studios.forms import StudioFilterForm, StudioForm, StudioTitlesForm
from exchange.studios.models import Studio
from exchange.views_common import attempt

MANAGERS = (Role.STUDIO_LEADER, *STAFF_ROLES)


def title_labels():
    return {"title_names": services.TITLE_NAMES, "title_value": services.title_value}


def _managed_studio(studio_id: int) -> Studio:
    studio = db.get_or_404(Studio, studio_id)
    require(access.can_manage(current_user, studio))
    return studio


@public
def index():
    form = StudioFilterForm(request.args)
    filters = {k: (form[k].data or "")
               for k in ("q", "district", "industry", "honour", "coverage")}
    if not form.validate():
        filters = {k: "" for k in filters}
    page = db.paginate(
        services.list_studios(**filters),
        per_page=current_app.config["PER_PAGE"], error_out=False,
    )
    return render_template("studios/index.html", page=page, form=form, filters=filters)


@public
def detail(studio_id: int):
    studio = db.get_or_404(Studio, studio_id)
    can_manage = access.can_manage(current_user, studio)
    return render_template(
        "studios/detail.html", studio=studio, can_manage=can_manage,
        published_count=state_counts(studio.id)[State.PUBLISHED],
        # The title history: for the union's staff and the studio's own leader.
        history=services.title_history(studio) if can_manage else None,
        awards_titles=access.can_award_titles(current_user),
    )


@roles_required(*STUDIO_ROLES)
def mine():
    return redirect(url_for("studios.detail", studio_id=current_user.studio_id))


@roles_required(*STAFF_ROLES)
def create():
    return _profile_form(StudioForm(), None, _("Studio created."))


@roles_required(*MANAGERS)
def edit(studio_id: int):
    studio = _managed_studio(studio_id)
    form = StudioForm(obj=studio)
    for name in services.TITLE_FIELDS:  # awarded through /titles, never here
        delattr(form, name)
    return _profile_form(form, studio, _("Studio profile saved."))


@roles_required(*STAFF_ROLES)
def titles(studio_id: int):
    studio = db.get_or_404(Studio, studio_id)
    form = StudioTitlesForm(obj=studio)
    if form.validate_on_submit():
        done, _result = attempt(
            lambda: services.set_titles(current_user, studio, form.honour_level.data,
                                        form.is_demonstration.data, form.party_building.data,
                                        form.reason.data),
            lambda _result: _("Titles saved; the change is in the studio's history."),
            form=form)
        if done:
            return redirect(url_for("studios.detail", studio_id=studio.id) + "#title-history")
    return render_template("studios/titles.html", studio=studio, form=form,
                           history=services.title_history(studio))


def _profile_form(form: StudioForm, studio: Studio | None, done: str):
    """Create (studio=None) or edit: save and redirect when valid, else show the errors."""
    if form.validate_on_submit():
        ok, saved = attempt(lambda: services.save_profile(studio, form.data, current_user),
                            lambda _saved: done, form)
        if ok:
            return redirect(url_for("studios.detail", studio_id=saved.id))
    return render_template("studios/form.html", form=form, studio=studio)


@roles_required(*MANAGERS)
def members(studio_id: int):
    studio = _managed_studio(studio_id)
    form = InvitationForm()
    if current_user.role not in STAFF_ROLES:
        form.role.choices = form.role.choices[:1]
    link = None
    if form.validate_on_submit():
        ok, made = attempt(
            lambda: auth_services.invite(current_user, studio, form.email.data,
                                         Role(form.role.data)),
            lambda made: _("Invitation created. Send the link below to %(email)s; it is "
                           "shown only once.", email=made[0].email), form)
        if ok:
            link = url_for("auth.accept_invitation", token=made[1], _external=True)
            form = InvitationForm(formdata=None)
    return render_template(
        "studios/members.html", studio=studio, form=form, link=link,
        invitations=auth_services.pending_invitations(studio), confirm_form=ConfirmForm(),
    )


@roles_required(*MANAGERS)
def remove_member(studio_id: int, user_id: int):
    studio = _managed_studio(studio_id)
    member = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        attempt(lambda: services.remove_member(current_user, studio, member),
                lambda _result: _("%(name)s was removed from the studio.", name=member.name))
    return redirect(url_for("studios.members", studio_id=studio.id))


@roles_required(*MANAGERS)
def revoke_invitation(studio_id: int, invitation_id: int):
    studio = _managed_studio(studio_id)
    invitation = db.get_or_404(Invitation, invitation_id)
    require(invitation.studio_id == studio.id)
    if ConfirmForm().validate_on_submit():
        attempt(lambda: auth_services.revoke_invitation(invitation),
                lambda _result: _("Invitation revoked."))
    return redirect(url_for("studios.members", studio_id=studio.id))
