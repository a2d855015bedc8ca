"""Login limits count across workers and never lock an account out (F.15).

Trust rule: "Exactly once"/shared state — every worker sees the same counters (the
database by default); a stranger's wrong passwords slow down only their own address.
"""
import json
import os
import subprocess
import sys

import pytest

from exchange.auth.models import RateCounter
from tests.conftest import ROOT
from tests.support import factories

LIMITED = {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "4 per minute",
           "LOGIN_FREE_FAILURES": 2}


def _client(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _try(client, email, password="wrong-password-1"):
    return client.post("/auth/login", data={"email": email, "password": password})


WORKER = """
import json, sys
from pathlib import Path
from exchange import create_app
from tests.conftest import IsolatedClient, make_config
url, folder, config = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
app = create_app(make_config(url, Path(folder), **config))
app.test_client_class = IsolatedClient
client = app.test_client()
client.environ_base["REMOTE_ADDR"] = "192.0.2.10"
print(",".join(str(client.post("/auth/login", data={"email": f"w{i}@test.example.cn",
      "password": "wrong-password-1"}).status_code) for i in range(2)))
"""


@pytest.mark.parametrize("app_config", [LIMITED])
def test_two_workers_sharing_the_database_count_together(app, database_url, tmp_path, users):
    """A second process (another gunicorn worker) on the same database: 4 attempts in
    all, not 4 in each."""
    here = _client(app, "192.0.2.10")
    # Different unknown e-mails: only the address's limit is at play.
    assert [_try(here, f"h{i}@test.example.cn").status_code for i in range(2)] == [200, 200]
    worker = subprocess.run(
        [sys.executable, "-c", WORKER, database_url, str(tmp_path), json.dumps(LIMITED)],
        check=False, capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert worker.returncode == 0, worker.stderr
    assert worker.stdout.strip().splitlines()[-1] == "200,200"
    assert _try(here, "h9@test.example.cn").status_code == 429


@pytest.mark.parametrize("app_config", [{**LIMITED, "LOGIN_RATE_LIMIT": "10 per minute"}])
def test_rotating_addresses_cannot_lock_the_owner_out(app, users):
    owner = users["admin"]
    for i in range(20):  # 20 wrong passwords, each address well under its own limit
        assert _try(_client(app, f"198.51.100.{i // 2}"), owner.email).status_code == 200
    response = _try(_client(app, "203.0.113.9"), owner.email, factories.PASSWORD)
    assert response.status_code == 302


@pytest.mark.parametrize("app_config", [{**LIMITED, "LOGIN_RATE_LIMIT": "100 per minute"}])
def test_one_address_guessing_one_account_is_slowed_down(app, db, users):
    owner = users["enterprise"]
    guesser = _client(app, "198.51.100.20")
    assert [_try(guesser, owner.email).status_code for _ in range(3)] == [200, 200, 200]
    slowed = _try(guesser, owner.email, factories.PASSWORD)  # even the right password waits
    assert slowed.status_code == 429
    assert "秒后重试" in slowed.get_data(as_text=True)
    assert 1 <= int(slowed.headers["Retry-After"]) <= 2
    # The owner, elsewhere, is not affected; the guesser's other accounts neither.
    assert _try(_client(app, "203.0.113.9"), owner.email, factories.PASSWORD).status_code == 302
    assert _try(_client(app, "198.51.100.20"), users["admin"].email,
                factories.PASSWORD).status_code == 302
    # When the wait is over, the right password works and clears the pair's failures.
    db.session.execute(db.update(RateCounter).where(RateCounter.key.like("login/wait/%"))
                       .values(expires_at=0))
    db.session.commit()
    assert _try(_client(app, "198.51.100.20"), owner.email,
                factories.PASSWORD).status_code == 302
    remaining = db.session.scalars(db.select(RateCounter.key)
                                   .where(RateCounter.key.like("login/fail/%"))).all()
    assert remaining == []


@pytest.mark.parametrize("app_config", [{**LIMITED, "LOGIN_RATE_LIMIT": "100 per minute"}])
def test_the_delay_doubles_with_each_failure(app, db, users):
    guesser = _client(app, "198.51.100.30")
    waits = []
    for _ in range(4):
        _try(guesser, users["admin"].email)
        wait = db.session.execute(db.select(RateCounter).where(
            RateCounter.key.like("login/wait/%"))).scalar_one_or_none()
        if wait is not None:  # let the wait pass, remembering how long it was
            waits.append(round(wait.expires_at - db.session.execute(
                db.select(RateCounter.expires_at).where(RateCounter.key.like("login/fail/%"))
            ).scalar_one() + 24 * 3600))
            db.session.delete(wait)
            db.session.commit()
    assert waits == [2, 4]


@pytest.mark.parametrize("app_config", [{**LIMITED, "LOGIN_RATE_LIMIT": "1 per minute"}])
def test_the_limit_speaks_the_users_language(app, users):
    client = _client(app, "192.0.2.44")
    client.get("/language/en")
    _try(client, "nobody@test.example.cn")
    response = _try(client, "nobody@test.example.cn")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Too many login attempts" in html and "nobody@test.example.cn" in html


@pytest.mark.parametrize("app_config", [{**LIMITED, "LOGIN_THROTTLE_STORAGE_URI": "memory://"}])
def test_a_limits_storage_uri_is_used_when_configured(app, db, users):
    """Redis in production (RATELIMIT_STORAGE_URI/REDIS_URL); memory:// here, same code."""
    client = _client(app, "192.0.2.55")
    codes = [_try(client, f"x{i}@test.example.cn").status_code for i in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    assert db.session.scalars(db.select(RateCounter)).all() == []
