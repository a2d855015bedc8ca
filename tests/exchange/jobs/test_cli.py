"""`flask jobs status` and `flask jobs run-pending`: an operator's view and hand crank."""
from __future__ import annotations

import pytest

from exchange.jobs import services
from exchange.jobs.models import Job, JobState
from tests.exchange.jobs.test_jobs import CALLS  # noqa: F401  (registers tests.record)


@pytest.fixture
def app_config():
    return {"JOBS_EAGER": False}


def test_status_counts_and_run_pending_runs_what_waits(app, db, runner, monkeypatch):
    monkeypatch.setattr(app.extensions["jobs"], "send", lambda _id: None)  # no queue here
    services.enqueue("tests.record", value=7)
    services.enqueue("tests.explode")
    db.session.commit()
    assert "pending: 2" in runner.invoke(args=["jobs", "status"]).output
    result = runner.invoke(args=["jobs", "run-pending"])
    assert "ran 1 of 2 waiting jobs" in result.output and "will be retried" in result.output
    db.session.rollback()
    states = sorted(j.state for j in db.session.execute(db.select(Job)).scalars())
    assert states == sorted([JobState.DONE, JobState.PENDING])
