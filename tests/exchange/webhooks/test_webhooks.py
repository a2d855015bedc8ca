"""Webhooks: only public http(s) receivers (SSRF), signed deliveries retried with
backoff by the job queue, a delivery log, and a webhook switched off after failing."""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine

from exchange.db_types import utcnow
from exchange.extensions import db as _db
from exchange.inquiries import services as inquiries
from exchange.inquiries.models import Inquiry
from exchange.jobs import services as jobs
from exchange.notifications.models import Notification
from exchange.services_base import DomainError
from exchange.webhooks import services
from exchange.webhooks.models import Webhook, WebhookDelivery
from tests.support import factories


@pytest.fixture
def app_config():
    return {"WEBHOOKS_ALLOW_PRIVATE": True, "WEBHOOK_MAX_FAILURES": 4,
            "WEBHOOK_TIMEOUT": 5}


class Receiver:
    """A local receiver that checks each delivery's signature and answers with the next
    status of its script (then 200)."""

    def __init__(self, script):
        self.script, self.received, self.secret = list(script), [], None
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stamp, signature = (part.split("=", 1)[1] for part in
                                    self.headers["X-Exchange-Signature"].split(","))
                expected = hmac.new(owner.secret.encode(), f"{stamp}.".encode() + body,
                                    hashlib.sha256).hexdigest()
                owner.received.append({"valid": hmac.compare_digest(expected, signature),
                                       "event": self.headers["X-Exchange-Event"],
                                       "body": json.loads(body)})
                self.send_response(owner.script.pop(0) if owner.script else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(*script):
        made.append(Receiver(script))
        return made[-1]

    yield make
    for one in made:
        one.close()


def _message_to_enterprise(users, inquiry_id: int) -> None:
    """The studio writes in the inquiry: the enterprise is notified (its webhook too)."""
    inquiries.post(users["studio_member"], _db.session.get(Inquiry, inquiry_id), "可以演示")
    _db.session.commit()


@pytest.fixture
def inquiry_id(users, db):
    item = factories.make_achievement(users["studio_member"], "published")
    return factories.make_inquiry(users["enterprise"], item).id


def _run_due_jobs(after_seconds: float) -> None:
    with time_machine.travel(utcnow() + timedelta(seconds=after_seconds), tick=False):
        jobs.sweep()
        _db.session.commit()  # eager in tests: the due deliveries run now


@pytest.mark.parametrize("url", [
    "ftp://hooks.example.com/x", "http://", "http://user:pw@8.8.8.8/x",
    "http://127.0.0.1/x", "http://localhost:8000/x", "http://10.1.2.3/x",
    "http://192.168.0.10/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/x",
    "http://[fe80::1]/x", "http://0.0.0.0/x", "http://100.64.0.1/x",
])
def test_only_public_http_receivers_are_accepted(app, users, db, url):
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    try:
        with pytest.raises(DomainError) as refused:
            services.register(users["enterprise"], url, ["inquiry"])
        assert refused.value.field == "url"
    finally:
        app.config["WEBHOOKS_ALLOW_PRIVATE"] = True


def test_a_public_address_is_accepted_and_the_admin_setting_allows_private_ones(
        app, users, db):
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    try:
        assert services.register(users["enterprise"], "https://93.184.216.34/hook",
                                 ["match"]).id
    finally:
        app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    assert services.register(users["enterprise"], "http://10.1.2.3/hook", ["match"]).id


def test_deliveries_are_signed_and_retried_with_backoff_after_failing_twice(
        users, db, receiver, inquiry_id):
    hook_site = receiver(500, 503)
    hook = services.register(users["enterprise"], hook_site.url, ["inquiry"])
    _db.session.commit()
    hook_site.secret = hook.secret
    _message_to_enterprise(users, inquiry_id)
    assert [r["valid"] for r in hook_site.received] == [True]  # at once: 500
    _run_due_jobs(10)
    assert len(hook_site.received) == 1  # not yet: the first retry waits 30 s
    _run_due_jobs(31)
    assert len(hook_site.received) == 2  # 503; the next waits 60 s more
    _run_due_jobs(31 + 61)
    assert [r["valid"] for r in hook_site.received] == [True, True, True]
    delivery = _db.session.execute(_db.select(WebhookDelivery)).scalar_one()
    assert delivery.state == "delivered" and delivery.attempts == 3
    assert [a.status for a in delivery.attempt_log] == [500, 503, 200]
    body = hook_site.received[-1]["body"]
    assert body["event"] == "inquiry" and body["kind"] == "inquiry_message"
    assert body["id"] == delivery.uuid and body["link"].startswith("http")
    _db.session.refresh(hook)
    assert hook.failures == 0


def test_a_webhook_failing_again_and_again_is_switched_off_and_its_owner_told(
        app, users, db, receiver, inquiry_id):
    hook_site = receiver(*[500] * 20)
    hook = services.register(users["enterprise"], hook_site.url, ["inquiry"])
    _db.session.commit()
    hook_site.secret = hook.secret
    for _ in range(2):
        _message_to_enterprise(users, inquiry_id)
    _run_due_jobs(31)
    _db.session.refresh(hook)
    assert hook.failures == 4 and hook.disabled_at is not None
    told = _db.session.execute(_db.select(Notification).where(
        Notification.user_id == users["enterprise"].id,
        Notification.kind == "webhook_disabled")).scalar_one()
    assert told.params["url"] == hook_site.url
    received = len(hook_site.received)
    _message_to_enterprise(users, inquiry_id)
    _run_due_jobs(600)
    assert len(hook_site.received) == received  # nothing more goes to a switched-off hook


def test_a_receiver_that_turned_private_gets_no_delivery(app, users, db, receiver,
                                                         inquiry_id):
    hook_site = receiver()
    hook = services.register(users["enterprise"], hook_site.url, ["inquiry"])
    _db.session.commit()
    app.config["WEBHOOKS_ALLOW_PRIVATE"] = False
    try:
        _message_to_enterprise(users, inquiry_id)
    finally:
        app.config["WEBHOOKS_ALLOW_PRIVATE"] = True
    assert hook_site.received == []
    delivery = _db.session.execute(_db.select(WebhookDelivery)).scalar_one()
    assert delivery.last_status is None and delivery.last_error
    assert [a.status for a in delivery.attempt_log] == [None]
    assert hook.id


def test_the_pages_register_show_the_secret_and_the_delivery_log(
        enterprise_client, users, db, receiver):
    hook_site = receiver(500)
    page = enterprise_client.post("/account/webhooks", data={
        "url": hook_site.url, "events": ["inquiry", "match"]})
    assert page.status_code == 302
    hook = _db.session.execute(_db.select(Webhook)).scalar_one()
    hook_site.secret = hook.secret
    detail = enterprise_client.get(f"/account/webhooks/{hook.id}").get_data(as_text=True)
    assert hook.secret in detail
    assert enterprise_client.post(f"/account/webhooks/{hook.id}/ping").status_code == 302
    assert hook_site.received[0]["event"] == "ping" and hook_site.received[0]["valid"]
    log = enterprise_client.get(f"/account/webhooks/{hook.id}").get_data(as_text=True)
    assert 'id="delivery-log"' in log and ">500<" in log
    refused = enterprise_client.post("/account/webhooks", data={
        "url": "gopher://x", "events": ["inquiry"]})
    assert refused.status_code == 200 and "invalid-feedback" in refused.get_data(as_text=True)
