"""Enqueue jobs inside a change, send them after its commit, run them exactly once.

`enqueue()` adds a job row to the current transaction (and only flushes); the session's
after_commit hands the new rows' ids to huey, after_rollback forgets them, so a job asked
for by a change that rolled back never runs (the outbox pattern the search index uses;
Indico queues e-mail the same way). The worker's `run()` claims a row with a conditional
UPDATE, runs its handler and marks it done in the handler's transaction: a second
delivery of the same id finds it taken or done and does nothing. A failure rolls the
handler's changes back, counts the attempt and leaves the row for huey's retry (with
backoff), until the last attempt marks it failed for an admin to look at.
"""
from __future__ import annotations

import logging
import traceback
from datetime import timedelta

from flask import current_app, has_app_context
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import and_, event, or_, update

from exchange.audit import services as audit
from exchange.db_types import utcnow
from exchange.extensions import db
from exchange.jobs.models import Job, JobState
from exchange.jobs.registry import HANDLERS, handler
from exchange.services_base import insert_once

log = logging.getLogger(__name__)
NEW_JOBS = "jobs_new_ids"


class JobFailed(Exception):
    """A job's handler raised; the worker retries it later (huey's backoff)."""


def enqueue(name: str, key: str | None = None, after: timedelta | None = None,
            **args) -> Job:
    """Ask for `name(**args)` to run once this transaction commits (or, with `after`, that
    long after: the sweep sends it when it is due). With a `key`, asking again (in this or
    a later transaction) gives the existing job instead of a second."""
    if name not in HANDLERS:
        raise ValueError(f"no job handler {name!r}")
    if key is not None:
        existing = _by_key(key)
        if existing is not None:
            return existing
    now = utcnow()
    job = Job(name=name, key=key, args=args, state=JobState.PENDING, created_at=now,
              run_after=now + (after or timedelta()))
    refused = insert_once(job)  # a concurrent twin with the key is refused here
    if refused is not None:
        existing = _by_key(key) if key is not None else None
        if existing is None:
            raise refused
        return existing
    if after is None:
        _send_after_commit([job.id])
    return job


def _send_after_commit(ids: list[int]) -> None:
    """These job ids go to the queue when this transaction commits (_after_commit)."""
    db.session.info.setdefault(NEW_JOBS, []).extend(ids)


def _by_key(key: str) -> Job | None:
    return db.session.execute(db.select(Job).where(Job.key == key)).scalar_one_or_none()


def _after_commit(session) -> None:
    if session.in_nested_transaction():
        return
    ids = session.info.pop(NEW_JOBS, None)
    if ids and has_app_context():
        dispatch(ids)


