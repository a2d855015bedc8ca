"""Personal access tokens: made on the account page and shown once, stored hashed, scoped,
expiring, revocable, their last use shown; the session cookie is no credential."""
from __future__ import annotations

from datetime import timedelta

import time_machine

from exchange.api import services
from exchange.api.models import ApiToken
from exchange.db_types import LOCAL_ZONE, utcnow
from exchange.extensions import db as _db
from tests.support import factories


def _bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def test_the_account_page_makes_a_token_shows_it_once_and_keeps_only_its_hash(
        enterprise_client, users, db):
    page = enterprise_client.get("/account/tokens")
    assert 'id="no-tokens"' in page.get_data(as_text=True)
    made = enterprise_client.post("/account/tokens", data={
        "name": "采购系统", "scope": "write", "days": "30"})
    text = made.get_data(as_text=True)
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    secret = text.split('id="token-secret">', 1)[1].split("<", 1)[0]
    assert secret.startswith("iex_")
    token = _db.session.execute(_db.select(ApiToken)).scalar_one()
    assert token.token_hash == services.digest(secret) and secret not in token.token_hash
    assert secret not in enterprise_client.get("/account/tokens").get_data(as_text=True)
    me = enterprise_client.get("/api/v1/me", headers=_bearer(secret))
    assert me.status_code == 200 and me.get_json()["id"] == users["enterprise"].id
    listed = enterprise_client.get("/account/tokens").get_data(as_text=True)
    _db.session.refresh(token)
    assert token.last_used_at is not None
    assert token.prefix in listed
    assert token.last_used_at.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M") in listed


def test_bad_input_on_the_token_form_gets_the_form_message(enterprise_client):
    response = enterprise_client.post("/account/tokens", data={
        "name": "", "scope": "write", "days": "30"})
    assert response.status_code == 200
    assert 'id="token-secret"' not in response.get_data(as_text=True)
    assert "invalid-feedback" in response.get_data(as_text=True)


def test_a_read_token_reads_but_may_not_write(api, world):
    reader = api("enterprise", "read")
    assert reader.get("/api/v1/me/needs").status_code == 200
    refused = reader.post("/api/v1/needs", json={})
    assert refused.status_code == 403
    assert refused.mimetype == "application/problem+json"
    assert "write" in refused.get_json()["detail"] or "写" in refused.get_json()["detail"]


def test_an_expired_token_is_refused(app, users, db):
    secret = factories.make_token(users["enterprise"], days=7)
    client = app.test_client()
    assert client.get("/api/v1/me", headers=_bearer(secret)).status_code == 200
    with time_machine.travel(utcnow() + timedelta(days=7, seconds=1)):
        response = client.get("/api/v1/me", headers=_bearer(secret))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused_at_once(enterprise_client, users, db):
    secret = factories.make_token(users["enterprise"])
    token = _db.session.execute(_db.select(ApiToken)).scalar_one()
    assert enterprise_client.get("/api/v1/me", headers=_bearer(secret)).status_code == 200
    revoked = enterprise_client.post(f"/account/tokens/{token.id}/revoke")
    assert revoked.status_code == 302
    assert enterprise_client.get("/api/v1/me", headers=_bearer(secret)).status_code == 401


def test_someone_elses_token_cannot_be_revoked(client_for, users, db):
    factories.make_token(users["enterprise"])
    token = _db.session.execute(_db.select(ApiToken)).scalar_one()
    response = client_for("studio_member").post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 404
    _db.session.refresh(token)
    assert token.revoked_at is None


def test_a_deactivated_account_s_token_stops_working(app, users, db):
    secret = factories.make_token(users["enterprise"])
    users["enterprise"].active = False
    _db.session.commit()
    assert app.test_client().get("/api/v1/me", headers=_bearer(secret)).status_code == 401


def test_the_session_cookie_is_no_credential_for_the_api(enterprise_client):
    """Signed in on the site, the browser still gets 401 from the API: no cookie-borne
    request (a forged cross-site form) can act there, so the API needs no CSRF token."""
    assert enterprise_client.get("/account/tokens").status_code == 200
    response = enterprise_client.get("/api/v1/me")
    assert response.status_code == 401
    posted = enterprise_client.post("/api/v1/needs", json={})
    assert posted.status_code == 401
    assert "Set-Cookie" not in response.headers


def test_a_token_used_often_is_written_at_most_once_a_minute(app, users, db, count_queries):
    secret = factories.make_token(users["enterprise"])
    client = app.test_client()
    client.get("/api/v1/me", headers=_bearer(secret))
    with count_queries() as statements:
        client.get("/api/v1/me", headers=_bearer(secret))
    # Within the minute the last use is not written again.
    assert not any(s.lstrip().upper().startswith("UPDATE") for s in statements)


def test_a_user_may_have_at_most_twenty_live_tokens(users, db):
    import pytest

    from exchange.services_base import DomainError

    for _ in range(services.MAX_ACTIVE):
        services.create(users["enterprise"], "n", "read", 7)
    with pytest.raises(DomainError):
        services.create(users["enterprise"], "n", "read", 7)
