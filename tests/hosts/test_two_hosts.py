"""Two hosts behind one address (issue 21): PostgreSQL, a Redis, two gunicorn hosts with
instance folders of their own on two ports, and one worker, all in the server profile of
docs/operations.md (WEB_HOSTS=2: the app refuses to start on anything one host keeps to
itself). A browser session moves between the hosts as a load balancer would send it.

What one host does, the other sees: a file uploaded through A downloads from B; an
achievement published on A is found by search on B, facet counts too; an import previewed
on A is confirmed on B; the login limit counts across both; payouts raced on both never
overdraw; killing A mid-request loses nothing that was committed.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import requests

from exchange.achievements.models import Achievement, Attachment
from exchange.agreements import statements
from exchange.agreements.models import Agreement
from exchange.auth.roles import Role
from tests.conftest import DATABASES
from tests.exchange.achievements.test_spreadsheets import sample_row, xlsx
from tests.support import factories
from tests.support.servers import gunicorn, process_group, throwaway_redis

pytestmark = [pytest.mark.hosts,
              pytest.mark.skipif("postgresql" not in DATABASES,
                                 reason="the server profile runs on PostgreSQL")]
ROOT = Path(__file__).resolve().parents[2]
SECRET = "two-hosts-share-this-secret"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
PDF = b"%PDF-1.7\n" + os.urandom(300_000) + b"\n%%EOF\n"


@pytest.fixture
def database_url(postgresql_url):
    return postgresql_url


@pytest.fixture(scope="module")
def redis_url():
    with throwaway_redis() as url:
        yield url


@pytest.fixture
def app_config(redis_url):
    # The test's own app writes fixtures as a third host would (jobs go to the worker).
    return {"SEARCH_BACKEND": "postgres", "FILE_STORAGE": "database", "REDIS_URL": redis_url,
            "JOBS_EAGER": False, "JOBS_QUEUE_NAME": "two-hosts", "SECRET_KEY": SECRET}


def _environment(database_url: str, redis_url: str, folder: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "FLASK_APP": "exchange",
            "DATABASE_URL": database_url, "SECRET_KEY": SECRET,
            "SEARCH_BACKEND": "postgres", "FILE_STORAGE": "database",
            "REDIS_URL": redis_url, "JOBS_QUEUE_NAME": "two-hosts",
            "WEB_HOSTS": "2", "INSTANCE_PATH": str(folder), "LOG_LEVEL": "WARNING",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "LOGIN_RATE_LIMIT": "4 per minute", "JOB_RETRY_DELAY": "1"}


@contextmanager
def _two_hosts(database_url: str, redis_url: str, folder: Path):
    """{"a": url, "b": url, "a_process": Popen}: two gunicorn hosts and one worker."""
    with ExitStack() as stack:
        found = {}
        for name in ("a", "b"):
            env = _environment(database_url, redis_url, folder / f"host-{name}")
            found[name], found[f"{name}_process"] = stack.enter_context(
                gunicorn(env, name=f"host {name}"))
        stack.enter_context(process_group(
            [sys.executable, "-m", "flask", "jobs", "worker", "--workers", "2"],
            _environment(database_url, redis_url, folder / "worker"), "worker"))
        yield found


@pytest.fixture(scope="module")
def shared_hosts(postgresql_url, redis_url, tmp_path_factory):
    """Started once for the tests that leave both hosts running."""
    with _two_hosts(postgresql_url, redis_url, tmp_path_factory.mktemp("hosts")) as found:
        yield found


@pytest.fixture
def hosts(shared_hosts, app, db, redis_url):
    _forget_login_attempts(redis_url)
    yield shared_hosts
    _forget_login_attempts(redis_url)


def _forget_login_attempts(url: str) -> None:
    """Every request here comes from 127.0.0.1 (LOGIN_RATE_LIMIT=4 per minute for it):
    each test starts with none counted."""
    import redis

    server = redis.Redis.from_url(url)
    for key in server.scan_iter("LIMITS*"):
        server.delete(key)


def _token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=30)
    assert page.status_code == 200, (url, page.status_code)
    return CSRF.search(page.text).group(1)


def _signed_in(base: str, user) -> requests.Session:
    session = requests.Session()
    answer = session.post(base + "/auth/login", timeout=30, data={
        "email": user.email, "password": factories.PASSWORD,
        "csrf_token": _token(session, base + "/auth/login")}, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:300]
    return session


def _eventually(check, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def test_files_search_and_imports_cross_hosts(hosts, db, users):
    a, b = hosts["a"], hosts["b"]
    member = _signed_in(a, users["studio_member"])
    item = factories.make_achievement(users["studio_member"], "draft", title="两台主机共享附件")
    upload = member.post(f"{a}/achievements/{item.id}/attachments", timeout=30, data={
        "csrf_token": _token(member, f"{a}/achievements/{item.id}")},
        files={"file": ("检测报告.pdf", io.BytesIO(PDF), "application/pdf")})
    assert upload.ok
    db.session.rollback()
    attachment = db.session.execute(db.select(Attachment)).scalar_one()
    # The session cookie and the file both reach host B.
    got = member.get(f"{b}/achievements/{item.id}/attachments/{attachment.id}", timeout=30)
    assert got.status_code == 200 and hashlib.sha256(got.content).digest() == \
        hashlib.sha256(PDF).digest()

    # Published through host A, found by host B's search with its facet counts.
    submitted = factories.make_achievement(users["studio_member"], "submitted",
                                           title="锅炉给水泵变频节能改造方案")
    staff = _signed_in(a, users["union_staff"])
    acted = staff.post(f"{a}/achievements/{submitted.id}/action", timeout=30, data={
        "action": "publish", "csrf_token": _token(staff, f"{a}/achievements/{submitted.id}")})
    assert acted.status_code == 200
    db.session.rollback()
    assert db.session.get(Achievement, submitted.id).state.value == "published"
    link = f'href="/achievements/{submitted.id}"'
    found = _eventually(lambda: link in requests.get(f"{b}/search/?q=锅炉给水泵",
                                                     timeout=30).text)
    assert found, "host B's search never found what host A published"
    page = requests.get(f"{b}/search/?q=锅炉给水泵", timeout=30).text
    counted = '<span>{}</span><span class="badge text-bg-light border">1</span>'
    assert counted.format("制造业") in page and counted.format("通用设备制造业") in page

    # Previewed on host A, confirmed on host B: the worker imports the file A kept.
    name = users["studio_member"].name
    preview = member.post(f"{a}/achievements/import", timeout=60, data={
        "csrf_token": _token(member, f"{a}/achievements/import")},
        files={"file": ("批量.xlsx", io.BytesIO(xlsx([sample_row(i, name) for i in range(3)])),
                        "application/octet-stream")})
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview.text).group(1)
    confirmed = member.post(f"{b}/achievements/import/confirm", timeout=30,
                            data={"token": token, "csrf_token": CSRF.search(preview.text)
                                  .group(1)})
    assert confirmed.status_code == 200, confirmed.text[:300]

    def imported():
        db.session.rollback()
        return db.session.scalar(db.select(db.func.count(Achievement.id)).where(
            Achievement.title.like("输送带跑偏自动纠偏装置%"))) == 3
    assert _eventually(imported, 30), "the import confirmed on B never landed"


def test_the_login_limit_counts_across_hosts(hosts, users):
    a, b = hosts["a"], hosts["b"]
    answers = []
    for base in (a, b, a, b, a, b):  # LOGIN_RATE_LIMIT=4 per minute, for both together
        session = requests.Session()
        answers.append(session.post(base + "/auth/login", timeout=30, data={
            "email": users["enterprise"].email, "password": "wrong-password",
            "csrf_token": _token(session, base + "/auth/login")}).status_code)
    assert answers == [200, 200, 200, 200, 429, 429]


def test_payouts_raced_on_both_hosts_never_overdraw(hosts, db, users, studio):
    a, b = hosts["a"], hosts["b"]
    achievement = factories.make_achievement(users["studio_member"], "published")
    agreement = factories.make_agreement(
        users["enterprise"], achievement, users["union_staff"], "active",
        shares=[("inventor", "成员甲", 5000, users["studio_member"].id),
                ("studio_fund", "工作室基金", 5000, None)],
        approver=factories.make_user(Role.UNION_STAFF, name="审批人"))
    staff = {base: _signed_in(base, users["union_staff"]) for base in (a, b)}
    receipt = staff[a].post(f"{a}/agreements/{agreement.id}/receipts/new", timeout=30, data={
        "key": "r1", "amount": "1000", "on": "2026-11-20", "reference": "回单",
        "csrf_token": _token(staff[a], f"{a}/agreements/{agreement.id}/receipts/new")},
        allow_redirects=False)
    assert receipt.status_code == 302
    inventor = next(x for x in agreement.in_force.beneficiaries if x.name == "成员甲")
    forms = {base: _token(staff[base], f"{base}/agreements/{agreement.id}/payouts/new")
             for base in (a, b)}
    answers, start = {}, threading.Barrier(2)

    def pay(base: str, key: str):
        start.wait()
        answers[base] = staff[base].post(
            f"{base}/agreements/{agreement.id}/payouts/new", timeout=60, allow_redirects=False,
            data={"key": key, "beneficiary_id": inventor.id, "amount": "300", "on": "2026-11-21",
                  "reference": "工资卡", "csrf_token": forms[base]}).status_code

    threads = [threading.Thread(target=pay, args=(base, f"p-{n}"))
               for n, base in enumerate((a, b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # ¥500 payable: one ¥300 payout is made, the other is refused with the form again.
    assert sorted(answers.values()) == [200, 302]
    db.session.expire_all()
    shares = {s.beneficiary.name: (s.allocated, s.paid, s.payable) for s in statements.shares(
        statements.approved_beneficiaries(db.session.get(Agreement, agreement.id)))}
    assert shares["成员甲"] == (50_000, 30_000, 20_000)


@pytest.fixture
def own_hosts(app, db, postgresql_url, redis_url, tmp_path):
    """Hosts of this test alone: it kills one."""
    _forget_login_attempts(redis_url)
    with _two_hosts(postgresql_url, redis_url, tmp_path) as found:
        yield found


def test_killing_host_a_mid_request_loses_nothing_committed(own_hosts, db, users, runner):
    hosts = own_hosts
    a, b = hosts["a"], hosts["b"]
    member = _signed_in(a, users["studio_member"])
    item = factories.make_achievement(users["studio_member"], "draft")
    token = _token(member, f"{a}/achievements/{item.id}")
    first = member.post(f"{a}/achievements/{item.id}/attachments", timeout=30,
                        data={"csrf_token": token},
                        files={"file": ("一.pdf", io.BytesIO(PDF), "application/pdf")})
    assert first.ok

    def slow_body():  # a second upload whose body is still arriving when A dies
        boundary = "two-hosts-boundary"
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
               f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
               f"filename=\"二.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
        yield PDF[:100_000]
        time.sleep(5)
        yield PDF[100_000:] + f"\r\n--{boundary}--\r\n".encode()

    def send():
        try:
            member.post(f"{a}/achievements/{item.id}/attachments", data=slow_body(), timeout=30,
                        headers={"Content-Type":
                                 "multipart/form-data; boundary=two-hosts-boundary"})
        except requests.RequestException:
            pass  # the host died under it: that is the point

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(1.5)
    os.killpg(hosts["a_process"].pid, signal.SIGKILL)
    sender.join()
    db.session.rollback()
    rows = db.session.execute(db.select(Attachment)).scalars().all()
    assert [r.filename for r in rows] == ["一.pdf"]
    # Host B serves what A committed, and every stored file is whole and named by a row.
    again = member.get(f"{b}/achievements/{item.id}/attachments/{rows[0].id}", timeout=30)
    assert again.status_code == 200 and again.content == PDF
    checked = runner.invoke(args=["files", "check"])
    assert checked.exit_code == 0, checked.output
    assert runner.invoke(args=["ledger", "check"]).exit_code == 0
