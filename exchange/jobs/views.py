"""The dead letters: jobs that failed every attempt, for administrators to read, send
again or discard; with the counts of the queue's states."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exchange.auth.permissions import roles_required
from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.jobs import services
from exchange.jobs.forms import JobActionForm
from exchange.jobs.models import Job, JobState
from exchange.views_common import attempt


@roles_required(Role.ADMIN)
def failed():
    page = db.paginate(services.failed(), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    return render_template("admin/jobs.html", page=page, counts=services.counts(),
                           form=JobActionForm())


def _failed_job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.state != JobState.FAILED:
        abort(404)
    return job


@roles_required(Role.ADMIN)
def retry(job_id: int):
    job = _failed_job(job_id)
    if JobActionForm().validate_on_submit():
        attempt(lambda: services.retry(current_user, job), lambda _r: _("The job was sent again."))
    return redirect(url_for("jobs.failed"))


@roles_required(Role.ADMIN)
def discard(job_id: int):
    job = _failed_job(job_id)
    if JobActionForm().validate_on_submit():
        attempt(lambda: services.discard(current_user, job), lambda _r: _("The job was discarded."))
    return redirect(url_for("jobs.failed"))
