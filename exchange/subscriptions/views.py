"""The subscriptions page (list, subscribe, delete) and the search page's "save"."""
from __future__ import annotations

import json

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.access import get_visible
from exchange.access import subscriptions as access
from exchange.auth.forms import ConfirmForm
from exchange.auth.permissions import login_required
from exchange.extensions import db
from exchange.forms_common import choices
from exchange.reference.models import Industry
from exchange.subscriptions import services
from exchange.subscriptions.forms import KeywordSubscriptionForm, SaveSearchForm
from exchange.subscriptions.models import Subscription
from exchange.views_common import attempt


def _sections():
    rows = db.session.execute(db.select(Industry).where(Industry.parent_code.is_(None))
                              .order_by(Industry.code)).scalars()
    return [("", _("Any industry"))] + [(i.code, i.label) for i in rows]


def _page(form=None):
    form = form or KeywordSubscriptionForm()
    form.section.choices = choices(_sections())
    names = {i.code: i.name for i in db.session.execute(db.select(Industry)).scalars()}
    return render_template("subscriptions/index.html", subscriptions=services.for_user(
        current_user), form=form, confirm_form=ConfirmForm(), names=names,
        can_watch_studio_needs=access.can_watch_studio_needs(current_user))


@login_required
def index():
    return _page()


@login_required
def create():
    form = KeywordSubscriptionForm()
    form.section.choices = choices(_sections())
    if form.validate_on_submit():
        filters = {"section": [form.section.data]} if form.section.data else {}
        done, _r = attempt(lambda: services.subscribe(
            current_user, form.kind.data, name=form.name.data or "",
            keywords=form.keyword_list(), filters=filters),
            lambda sub: _("Subscribed: “%(name)s”.", name=sub.name), form)
        if done:
            return redirect(url_for("subscriptions.index"))
    return _page(form)


@login_required
def save_search():
    form = SaveSearchForm()
    back = url_for("search.index", q=form.q.data or None, kind=form.kind.data or None)
    if form.validate_on_submit():
        try:
            filters = json.loads(form.filters.data or "{}")
        except ValueError:
            filters = {}
        attempt(lambda: services.subscribe(
            current_user, form.kind.data or "achievements", name=form.name.data or "",
            query=form.q.data or "", filters=filters if isinstance(filters, dict) else {}),
            lambda sub: _("Search saved as “%(name)s”: new matching items will come to you. "
                          "Manage your subscriptions on their page.", name=sub.name))
        return redirect(request.referrer if (request.referrer or "").startswith(
            request.host_url) else back)
    return redirect(back)


@login_required
def studio_needs():
    if ConfirmForm().validate_on_submit():
        attempt(lambda: services.subscribe_to_studio_needs(current_user),
                lambda sub: _("Subscribed: “%(name)s”.", name=sub.name))
    return redirect(url_for("subscriptions.index"))


@login_required
def delete(subscription_id: int):
    subscription = get_visible(Subscription, subscription_id, access.can_manage)
    if ConfirmForm().validate_on_submit():
        attempt(lambda: services.delete(current_user, subscription),
                lambda _r: _("Subscription deleted."))
    return redirect(url_for("subscriptions.index"))