def _after_soft_rollback(session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(NEW_JOBS, None)


def dispatch(ids: list[int]) -> None:
    """Hand committed jobs to the queue; with JOBS_EAGER (tests, a one-process demo) run
    them here, each in a fresh app context (so with a session of its own)."""
    app = current_app._get_current_object()
    if app.config.get("JOBS_EAGER"):
        for job_id in ids:
            with app.app_context():
                run(job_id, raise_errors=True)
        return
    queue = app.extensions["jobs"]
    for job_id in ids:
        try:
            queue.send(job_id)
        except Exception:  # the queue is down: the sweep sends it once it is back
            log.exception("job %s could not be queued; the sweep will send it", job_id)


def kick(name: str) -> None:
    """After a commit: run the idempotent handler `name` soon (see Queue.kick); with
    JOBS_EAGER, here and now."""
    if name not in HANDLERS:
        raise ValueError(f"no job handler {name!r}")
    app = current_app._get_current_object()
    if app.config.get("JOBS_EAGER"):
        with app.app_context():  # a session of its own: the committing one is done
            run_idempotent(name)
        return
    try:
        app.extensions["jobs"].kick(name)
    except Exception:
        log.exception("%s could not be queued; the sweep runs it within a minute", name)


def run_idempotent(name: str) -> None:
    """A kicked or periodic handler (no job row): run it and commit what it changed."""
    try:
        HANDLERS[name]()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def run(job_id: int, raise_errors: bool = False) -> bool:
    """Run one job once: claim it, run its handler, commit both. Returns whether it ran.
    A failure raises JobFailed while attempts are left (the queue retries it)."""
    now = utcnow()
    claimed = db.session.execute(
        update(Job).where(Job.id == job_id, Job.state == JobState.PENDING)
        .values(state=JobState.RUNNING, started_at=now, attempts=Job.attempts + 1)
    ).rowcount
    db.session.commit()
    if claimed != 1:
        return False
    job = db.session.get(Job, job_id)
    try:
        HANDLERS[job.name](**job.args)
        job.state = JobState.DONE
        job.finished_at = utcnow()
        db.session.commit()
        return True
    except Exception as error:
        db.session.rollback()
        last = _record_failure(job_id, error)
        if raise_errors:
            raise
        if not last:
            raise JobFailed(f"job {job_id} ({job.name}) failed") from error
        log.error("job %s (%s) failed for the last time", job_id, job.name)
        return False


def _record_failure(job_id: int, error: Exception) -> bool:
    """Count the failed attempt; returns True when it was the last one."""
    job = db.session.get(Job, job_id)
    limit = current_app.config["JOB_ATTEMPTS"]
    last = job.attempts >= limit
    job.state = JobState.FAILED if last else JobState.PENDING
    job.run_after = utcnow() + timedelta(seconds=retry_delay(job.attempts))
    job.last_error = "".join(traceback.format_exception(error))[-4000:]
    if last:
        job.finished_at = utcnow()
    db.session.commit()
    return last


def report(key: str, **progress) -> None:
    """Progress (or the outcome) of a long job, for the page that polls it. Kept in the
    queue's storage, not the database: a job's own transaction holds SQLite's write lock
    until it ends, and what is reported must be seen before that."""
    current_app.extensions["jobs"].huey.put(f"progress:{key}", progress)


def progress(key: str) -> dict | None:
    return current_app.extensions["jobs"].huey.get(f"progress:{key}", peek=True)


def retry_delay(attempt: int) -> int:
    """Seconds before the next attempt: doubling, as huey's retry_backoff=2 waits."""
    return current_app.config["JOB_RETRY_DELAY"] * 2 ** max(attempt - 1, 0)


def failed():
    """The dead letters, newest first (a select statement, paginated by the caller)."""
    return (db.select(Job).where(Job.state == JobState.FAILED)
            .order_by(Job.finished_at.desc(), Job.id.desc()))


def counts() -> dict[JobState, int]:
    rows = db.session.execute(db.select(Job.state, db.func.count()).group_by(Job.state))
    found = dict(rows.all())
    return {state: found.get(state, 0) for state in JobState}


def retry(actor, job: Job) -> None:
    """An admin sends a failed job again, with its attempts counted afresh."""
    if job.state != JobState.FAILED:
        return
    audit.record(actor, "job.retried", "job", job.id, before={"attempts": job.attempts},
                 after={"name": job.name, "args": job.args})
    job.state = JobState.PENDING
    job.attempts = 0
    job.run_after = utcnow()
    job.finished_at = None
    db.session.flush()
    _send_after_commit([job.id])


def discard(actor, job: Job) -> None:
    if job.state == JobState.FAILED:
        audit.record(actor, "job.discarded", "job", job.id,
                     before={"name": job.name, "args": job.args,
                             "error": job.last_error.strip().splitlines()[-1:]})
        db.session.delete(job)
        db.session.flush()


def sweep() -> int:
    """Send again what the queue may have lost: jobs waiting past their time (a message
    lost with a queue, a worker that died before it claimed them) and jobs left running by
    a worker that died. Returns how many were sent."""
    now = utcnow()
    grace = timedelta(seconds=current_app.config["JOB_SWEEP_GRACE"])
    stuck = timedelta(seconds=current_app.config["JOB_TIMEOUT"])
    db.session.execute(update(Job).where(Job.state == JobState.RUNNING,
                                         Job.started_at < now - stuck)
                       .values(state=JobState.PENDING, run_after=now))
    # Lost: waiting past their time and the grace. Delayed (asked for later): now due.
    ids = list(db.session.execute(db.select(Job.id).where(
        Job.state == JobState.PENDING,
        or_(Job.run_after < now - grace,
            and_(Job.run_after <= now, Job.run_after > Job.created_at, Job.attempts == 0)))
        .order_by(Job.id).limit(1000)).scalars())
    _send_after_commit(ids)
    return len(ids)


@handler("jobs.sweep", minute="*")
def sweep_and_purge() -> None:
    sweep()
    purge()


def purge(days: int = 7) -> None:
    """Done jobs older than this are history: delete them."""
    db.session.execute(db.delete(Job).where(Job.state == JobState.DONE,
                                            Job.finished_at < utcnow() - timedelta(days=days)))


def init_app(app) -> None:
    from exchange.jobs import queue

    if not event.contains(FlaskSession, "after_commit", _after_commit):
        event.listen(FlaskSession, "after_commit", _after_commit)
        event.listen(FlaskSession, "after_soft_rollback", _after_soft_rollback)
    app.extensions["jobs"] = queue.Queue(app)
