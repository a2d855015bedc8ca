from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.access import get_visible
from exchange.access.api import can_manage_webhook
from exchange.auth.forms import ConfirmForm
from exchange.auth.permissions import login_required
from exchange.views_common import attempt
from exchange.webhooks import services
from exchange.webhooks.forms import WebhookForm, event_choices
from exchange.webhooks.models import Webhook


def _hook(webhook_id: int) -> Webhook:
    return get_visible(Webhook, webhook_id, can_manage_webhook)


def _labels() -> dict:
    """What a person reads for each event code."""
    return {"event_labels": {**{c.value: c.label for c in event_choices()},
                             "ping": _("Test event")}}


@login_required
def index():
    form = WebhookForm()
    if form.validate_on_submit():
        ok, made = attempt(
            lambda: services.register(current_user, form.url.data, form.events.data),
            lambda hook: _("Webhook added. Its signing secret is shown below."), form)
        if ok:
            return redirect(url_for("webhooks.detail", webhook_id=made.id))
    return render_template("webhooks/index.html", form=form, confirm_form=ConfirmForm(),
                           hooks=services.for_user(current_user.id), **_labels())


@login_required
def detail(webhook_id: int):
    hook = _hook(webhook_id)
    return render_template("webhooks/detail.html", hook=hook, confirm_form=ConfirmForm(),
                           deliveries=hook.deliveries[:50], **_labels())


def _action(webhook_id: int, change, message: str, back: str = "webhooks.detail"):
    hook = _hook(webhook_id)
    if ConfirmForm().validate_on_submit():
        attempt(lambda: change(current_user, hook), lambda _result: message)
    if back == "webhooks.index":
        return redirect(url_for(back))
    return redirect(url_for(back, webhook_id=webhook_id))


@login_required
def ping(webhook_id: int):
    return _action(webhook_id, services.ping, _("A test event was queued."))


@login_required
def enable(webhook_id: int):
    return _action(webhook_id, services.enable, _("Webhook switched on again."))


@login_required
def delete(webhook_id: int):
    return _action(webhook_id, services.remove, _("Webhook deleted."), "webhooks.index")
