"""Webhooks: registered, told of their owner's events, delivered signed by a job, retried
with backoff, logged, switched off after repeated failures. Flush only; the caller (or the
job runner) commits.

Each delivery is signed over the timestamp and the body, Stripe's scheme:
`X-Exchange-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`."""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from exchange import signals
from exchange.access import require
from exchange.access.api import can_manage_webhook
from exchange.db_types import utcnow
from exchange.extensions import db
from exchange.jobs import services as jobs
from exchange.jobs.registry import handler
from exchange.mail import services as mail
from exchange.navigation import path_for
from exchange.notifications import services as notifications
from exchange.notifications.delivery import category_of
from exchange.services_base import DomainError
from exchange.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery

# Event names are the notification categories a user can receive.
EVENTS = ("match", "inquiry", "agreement", "money", "review", "deadline", "subscription")
MAX_PER_USER = 10
ATTEMPTS = 6  # per delivery: at once, then after 30 s, 1, 2, 4 and 8 min
FIRST_RETRY = 30  # seconds, doubling
SIGNATURE_HEADER = "X-Exchange-Signature"


def url_problem(url: str, allow_private: bool) -> str | None:
    """Why this URL may not receive webhooks (SSRF), or None. Checked when registered and
    again before every delivery: a name may come to point elsewhere."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _l("Give an http:// or https:// address.")
    if parts.username or parts.password:
        return _l("Leave user name and password out of the address.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError, UnicodeError):
        return _l("This address's host name cannot be resolved.")
    if allow_private:
        return None
    for *_rest, address in found:
        ip = ipaddress.ip_address(address[0].split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            return _l("Webhooks may not call private, loopback or link-local addresses.")
    return None


def _allow_private() -> bool:
    return bool(current_app.config["WEBHOOKS_ALLOW_PRIVATE"])


def for_user(user_id: int) -> list[Webhook]:
    return list(db.session.execute(db.select(Webhook).where(Webhook.user_id == user_id)
                                   .order_by(Webhook.id)).scalars())


def register(user, url: str, events: list[str]) -> Webhook:
    url = (url or "").strip()
    if not url or len(url) > 500:
        raise DomainError(_l("Enter at most %(max)d characters.", max=500), "url")
    problem = url_problem(url, _allow_private())
    if problem:
        raise DomainError(problem, "url")
    if not events or set(events) - set(EVENTS):
        raise DomainError(_l("Choose at least one event."), "events")
    if len(for_user(user.id)) >= MAX_PER_USER:
        raise DomainError(_l("An account may have at most %(n)d webhooks.", n=MAX_PER_USER))
    hook = Webhook(user_id=user.id, url=url, events=sorted(set(events)),
                   secret="whsec_" + secrets.token_urlsafe(24))
    db.session.add(hook)
    db.session.flush()
    return hook


def remove(actor, hook: Webhook) -> None:
    require(can_manage_webhook(actor, hook), "not the webhook's owner")
    db.session.delete(hook)
    db.session.flush()


def enable(actor, hook: Webhook) -> None:
    require(can_manage_webhook(actor, hook), "not the webhook's owner")
    hook.disabled_at, hook.failures = None, 0
    db.session.flush()


def ping(actor, hook: Webhook) -> WebhookDelivery:
    require(can_manage_webhook(actor, hook), "not the webhook's owner")
    return _queue(hook, "ping", {"text": "ping"})


def _queue(hook: Webhook, event: str, data: dict) -> WebhookDelivery:
    key = str(uuid.uuid4())
    body = json.dumps({"id": key, "event": event, "created_at": utcnow().isoformat(),
                       **data}, ensure_ascii=False, sort_keys=True)
    delivery = WebhookDelivery(webhook=hook, event=event, uuid=key, body=body)
    db.session.add(delivery)
    db.session.flush()
    jobs.enqueue("webhooks.deliver", key=f"webhook:{key}:1", delivery_id=delivery.id)
    return delivery


def _on_notified(note, **_extra) -> None:
    """Every notification is also an event for its owner's webhooks of its category."""
    event = category_of(note.kind).value
    hooks = db.session.execute(db.select(Webhook).where(
        Webhook.user_id == note.user_id, Webhook.disabled_at.is_(None))).scalars()
    for hook in hooks:
        if event in hook.events:
            with force_locale(mail.locale_of(hook.user)):
                text = notifications.text(note)
            _queue(hook, event, {"kind": note.kind, "text": text, "data": note.params,
                                 "link": mail.absolute(note.link) if note.link else None})


def init_app(app) -> None:
    signals.notified.connect(_on_notified)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def _post(hook: Webhook, delivery: WebhookDelivery) -> tuple[int | None, str]:
    problem = url_problem(hook.url, _allow_private())
    if problem:
        return None, str(problem)
    body = delivery.body.encode()
    headers = {"Content-Type": "application/json", "User-Agent": "InnovationExchange-Webhook/1",
               "X-Exchange-Event": delivery.event, "X-Exchange-Delivery": delivery.uuid,
               SIGNATURE_HEADER: sign(hook.secret, int(time.time()), body)}
    try:
        response = requests.post(hook.url, data=body, headers=headers, allow_redirects=False,
                                 timeout=current_app.config["WEBHOOK_TIMEOUT"])
    except requests.RequestException as error:
        return None, type(error).__name__
    return response.status_code, ""


@handler("webhooks.deliver")
def deliver(delivery_id: int) -> None:
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.state != "pending":
        return
    hook = delivery.webhook
    if hook.disabled_at is not None:
        delivery.state, delivery.last_error = "failed", "webhook disabled"
        return
    started = time.monotonic()
    status, error = _post(hook, delivery)
    error = error[:500]
    now = utcnow()
    delivery.attempts += 1
    delivery.last_status, delivery.last_error, delivery.last_attempt_at = status, error, now
    db.session.add(WebhookAttempt(delivery_id=delivery.id, at=now, status=status, error=error,
                                  duration_ms=int((time.monotonic() - started) * 1000)))
    if status is not None and 200 <= status < 300:
        delivery.state, hook.failures = "delivered", 0
        return
    hook.failures += 1
    if hook.failures >= current_app.config["WEBHOOK_MAX_FAILURES"]:
        hook.disabled_at = now
        delivery.state = "failed"
        notifications.notify(hook.user_id, "webhook_disabled", url=hook.url,
                             link=path_for("webhooks.index"))
    elif delivery.attempts < ATTEMPTS:
        jobs.enqueue("webhooks.deliver", key=f"webhook:{delivery.uuid}:{delivery.attempts + 1}",
                     after=timedelta(seconds=FIRST_RETRY * 2 ** (delivery.attempts - 1)),
                     delivery_id=delivery.id)
    else:
        delivery.state = "failed"
