from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from exchange import downloads
from exchange.access import achievements as achievement_access
from exchange.access import get_visible
from exchange.access import inquiries as access
from exchange.achievements.models import Achievement
from exchange.auth.models import User
from exchange.auth.permissions import STAFF_ROLES, login_required, roles_required
from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.feedback import services as feedback
from exchange.inputs import parse_id
from exchange.inquiries import services
from exchange.inquiries.forms import AssignForm, MessageForm, MoveForm, OpenForm
from exchange.inquiries.kinds import MOVES, InquiryState
from exchange.inquiries.models import Inquiry, InquiryAttachment, InquiryMessage
from exchange.needs.models import Need
from exchange.views_common import attempt


def _thread(inquiry_id: int, readers=access.is_party) -> Inquiry:
    """The inquiry if this user takes part in its thread (or, with
    readers=access.can_read, may read it); 404 otherwise (it stays unknown)."""
    return get_visible(Inquiry, inquiry_id, readers)


@login_required
def index():
    page = db.paginate(services.visible_to(current_user),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("inquiries/index.html", page=page,
                           staff=access.can_assign(current_user))


@roles_required(Role.ENTERPRISE)
def open_inquiry(achievement_id: int):
    achievement = get_visible(Achievement, achievement_id, achievement_access.can_view)
    form = OpenForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
        return redirect(url_for("achievements.detail", achievement_id=achievement_id))
    need_id = parse_id(form.need.data)
    need = db.session.get(Need, need_id) if need_id else None
    try:
        opened, inquiry = attempt(
            lambda: services.open_inquiry(current_user, achievement, form.body.data, need),
            lambda _inquiry: _("Inquiry opened. The studio and a union mediator will answer "
                               "here."))
    except services.AlreadyOpen as existing:
        flash(_("You already have an inquiry about this achievement: continue it here."),
              "info")
        return redirect(url_for("inquiries.detail", inquiry_id=existing.inquiry_id))
    if not opened:
        return redirect(url_for("achievements.detail", achievement_id=achievement_id))
    return redirect(url_for("inquiries.detail", inquiry_id=inquiry.id))


@login_required
def detail(inquiry_id: int):
    from exchange.agreements.models import Agreement

    inquiry = _thread(inquiry_id, access.can_read)
    agreement = db.session.scalar(db.select(Agreement).where(Agreement.inquiry_id == inquiry.id))
    return render_template(
        "inquiries/detail.html", inquiry=inquiry, message_form=MessageForm(),
        agreement=agreement, mediator=access.is_mediator(current_user, inquiry),
        move_form=MoveForm(), moves=MOVES[inquiry.state] if access.is_mediator(
            current_user, inquiry) else (),
        may_close=access.is_party(current_user, inquiry)
        and InquiryState.CLOSED in MOVES[inquiry.state],
        feedback=feedback.for_inquiry(inquiry.id),
        party=access.is_party(current_user, inquiry),
        may_assign=access.can_assign(current_user),
        open_states=(InquiryState.OPEN, InquiryState.NEGOTIATING))


@login_required
def post(inquiry_id: int):
    inquiry = _thread(inquiry_id)
    form = MessageForm()
    if form.validate_on_submit():
        attempt(lambda: services.post(current_user, inquiry, form.body.data, form.file.data))
    else:
        flash(_("Write a message."), "danger")
    return redirect(url_for("inquiries.detail", inquiry_id=inquiry.id) + "#thread-end")


@login_required
def move(inquiry_id: int):
    inquiry = _thread(inquiry_id)
    form = MoveForm()
    try:
        target = InquiryState(form.target.data or "")
    except ValueError:
        abort(400)
    if form.validate_on_submit():
        attempt(lambda: services.move(current_user, inquiry, target, form.reason.data,
                                      confirmed=bool(form.confirm.data),
                                      reason_code=form.reason_code.data or None),
                lambda _moved: _("The inquiry is now %(state)s.", state=target.label))
    return redirect(url_for("inquiries.detail", inquiry_id=inquiry.id))


@roles_required(*STAFF_ROLES)
def assign(inquiry_id: int):
    inquiry = db.get_or_404(Inquiry, inquiry_id)
    form = AssignForm()
    form.mediator.choices = [(str(u.id), u.name) for u in services.mediators()]
    if form.validate_on_submit():
        mediator = db.get_or_404(User, int(form.mediator.data))
        ok, _none = attempt(lambda: services.assign(current_user, inquiry, mediator),
                            lambda _result: _("Mediator assigned."))
        if ok:
            return redirect(url_for("inquiries.index"))
    return render_template("inquiries/assign.html", inquiry=inquiry, form=form)


@login_required
def download(inquiry_id: int, attachment_id: int):
    inquiry = _thread(inquiry_id, access.can_read)
    attachment = db.get_or_404(InquiryAttachment, attachment_id)
    message = db.session.get(InquiryMessage, attachment.message_id)
    if message is None or message.inquiry_id != inquiry.id:
        abort(404)
    return downloads.send_upload(attachment)
