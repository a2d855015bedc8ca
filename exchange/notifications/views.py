from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask_login import current_user

from exchange.auth.forms import ConfirmForm
from exchange.auth.permissions import login_required
from exchange.extensions import db
from exchange.notifications import services
from exchange.notifications.models import Notification
from exchange.views_common import attempt


@login_required
def index():
    page = db.paginate(services.for_user(current_user.id),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("notifications/index.html", page=page, text=services.text,
                           confirm_form=ConfirmForm())


@login_required
def open_one(note_id: int):
    note = db.get_or_404(Notification, note_id)
    if note.user_id != current_user.id:
        return redirect(url_for("notifications.index"))
    attempt(lambda: services.mark_read(current_user.id, note.id))
    # Links are site paths written by the services, never user input.
    return redirect(note.link if note.link.startswith("/") else url_for("notifications.index"))


@login_required
def read_all():
    if ConfirmForm().validate_on_submit():
        attempt(lambda: services.mark_read(current_user.id))
    return redirect(url_for("notifications.index"))
