"""Jobs are rows first: asked for inside a change, sent after its commit, run once, and
retried until an admin sees them among the failed ones."""
from __future__ import annotations

import pytest

from exchange.auth.roles import Role
from exchange.extensions import db as _db
from exchange.jobs import registry, services
from exchange.jobs.models import Job, JobState
from exchange.mail import services as mail
from exchange.mail.models import Mail
from tests.support import factories

CALLS: list[dict] = []


@registry.handler("tests.record")
def _record(**args):
    CALLS.append(args)


@registry.handler("tests.explode")
def _explode(**_args):
    raise RuntimeError("the remote end is down")


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()
    yield
    CALLS.clear()


@pytest.fixture
def app_config():
    # Not eager: these tests decide when the queue runs (the "worker" is services.run).
    return {"JOBS_EAGER": False, "JOB_ATTEMPTS": 3, "JOB_RETRY_DELAY": 1}


@pytest.fixture
def sent(app, monkeypatch):
    """The ids handed to the queue after commits (instead of huey)."""
    ids: list[int] = []
    monkeypatch.setattr(app.extensions["jobs"], "send", ids.append)
    return ids


def test_a_job_asked_for_by_a_change_that_rolls_back_never_runs(db, sent):
    services.enqueue("tests.record", value=1)
    db.session.rollback()
    db.session.commit()  # a later commit of the same session sends nothing either
    assert sent == [] and CALLS == []
    assert db.session.execute(db.select(Job)).first() is None


def test_a_committed_job_is_sent_once_after_the_commit_and_runs_once(db, sent):
    job = services.enqueue("tests.record", value=2)
    assert sent == []  # not before the commit: the worker could not see the row yet
    db.session.commit()
    assert sent == [job.id]
    assert services.run(job.id) is True
    assert services.run(job.id) is False  # delivered twice: the second finds it done
    assert CALLS == [{"value": 2}]
    db.session.refresh(job)
    assert job.state == JobState.DONE and job.attempts == 1


def test_a_key_asks_for_one_job_however_often_it_is_asked(db, sent):
    first = services.enqueue("tests.record", key="digest:1:2026-12-03", value=3)
    db.session.commit()
    again = services.enqueue("tests.record", key="digest:1:2026-12-03", value=3)
    db.session.commit()
    assert again.id == first.id and sent == [first.id]


def test_a_failing_job_is_retried_then_failed_and_shown_to_admins(app, db, sent, client_for):
    job = services.enqueue("tests.explode")
    db.session.commit()
    for attempt in (1, 2):
        with pytest.raises(services.JobFailed):
            services.run(job.id)  # huey retries (with backoff) on this exception
        db.session.refresh(job)
        assert job.state == JobState.PENDING and job.attempts == attempt
    assert services.run(job.id) is False  # the last attempt: no more retries
    db.session.refresh(job)
    assert job.state == JobState.FAILED and "the remote end is down" in job.last_error
    page = client_for("admin").get("/admin/jobs").get_data(as_text=True)
    assert "tests.explode" in page and "the remote end is down" in page
    assert client_for("union_staff").get("/admin/jobs").status_code == 403
    # Sent again by an admin: pending with its attempts counted afresh, queued once.
    assert client_for("admin").post(f"/admin/jobs/{job.id}/retry").status_code == 302
    db.session.refresh(job)
    assert job.state == JobState.PENDING and job.attempts == 0 and sent[-1] == job.id
    from exchange.audit.models import AuditEntry

    assert db.session.execute(db.select(AuditEntry.action).where(
        AuditEntry.target_kind == "job")).scalars().all() == ["job.retried"]


def test_retries_wait_longer_each_time(app):
    with app.app_context():
        assert [services.retry_delay(n) for n in (1, 2, 3, 4)] == [1, 2, 4, 8]


def test_the_handlers_changes_and_its_done_commit_together(db, sent):
    """A handler that wrote and then failed leaves nothing: run again, it writes once."""
    user = factories.make_user(Role.UNION_STAFF)
    _db.session.commit()
    calls = {"n": 0}

    @registry.handler("tests.write_then_fail")
    def write_then_fail(user_id):
        mail.queue(_db.session.get(type(user), user_id), "password_changed", when="now")
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("crashed after writing")

    job = services.enqueue("tests.write_then_fail", user_id=user.id)
    db.session.commit()
    with pytest.raises(services.JobFailed):
        services.run(job.id)
    assert db.session.execute(db.select(Mail)).first() is None
    services.run(job.id)
    assert len(db.session.execute(db.select(Mail)).all()) == 1


def test_the_sweep_sends_again_what_the_queue_lost(app, db, sent):
    job = services.enqueue("tests.record", value=4)
    db.session.commit()
    sent.clear()  # the message was lost with the queue
    job.run_after = job.run_after.replace(year=2000)
    db.session.commit()
    services.sweep()
    db.session.commit()
    assert sent == [job.id]
    services.run(job.id)
    assert CALLS == [{"value": 4}]


def test_sending_a_mail_twice_sends_it_once(app, db, sent):
    user = factories.make_user(Role.UNION_STAFF)
    stored = mail.queue(user, "password_changed", when="2026-12-03 08:00")
    db.session.commit()
    job_id = sent[-1]
    services.run(job_id)
    services.run(job_id)  # the same job delivered twice
    mail.send(stored.id)  # and the handler called once more by hand
    db.session.commit()
    outbox = app.extensions["mailman"].outbox
    assert [m.to for m in outbox] == [[user.email]]


def test_a_sent_reset_mail_keeps_no_copy_of_its_link(app, db, sent, users):
    from exchange.auth import account_mail

    account_mail.request_reset(users["enterprise"].email)
    db.session.commit()
    services.run(sent[-1])
    stored = db.session.execute(db.select(Mail)).scalar_one()
    assert stored.sent_at is not None and "/auth/password/reset/" not in stored.text_body
    assert app.extensions["mailman"].outbox[0].body.count("/auth/password/reset/") == 1
