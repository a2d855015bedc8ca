"""Common passwords are refused wherever a password is set; an unknown e-mail costs one
hash check at login, like a known one (F.16)."""
import re

import pytest
import werkzeug.security

from exchange.auth import services
from exchange.auth.validators import password_problems
from tests.support import factories

WEAK = ["password12", "aaaaaaaaa1", "qwerty12345", "1qaz2wsx3edc", "abcd123456"]


@pytest.mark.parametrize("password", WEAK)
def test_common_and_repetitive_passwords_are_refused(password):
    assert password_problems(password) in (["common"], ["repeated"])


@pytest.mark.parametrize("password", ["Correct-horse-42", "Mould-2026-secure",
                                      "ChuangXin2026", "huawei2026ab"])
def test_reasonable_passwords_pass(password):
    assert password_problems(password) == []


def test_a_long_password_is_judged_not_refused():
    assert password_problems("Tea-" + "x7Kq" * 30) == []  # over zxcvbn's 72 characters


def test_registration_refuses_a_common_password(client, db):
    response = client.post("/auth/register", data={
        "company_name": "无锡弱口令科技有限公司", "credit_code": "91320200MA1MXXXX0X",
        "name": "王经理", "email": "weak@test.example.cn",
        "password": "password12", "confirm": "password12",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "过于常见" in html
    assert "weak@test.example.cn" in html  # what was typed is kept


def test_password_change_refuses_common_and_repeated(client, users):
    factories.login(client, users["studio_member"])
    for weak, message in (("password12", "过于常见"), ("aaaaaaaaa1", "重复")):
        response = client.post("/auth/password", data={
            "current_password": factories.PASSWORD, "password": weak, "confirm": weak})
        assert response.status_code == 200 and message in response.get_data(as_text=True)


def test_password_change_message_in_english(client, users):
    factories.login(client, users["studio_member"])
    client.get("/language/en")
    response = client.post("/auth/password", data={
        "current_password": factories.PASSWORD, "password": "password12",
        "confirm": "password12"})
    assert "too common" in response.get_data(as_text=True)


def test_invitation_refuses_a_common_password(app, db, studio, leader_client):
    page = leader_client.post(f"/studios/{studio.id}/members",
                              data={"email": "weakling@test.example.cn", "role": "studio_member"})
    path = re.search(r'value="http://localhost(/auth/invitations/[^"]+)"',
                     page.get_data(as_text=True)).group(1)
    response = app.test_client().post(path, data={"name": "新成员", "password": "password12",
                                                  "confirm": "password12"})
    assert response.status_code == 200 and "过于常见" in response.get_data(as_text=True)


def test_cli_refuses_a_common_password(runner, db):
    result = runner.invoke(args=["users", "create", "--email", "cli@test.example.cn",
                                 "--name", "命令行", "--role", "union_staff",
                                 "--password", "password12"])
    assert result.exit_code != 0 and "too weak" in result.output


@pytest.fixture
def hash_count(monkeypatch):
    """Counts every password-hash computation (generate and check both call it)."""
    calls = []
    real = werkzeug.security._hash_internal

    def counting(method, salt, password):
        calls.append(method)
        return real(method, salt, password)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", counting)
    return calls


def test_unknown_email_costs_one_hash_like_a_known_one(app, users, hash_count):
    """Timing: a miss must not take longer than a hit (no account enumeration)."""
    with app.app_context():
        services.authenticate("nobody@test.example.cn", "wrong-password-1")  # warm the cache
        hash_count.clear()
        services.authenticate("nobody@test.example.cn", "wrong-password-1")
        miss = len(hash_count)
        hash_count.clear()
        services.authenticate(users["admin"].email, "wrong-password-1")
        hit = len(hash_count)
    assert miss == hit == 1
