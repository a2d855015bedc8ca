from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.auth.forms import ConfirmForm
from exchange.auth.permissions import login_required, public
from exchange.extensions import csrf, db
from exchange.notifications import delivery, services
from exchange.notifications.forms import PreferencesForm
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


@login_required
def preferences():
    form = PreferencesForm()
    if request.method == "GET":
        for category, channel in delivery.choices(current_user).items():
            form[category.value].data = channel.value
        form.language.data = current_user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    elif form.validate_on_submit():
        done, _r = attempt(lambda: services.save_preferences(current_user, form.chosen(),
                                                              form.language.data),
                           lambda _r: _("Your notification preferences were saved."), form)
        if done:
            return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form)


@public
@csrf.exempt  # RFC 8058 one-click: the mail program POSTs; the signed token is the proof
def unsubscribe(token: str):
    found = delivery.read_unsubscribe(token)
    if found is None:
        abort(404)
    user, category = found
    if request.method == "POST":
        attempt(lambda: delivery.unsubscribe(user, category))
        return render_template("notifications/unsubscribed.html", category=category)
    return render_template("notifications/unsubscribe.html", category=category, token=token)
