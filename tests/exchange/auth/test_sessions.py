"""Sessions end when they should (F.14): a per-user session version in Flask-Login's id.

Trust rule: "Sessions end when they should" — logout everywhere, a password change and
deactivation invalidate every session; "strong" protection does not trust a header.
"""
import pytest

from exchange.auth.models import User
from tests.support import factories

PROTECTED = "/auth/password"  # any page that needs a login


def _signed_in(client) -> bool:
    return client.get(PROTECTED).status_code == 200


def _client(app, **environ):
    client = app.test_client()
    client.environ_base.update(environ)
    return client


def _steal(app, client, **environ):
    """A second browser holding a copy of `client`'s session cookie."""
    thief = _client(app, **environ)
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_cookie_replayed_after_logout_is_refused(app, client, users):
    factories.login(client, users["enterprise"])
    copy = _steal(app, client)
    assert _signed_in(copy)  # the copy works while the session lives…
    client.post("/auth/logout")
    assert not _signed_in(copy)  # …and not after the logout
    assert not _signed_in(client)


def test_logout_ends_the_other_devices_too(app, users):
    phone = factories.login(app.test_client(), users["studio_member"])
    desktop = factories.login(app.test_client(), users["studio_member"])
    desktop.post("/auth/logout")
    assert not _signed_in(phone)
    factories.login(phone, users["studio_member"])  # signing in again works
    assert _signed_in(phone)


def test_a_password_change_ends_the_other_sessions_only(app, db, users):
    user = users["studio_member"]
    other = factories.login(app.test_client(), user)
    here = factories.login(app.test_client(), user)
    response = here.post(PROTECTED, data={"current_password": factories.PASSWORD,
                                          "password": "New-password-77",
                                          "confirm": "New-password-77"})
    assert response.status_code == 302
    assert _signed_in(here)  # the session that changed it carries the new version
    assert not _signed_in(other)
    db.session.expire_all()
    assert db.session.get(User, user.id).session_version == 2


def test_deactivation_ends_sessions_and_reactivation_does_not_revive_them(
        app, db, users, admin_client):
    user = users["enterprise"]
    victim = factories.login(app.test_client(), user)
    admin_client.post(f"/admin/users/{user.id}/active")  # deactivate
    assert not _signed_in(victim)
    admin_client.post(f"/admin/users/{user.id}/active")  # reactivate
    db.session.expire_all()
    assert db.session.get(User, user.id).active
    assert not _signed_in(victim)
    factories.login(app.test_client(), db.session.get(User, user.id))  # a new login works


def test_removing_a_studio_member_ends_their_sessions(app, users, leader_client):
    member = users["studio_member"]
    session = factories.login(app.test_client(), member)
    studio_id = member.studio_id
    leader_client.post(f"/studios/{studio_id}/members/{member.id}/remove")
    assert not _signed_in(session)


def test_an_id_without_its_version_is_refused(app, users):
    client = factories.login(app.test_client(), users["admin"])
    with client.session_transaction() as session:
        session["_user_id"] = str(users["admin"].id)  # as cookies issued before versions
    assert not _signed_in(client)


def test_x_forwarded_for_is_not_trusted_without_a_proxy(app, users):
    """PROXY_FIX_HOPS=0: the socket's address counts, a header cannot fake it."""
    victim = _client(app, REMOTE_ADDR="10.0.0.1")
    factories.login(victim, users["admin"])
    thief = _steal(app, victim, REMOTE_ADDR="10.0.0.66", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert not _signed_in(thief)
    assert _signed_in(victim)


@pytest.mark.parametrize("app_config", [{"PROXY_FIX_HOPS": 1}])
def test_behind_one_proxy_the_forwarded_address_counts(app, users, app_config):
    victim = _client(app, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    factories.login(victim, users["admin"])
    assert _signed_in(victim)
    # The same cookie from another client behind the same proxy is refused.
    thief = _steal(app, victim, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert not _signed_in(thief)
