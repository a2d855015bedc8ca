"""Enterprise self-registration: good input creates an account, bad input keeps the form."""
from exchange.auth.models import Enterprise, User
from exchange.demo import credit_code_for
from tests.support import factories

GOOD = {
    "company_name": "无锡精密模具有限公司",
    "credit_code": credit_code_for(777),
    "name": "王经理",
    "email": "wang@mould.example.cn",
    "password": "Mould-2026-secure",
    "confirm": "Mould-2026-secure",
}


def _post(client, **changes):
    return client.post("/auth/register", data={**GOOD, **changes})


def test_registration_creates_enterprise_and_logs_in(client, db):
    response = _post(client)
    assert response.status_code == 302
    user = db.session.execute(db.select(User).filter_by(email=GOOD["email"])).scalar_one()
    assert user.role.value == "enterprise"
    assert user.enterprise.credit_code == GOOD["credit_code"]
    assert user.password_hash != GOOD["password"]
    assert "王经理" in client.get("/").get_data(as_text=True)


def _assert_kept(html: str, *values: str) -> None:
    for value in values:
        assert value in html, value


def test_invalid_credit_code_is_explained_in_chinese_and_input_kept(client, db):
    bad = GOOD["credit_code"][:-1] + ("0" if GOOD["credit_code"][-1] != "0" else "1")
    html = _post(client, credit_code=bad).get_data(as_text=True)
    assert "校验码" in html
    assert 'class="form-control is-invalid"' in html
    _assert_kept(html, GOOD["company_name"], bad, GOOD["email"], GOOD["name"])
    assert db.session.execute(db.select(Enterprise)).first() is None


def test_short_credit_code(client, db):
    html = _post(client, credit_code="9132").get_data(as_text=True)
    assert "18" in html and "统一社会信用代码" in html


def test_duplicate_email_is_refused(client, db, users):
    taken = users["union_staff"].email
    html = _post(client, email=taken.upper()).get_data(as_text=True)
    assert "该电子邮箱已注册" in html
    _assert_kept(html, GOOD["company_name"], GOOD["credit_code"])
    assert db.session.execute(
        db.select(Enterprise).filter_by(credit_code=GOOD["credit_code"])
    ).first() is None


def test_weak_password_is_refused(client, db):
    html = _post(client, password="abc", confirm="abc").get_data(as_text=True)
    assert "至少" in html and "10" in html
    _assert_kept(html, GOOD["company_name"], GOOD["credit_code"], GOOD["email"])
    assert db.session.execute(db.select(User)).first() is None


def test_password_confirmation_must_match(client, db):
    html = _post(client, confirm="Mould-2026-securE").get_data(as_text=True)
    assert "不一致" in html


def test_second_account_for_registered_company_is_refused(client, db):
    _post(client)
    client.post("/auth/logout")
    html = _post(client, email="li@mould.example.cn").get_data(as_text=True)
    assert "已注册" in html
    assert len(db.session.execute(db.select(User)).all()) == 1


def test_english_messages_when_english_selected(client, db):
    client.get("/language/en")
    html = _post(client, credit_code="9132").get_data(as_text=True)
    assert "exactly 18 characters" in html


def test_logged_in_user_is_sent_home(client, db, users):
    factories.login(client, users["enterprise"])
    assert client.get("/auth/register").status_code == 302
