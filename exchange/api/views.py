"""The account's API tokens (made, shown once, revoked) and the Swagger UI's files."""
from __future__ import annotations

from flask import make_response, redirect, render_template, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user
from swagger_ui_bundle import swagger_ui_path

from exchange.access import get_visible
from exchange.access.api import can_manage_token
from exchange.api import services
from exchange.api.forms import TokenForm
from exchange.api.models import ApiToken
from exchange.auth.forms import ConfirmForm
from exchange.auth.permissions import login_required, public
from exchange.db_types import utcnow
from exchange.views_common import attempt

ASSET_MAX_AGE = 7 * 24 * 3600


@public
def asset(filename: str):
    return send_from_directory(str(swagger_ui_path), filename, max_age=ASSET_MAX_AGE)


@login_required
def tokens():
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        ok, made = attempt(lambda: services.create(current_user, form.name.data,
                                                   form.scope.data, int(form.days.data)),
                           lambda _made: _("Token created. Copy it now: it is shown only "
                                           "once."), form)
        if ok:
            secret = made[1]
            form = TokenForm(formdata=None)
    page = make_response(render_template(
        "api/tokens.html", form=form, secret=secret, tokens=services.for_user(current_user.id),
        confirm_form=ConfirmForm(), now=utcnow()))
    page.headers["Cache-Control"] = "no-store"  # it may show a secret
    return page


@login_required
def revoke(token_id: int):
    token = get_visible(ApiToken, token_id, can_manage_token)
    if ConfirmForm().validate_on_submit():
        attempt(lambda: services.revoke(current_user, token),
                lambda _none: _("Token revoked: it no longer works."))
    return redirect(url_for("api_pages.tokens"))
