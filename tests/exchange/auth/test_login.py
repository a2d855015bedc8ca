"""Login, logout, password change, rate limit and session cookie flags."""
import pytest

from exchange.auth.models import User
from tests.support import factories


def test_login_and_logout(client, users):
    user = users["union_staff"]
    response = client.post("/auth/login", data={"email": user.email.upper(),
                                                "password": factories.PASSWORD})
    assert response.status_code == 302
    assert user.name in client.get("/").get_data(as_text=True)
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/admin/users").status_code == 302


def test_wrong_password_gives_one_generic_message(client, users):
    html = client.post("/auth/login", data={"email": users["admin"].email,
                                            "password": "wrong-password-1"}).get_data(as_text=True)
    assert "电子邮箱或密码错误" in html
    unknown = client.post("/auth/login", data={"email": "nobody@example.cn",
                                               "password": "wrong-password-1"})
    assert "电子邮箱或密码错误" in unknown.get_data(as_text=True)


def test_deactivated_account_cannot_log_in(client, db, users):
    user = users["enterprise"]
    user.active = False
    db.session.commit()
    response = client.post("/auth/login", data={"email": user.email,
                                                "password": factories.PASSWORD})
    assert response.status_code == 200
    assert "电子邮箱或密码错误，或账号已停用。" in response.text
    assert client.get("/auth/password").status_code == 302  # still signed out


def test_login_redirects_to_safe_next_only(client, users):
    data = {"email": users["admin"].email, "password": factories.PASSWORD}
    response = client.post("/auth/login?next=/admin/users", data=data)
    assert response.headers["Location"] == "/admin/users"
    client.post("/auth/logout")
    response = client.post("/auth/login?next=https://evil.example.com/", data=data)
    assert response.headers["Location"] == "/"


def test_change_password(client, db, users):
    user = users["studio_member"]
    factories.login(client, user)
    bad = client.post("/auth/password", data={
        "current_password": "not-it-123", "password": "New-password-77",
        "confirm": "New-password-77",
    })
    assert "当前密码不正确" in bad.get_data(as_text=True)
    weak = client.post("/auth/password", data={
        "current_password": factories.PASSWORD, "password": "short1", "confirm": "short1",
    })
    assert "至少" in weak.get_data(as_text=True)
    ok = client.post("/auth/password", data={
        "current_password": factories.PASSWORD, "password": "New-password-77",
        "confirm": "New-password-77",
    })
    assert ok.status_code == 302
    client.post("/auth/logout")
    factories.login(client, db.session.get(User, user.id), "New-password-77")


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": True,
                                         "LOGIN_RATE_LIMIT": "3 per minute"}])
def test_login_attempts_are_rate_limited(client, users, app_config):
    data = {"email": users["admin"].email, "password": "wrong-password-1"}
    codes = [client.post("/auth/login", data=data).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    blocked = client.post("/auth/login", data={**data, "password": factories.PASSWORD})
    assert blocked.status_code == 429
    assert "尝试次数过多" in blocked.get_data(as_text=True)


def test_session_cookie_flags(client, users):
    response = client.post("/auth/login", data={"email": users["admin"].email,
                                                "password": factories.PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http on 127.0.0.1 (make run)


def test_session_cookie_secure_over_https(app, users):
    client = app.test_client()
    response = client.post("/auth/login", base_url="https://localhost",
                           data={"email": users["admin"].email, "password": factories.PASSWORD})
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_csrf_is_enforced_when_enabled(database_url, tmp_path, users):
    from exchange import create_app
    from tests.conftest import make_config

    app = create_app(make_config(database_url, tmp_path, WTF_CSRF_ENABLED=True))
    response = app.test_client().post("/auth/login", data={"email": users["admin"].email,
                                                           "password": factories.PASSWORD})
    assert response.status_code == 400
    assert "请求" in response.get_data(as_text=True)
