"""RFC 8058 one-click unsubscribe: the mail program POSTs the signed link, with no
session and no CSRF token (CSRF is on in this module, as in production)."""
from __future__ import annotations

import pytest

from exchange.notifications import delivery
from exchange.notifications import services as notifications
from exchange.notifications.models import Category, Channel


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}  # the one-click POST must work without a token


def test_one_click_unsubscribe_needs_no_session_and_no_csrf_token(app, db, users, outbox):
    notifications.notify(users["enterprise"].id, "inquiry_message", link="/inquiries/",
                         title="数控机床主轴")
    db.session.commit()
    url = outbox[0].extra_headers["List-Unsubscribe"].strip("<>").replace(
        "http://127.0.0.1:8000", "")
    answer = app.test_client().post(url, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and 'id="unsubscribed"' in answer.get_data(as_text=True)
    db.session.expire_all()
    assert delivery.choices(users["enterprise"])[Category.INQUIRY] == Channel.IN_APP
    assert app.test_client().post(url[:-3] + "abc").status_code == 404  # tampered


