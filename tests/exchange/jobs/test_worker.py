"""The real worker (`flask jobs worker`, as `make run` starts it) against the test
database: on the embedded queue (a SQLite file) and on Redis (a throwaway redis-server).
A mail asked for by a request reaches a real SMTP server; a mail to a dead server is
retried with backoff and then shown to admins."""
from __future__ import annotations

import time

import pytest

from exchange.auth.roles import Role
from exchange.jobs.models import Job, JobState
from exchange.mail import services as mail
from tests.conftest import DATABASES
from tests.support import factories
from tests.support.servers import free_port, smtp_server, throwaway_redis, worker

QUEUES = ["sqlite", "redis"]


@pytest.fixture
def database_url(request):
    """One database engine: what varies here is the queue (the job runner's SQL is the
    app's, run on both engines by tests/exchange/jobs/test_jobs.py)."""
    return request.getfixturevalue(f"{DATABASES[0]}_url")


@pytest.fixture(scope="module")
def redis_url():
    with throwaway_redis() as url:
        yield url


@pytest.fixture(params=QUEUES)
def app_config(request, tmp_path_factory):
    config = {"JOBS_EAGER": False, "JOB_ATTEMPTS": 2, "JOB_RETRY_DELAY": 1,
              "JOBS_QUEUE_NAME": f"test-{request.param}"}
    if request.param == "redis":
        config["REDIS_URL"] = request.getfixturevalue("redis_url")
    return config


def _wait_for(db, job_id: int, states, timeout: float = 30.0) -> Job:
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        job = db.session.get(Job, job_id)
        if job.state in states or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


def test_the_worker_sends_a_mail_asked_for_by_a_commit(app, db):
    user = factories.make_user(Role.ENTERPRISE)
    with smtp_server() as (host, port, inbox):
        with worker(app, MAIL_SERVER=host, MAIL_PORT=str(port)):
            stored = mail.queue(user, "password_changed", when="2026-12-03 08:00")
            db.session.commit()
            job = db.session.execute(db.select(Job).where(
                Job.key == f"mail:{stored.id}")).scalar_one()
            assert _wait_for(db, job.id, {JobState.DONE}).state == JobState.DONE
            received = inbox.wait_for(1)
    assert len(received) == 1 and received[0]["To"] == user.email
    assert "密码" in received[0]["Subject"]


def test_a_failing_mail_is_retried_then_failed_for_admins(app, db, client_for):
    user = factories.make_user(Role.ENTERPRISE)
    with worker(app, MAIL_SERVER="127.0.0.1", MAIL_PORT=str(free_port()),
                MAIL_TIMEOUT="2"):
        stored = mail.queue(user, "password_changed", when="2026-12-03 08:00")
        db.session.commit()
        job_id = db.session.execute(db.select(Job.id).where(
            Job.key == f"mail:{stored.id}")).scalar_one()
        job = _wait_for(db, job_id, {JobState.FAILED})
    assert job.state == JobState.FAILED and job.attempts == 2
    assert "ConnectionRefusedError" in job.last_error
    # The second attempt came after huey's retry delay (JOB_RETRY_DELAY), not at once.
    assert (job.started_at - job.created_at).total_seconds() >= 1
    page = client_for("admin").get("/admin/jobs").get_data(as_text=True)
    assert "mail.send" in page and "ConnectionRefusedError" in page


def test_the_worker_applies_the_index_outbox_and_runs_matching(app, db, users):
    """Publishing leaves the index to the worker (the request never takes its lock)."""
    from exchange.search.backend import get_backend
    from search_index.schema import Query

    with worker(app):
        item = factories.make_achievement(users["studio_member"], "published")
        db.session.commit()
        deadline = time.monotonic() + 30
        while get_backend("achievements").search(Query(item.title)).total == 0:
            assert time.monotonic() < deadline, "the worker did not drain the outbox"
            time.sleep(0.2)
        job = db.session.execute(db.select(Job).where(
            Job.name == "matching.announce_achievement")).scalar_one()
        assert _wait_for(db, job.id, {JobState.DONE}).state == JobState.DONE
