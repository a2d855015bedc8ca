"""Accounts by e-mail: a password reset through a real SMTP server (aiosmtpd), address
confirmation for self-registered enterprises, and the security notices."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine

from exchange.auth.models import User
from exchange.db_types import utcnow
from tests.support import factories
from tests.support.servers import smtp_server

LINK = re.compile(r"http://[^\s<>\"]+")
NEW_PASSWORD = "Brand-new-secret-77"


@pytest.fixture(scope="module")
def smtp():
    with smtp_server() as server:
        yield server


@pytest.fixture
def app_config(smtp):
    host, port, _inbox = smtp
    return {"MAIL_BACKEND": "smtp", "MAIL_SERVER": host, "MAIL_PORT": port}


@pytest.fixture
def inbox(smtp):
    smtp[2].messages.clear()
    return smtp[2]


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _link(message) -> str:
    return LINK.search(_text(message)).group(0).replace("http://127.0.0.1:8000", "")


def test_password_reset_round_trip_through_smtp_ends_every_other_session(
        app, db, users, client_for, inbox):
    user = users["enterprise"]
    laptop, phone = client_for("enterprise"), client_for("enterprise")
    visitor = app.test_client()
    answer = visitor.post("/auth/password/forgot", data={"email": user.email})
    assert answer.status_code == 200 and 'id="reset-sent"' in answer.get_data(as_text=True)
    (message,) = [m for m in inbox.wait_for(1) if m["Subject"] == "重置密码"]
    assert message["To"] == user.email
    assert message.get_body(preferencelist=("html",)) is not None  # text and HTML
    assert message["List-Unsubscribe"] is None  # transactional: nothing to unsubscribe
    link = _link(message)
    assert visitor.get(link).status_code == 200
    done = visitor.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert visitor.get("/notifications/").status_code == 200  # this browser is signed in
    for old in (laptop, phone):  # every other session ended
        assert "/auth/login" in old.get("/notifications/").headers["Location"]
    db.session.expire_all()
    assert factories.login(app.test_client(), db.session.get(User, user.id), NEW_PASSWORD)
    # The link works once: used, it is refused with a page that says why.
    again = visitor.get(link)
    assert again.status_code == 400 and 'id="link-invalid"' in again.get_data(as_text=True)
    from exchange.audit.models import AuditEntry

    assert db.session.execute(db.select(AuditEntry.action).where(
        AuditEntry.target_id == user.id, AuditEntry.target_kind == "user")).scalars().all() \
        == ["account.password_reset"]
    # ...and the owner is told the password changed.
    changed = lambda: [m for m in inbox.messages if m["Subject"] == "您的密码已更改"]  # noqa: E731
    assert changed() or inbox.wait_for(len(inbox.messages) + 1) and changed()


def test_an_expired_reset_link_is_refused_with_a_clear_page(app, db, users, inbox):
    user = users["studio_member"]
    token = factories.reset_token(user)
    with time_machine.travel(utcnow() + timedelta(hours=2)):
        page = app.test_client().get(f"/auth/password/reset/{token}")
    assert page.status_code == 400
    assert "已过期" in page.get_data(as_text=True) or "失效" in page.get_data(as_text=True)
    tampered = app.test_client().get(f"/auth/password/reset/{token[:-2]}xx")
    assert tampered.status_code == 400


def test_the_answer_never_tells_whether_an_address_has_an_account(app, db, users, inbox):
    known = app.test_client().post("/auth/password/forgot",
                                   data={"email": users["studio_member"].email})
    unknown = app.test_client().post("/auth/password/forgot",
                                     data={"email": "nobody@test.example.cn"})
    strip = lambda page, email: page.get_data(as_text=True).replace(email, "EMAIL")  # noqa: E731
    assert known.status_code == unknown.status_code == 200
    assert strip(known, users["studio_member"].email) == strip(unknown,
                                                               "nobody@test.example.cn")
    assert len(inbox.wait_for(1)) == 1  # only the real account got a mail


def test_asking_again_at_once_sends_no_second_reset_mail(app, db, users, inbox):
    for _ in range(3):
        app.test_client().post("/auth/password/forgot", data={"email": users["admin"].email})
    assert len([m for m in inbox.wait_for(1) if m["Subject"] == "重置密码"]) == 1


REGISTRATION = {
    "company_name": "无锡精密模具有限公司", "name": "王经理", "email": "wang@mould.example.cn",
    "password": "Mould-2026-secure", "confirm": "Mould-2026-secure",
}


def test_a_registered_enterprise_confirms_its_address_before_it_opens_inquiries(
        app, db, users, inbox):
    from exchange.demo import credit_code_for

    client = app.test_client()
    assert client.post("/auth/register", data={
        **REGISTRATION, "credit_code": credit_code_for(778)}).status_code == 302
    assert 'id="verify-banner"' in client.get("/").get_data(as_text=True)
    item = factories.make_achievement(users["studio_member"], "published")
    db.session.commit()
    refused = client.post(f"/inquiries/open/{item.id}", data={"body": "请问能否用于我司？"},
                          follow_redirects=True).get_data(as_text=True)
    assert "请先确认您的电子邮箱" in refused
    (message,) = [m for m in inbox.wait_for(1) if m["To"] == REGISTRATION["email"]]
    assert client.get(_link(message)).status_code == 302
    assert 'id="verify-banner"' not in client.get("/").get_data(as_text=True)
    opened = client.post(f"/inquiries/open/{item.id}", data={"body": "请问能否用于我司？"})
    assert opened.status_code == 302 and "/inquiries/" in opened.headers["Location"]


def test_an_expired_confirmation_link_is_refused_with_a_clear_page(app, db, users):
    token = factories.verify_token(users["enterprise"])
    with time_machine.travel(utcnow() + timedelta(days=4)):
        page = app.test_client().get(f"/auth/verify/{token}")
    assert page.status_code == 400 and 'id="link-invalid"' in page.get_data(as_text=True)


def test_a_sign_in_from_a_new_browser_is_announced_once(app, db, users, inbox):
    user = users["union_staff"]
    first = factories.login(app.test_client(), user)  # the account's first browser
    assert inbox.wait_for(1, timeout=0.5) == []
    factories.login(app.test_client(), user)  # another browser
    (notice,) = inbox.wait_for(1)
    assert notice["Subject"] == "您的账号在新的浏览器上登录" and notice["To"] == user.email
    first.post("/auth/logout")
    factories.login(first, user)  # the first browser again: known, nothing sent
    assert len(inbox.wait_for(2, timeout=0.5)) == 1


def test_changing_the_password_is_announced(app, db, users, client_for, inbox):
    client = client_for("studio_leader")
    inbox.messages.clear()
    client.post("/auth/password", data={"current_password": factories.PASSWORD,
                                        "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert [m["Subject"] for m in inbox.wait_for(1)] == ["您的密码已更改"]
