from __future__ import annotations

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.achievements.models import Achievement
from exchange.auth.permissions import roles_required
from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.favourites import services
from exchange.favourites.forms import ToggleForm
from exchange.views_common import attempt


@roles_required(Role.ENTERPRISE)
def index():
    page = db.paginate(services.for_user(current_user.id),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("favourites/index.html", page=page, toggle_form=ToggleForm())


@roles_required(Role.ENTERPRISE)
def toggle(achievement_id: int):
    achievement = db.get_or_404(Achievement, achievement_id)
    if ToggleForm().validate_on_submit():
        try:
            attempt(lambda: services.toggle(current_user, achievement),
                    lambda saved: _("Saved to your favourites.") if saved
                    else _("Removed from your favourites."))
        except LookupError:
            abort(404)
    return redirect(url_for("achievements.detail", achievement_id=achievement_id))
