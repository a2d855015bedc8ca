"""`flask jobs worker` runs the queue's consumer (make run starts it beside gunicorn);
`flask jobs run-pending` runs what waits, here and now (an operator's hand crank)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from exchange.extensions import db
from exchange.jobs import services
from exchange.jobs.models import Job, JobState

jobs_cli = AppGroup("jobs", help="Background jobs.")


@jobs_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Worker threads.")
def worker_command(workers):
    """Run jobs as they come, and the periodic ones on their schedule (no cron needed)."""
    current_app.extensions["jobs"].consumer(workers=workers).run()


@jobs_cli.command("run-pending")
def run_pending_command():
    """Run every job that waits now, in this process."""
    ids = db.session.execute(db.select(Job.id).where(Job.state == JobState.PENDING)
                             .order_by(Job.id)).scalars().all()
    ran = 0
    for job_id in ids:
        try:
            ran += services.run(job_id)
        except services.JobFailed as error:
            click.echo(f"{error}; it will be retried", err=True)
    click.echo(f"ran {ran} of {len(ids)} waiting jobs")


@jobs_cli.command("status")
def status_command():
    """How many jobs wait, run, are done or failed."""
    for state, count in services.counts().items():
        click.echo(f"{state.value}: {count}")
