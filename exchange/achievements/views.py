from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from exchange import downloads
from exchange.access import STUDIO_ROLES, get_visible
from exchange.access import achievements as access
from exchange.access import feedback as feedback_access
from exchange.access import openlicences as licence_access
from exchange.achievements import (
    attachments,
    imports,
    reading,
    services,
    spreadsheets,
    workflow,
)
from exchange.achievements.forms import (
    AchievementForm,
    ConfirmImportForm,
    FilterForm,
    ImportForm,
    UploadForm,
)
from exchange.achievements.kinds import TRL_DESCRIPTIONS, State
from exchange.achievements.models import Achievement, Attachment, ImportBatch
from exchange.auth.forms import ConfirmForm
from exchange.auth.permissions import (
    STAFF_ROLES,
    login_required,
    public,
    require,
    roles_required,
)
from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.favourites import services as favourites
from exchange.favourites.forms import ToggleForm
from exchange.feedback import services as feedback
from exchange.inputs import db_int
from exchange.inquiries import services as inquiries
from exchange.inquiries.forms import OpenForm
from exchange.jobs import services as jobs
from exchange.jobs.models import Job, JobState
from exchange.matching import funnel
from exchange.needs.models import Need
from exchange.openlicences import services as open_licences
from exchange.studios.models import Studio
from exchange.views_common import ActionForm, attempt, take_action


def _visible(achievement_id: int) -> Achievement:
    return get_visible(Achievement, achievement_id, access.can_view)


def _paginate(stmt):
    return db.paginate(stmt, per_page=current_app.config["PER_PAGE"], error_out=False)


@public
def index():
    form = FilterForm(request.args)
    filters = form.values()
    page = _paginate(services.public_list(filters))
    studio = db.session.get(Studio, int(filters["studio"])) if filters.get("studio") else None
    return render_template("achievements/index.html", page=page, form=form, studio=studio)


@public
def detail(achievement_id: int):
    achievement = _visible(achievement_id)
    open_form = OpenForm()
    # Came from a match for one of the enterprise's needs: the inquiry answers that need.
    need = request.args.get("need", type=db_int)
    enterprise = current_user.is_authenticated and current_user.role == Role.ENTERPRISE
    if need and enterprise:
        open_form.need.data = str(need)
        from_need = db.session.get(Need, need)
        if from_need is not None:
            attempt(lambda: funnel.record_opened(current_user, from_need, achievement.id))
    # One live inquiry per enterprise and achievement: link to it instead of the form.
    live_inquiry = inquiries.live_inquiry_id(current_user.enterprise_id, achievement.id) \
        if enterprise else None
    return render_template(
        "achievements/detail.html", item=achievement, trl_text=TRL_DESCRIPTIONS[achievement.trl],
        actions=workflow.available(current_user, achievement), action_form=ActionForm(),
        can_edit=access.can_edit(current_user, achievement),
        sees_history=access.can_see_history(current_user, achievement),
        can_download=access.can_download(current_user, achievement),
        upload_form=UploadForm(), confirm_form=ConfirmForm(), open_form=open_form,
        toggle_form=ToggleForm(), saved=favourites.is_saved(current_user, achievement.id),
        live_inquiry=live_inquiry,
        declaration=open_licences.shown_on(current_user, achievement),
        can_declare=licence_access.can_prepare(current_user, achievement.studio_id)
        and open_licences.eligibility_problem(achievement) is None,
        feedback=feedback.for_achievement(achievement.id)
        if feedback_access.can_read_for(current_user, achievement) else None,
    )


def _save(form: AchievementForm, studio_id: int, achievement: Achievement | None):
    if form.validate_on_submit():
        ok, saved = attempt(
            lambda: services.save(current_user, studio_id, achievement, form.clean,
                                  form.contributor_ids),
            lambda _saved: _("Draft saved. Submit it for review when it is complete."), form)
        if ok:
            return redirect(url_for("achievements.detail", achievement_id=saved.id))
    return render_template("achievements/form.html", form=form, item=achievement,
                           trl_descriptions=TRL_DESCRIPTIONS)


@roles_required(*STUDIO_ROLES)
def create():
    form = AchievementForm(services.studio_members(current_user.studio_id))
    if request.method == "GET":
        form.contributors[0].data = str(current_user.id)
        form.industry_code.data = current_user.studio.industry_code
    return _save(form, current_user.studio_id, None)


@roles_required(*STUDIO_ROLES)
def edit(achievement_id: int):
    achievement = _visible(achievement_id)
    require(access.can_edit(current_user, achievement))
    form = AchievementForm(services.studio_members(achievement.studio_id))
    if request.method == "GET":
        form.fill_from(achievement)
    return _save(form, achievement.studio_id, achievement)


@roles_required(*STUDIO_ROLES)
def delete(achievement_id: int):
    achievement = _visible(achievement_id)
    require(access.can_edit(current_user, achievement))
    if ConfirmForm().validate_on_submit():
        ok, _none = attempt(lambda: services.delete_draft(achievement),
                            lambda _result: _("Draft deleted."))
        if not ok:
            return redirect(url_for("achievements.detail", achievement_id=achievement.id))
    return redirect(url_for("achievements.studio", studio_id=current_user.studio_id))


@roles_required(*STUDIO_ROLES, *STAFF_ROLES)
def act(achievement_id: int):
    achievement = _visible(achievement_id)
    return take_action(
        workflow.apply, achievement,
        lambda state: _("Done: the item is now %(state)s.", state=state),
        url_for("achievements.review"),
        url_for("achievements.detail", achievement_id=achievement.id))


@roles_required(*STUDIO_ROLES)
def upload(achievement_id: int):
    achievement = _visible(achievement_id)
    require(access.can_edit(current_user, achievement))
    form = UploadForm()
    if form.validate_on_submit():
        attempt(lambda: attachments.store(current_user, achievement, form.file.data.stream,
                                          form.file.data.filename),
                lambda _stored: _("Attachment added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "danger")
    return redirect(url_for("achievements.detail", achievement_id=achievement.id) + "#files")


def _attachment(achievement: Achievement, attachment_id: int) -> Attachment:
    attachment = db.get_or_404(Attachment, attachment_id)
    if attachment.achievement_id != achievement.id:
        abort(404)
    return attachment


@public
def download(achievement_id: int, attachment_id: int):
    achievement = _visible(achievement_id)
    attachment = _attachment(achievement, attachment_id)
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    require(access.can_download(current_user, achievement))
    return downloads.send_upload(attachment)


@roles_required(*STUDIO_ROLES)
def remove_attachment(achievement_id: int, attachment_id: int):
    achievement = _visible(achievement_id)
    require(access.can_edit(current_user, achievement))
    attachment = _attachment(achievement, attachment_id)
    if ConfirmForm().validate_on_submit():
        attempt(lambda: attachments.remove(achievement, attachment),
                lambda _result: _("Attachment removed."))
    return redirect(url_for("achievements.detail", achievement_id=achievement.id) + "#files")


@roles_required(*STAFF_ROLES)
def review():
    form = FilterForm(request.args, sort="oldest")  # first come, first reviewed
    filters = form.values()
    page = _paginate(services.review_queue(filters))
    return render_template("achievements/review.html", page=page, form=form,
                           action_form=ActionForm(), actions=workflow.ACTIONS,
                           state=filters.get("state") or State.SUBMITTED.value)


@roles_required(*STUDIO_ROLES, *STAFF_ROLES)
def studio(studio_id: int):
    owner = db.get_or_404(Studio, studio_id)
    require(access.can_list_studio(current_user, studio_id))
    form = FilterForm(request.args)
    page = _paginate(services.studio_list(studio_id, form.values()))
    from exchange.matching.services import recent_for_studio  # matching reads achievements

    return render_template("achievements/studio.html", page=page, form=form, studio=owner,
                           counts=services.state_counts(studio_id),
                           matches=recent_for_studio(studio_id))


# --- spreadsheets ---------------------------------------------------------------------

def _spreadsheet(fmt: str, rows, stem: str, with_guide: bool = False):
    # CSV without title rows: one table whose first row is the header, as imports expect.
    return downloads.send_tables(spreadsheets.sections(rows, with_guide), stem, fmt,
                                 titles=False)


def _export(stmt, fmt: str, name: str):
    items = db.session.execute(stmt.options(*services.EXPORT_LOAD)).scalars().all()
    return _spreadsheet(fmt, [spreadsheets.row_for(a) for a in items], name)


@login_required
def export(fmt: str):
    return _export(services.public_list(FilterForm(request.args).values()), fmt, "achievements")


@roles_required(*STUDIO_ROLES, *STAFF_ROLES)
def studio_export(studio_id: int, fmt: str):
    require(access.can_list_studio(current_user, studio_id))
    stmt = services.studio_list(studio_id, FilterForm(request.args).values())
    return _export(stmt, fmt, f"studio-{studio_id}-achievements")


@roles_required(*STUDIO_ROLES, *STAFF_ROLES)
def import_template(fmt: str):
    return _spreadsheet(fmt, [], "achievements-template", with_guide=fmt == "xlsx")


@roles_required(*STUDIO_ROLES)
def import_file():
    form = ImportForm()
    if form.validate_on_submit():
        data = form.file.data.read(reading.MAX_BYTES + 1)  # more is refused unread
        try:
            result = imports.check(current_user, current_user.studio_id, data,
                                   form.file.data.filename or "")
        except spreadsheets.FileProblem as problem:
            form.file.errors = [*form.file.errors, str(problem.args[0])]
        else:
            if not result.ok:
                return render_template("achievements/import_report.html", result=result)
            _ok, token = attempt(lambda: imports.stash(data, form.file.data.filename))
            confirm = ConfirmImportForm(token=token)
            return render_template("achievements/import_preview.html", result=result,
                                   confirm_form=confirm, columns=spreadsheets.COLUMNS)
    return render_template("achievements/import.html", form=form)


def _already_imported(batch):
    flash(_("This file was already imported on %(when)s by %(name)s: %(count)d "
            "achievements, listed here as drafts.", when=format_datetime(
                batch.created_at, "short"), name=batch.actor.name,
            count=batch.row_count), "info")
    return redirect(url_for("achievements.studio", studio_id=batch.studio_id))


@roles_required(*STUDIO_ROLES)
def import_confirm():
    """The worker imports the file; the browser follows its progress page."""
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    token = form.token.data
    try:
        _ok, job = attempt(lambda: imports.start(current_user, current_user.studio_id, token))
    except imports.AlreadyImported as done:
        # Left behind when a worker stopped after its commit.
        attempt(lambda: imports.discard(token))
        return _already_imported(done.batch)
    if job is None:
        flash(_("The checked file has expired: please upload it again."), "warning")
        return redirect(url_for("achievements.import_file"))
    return redirect(url_for("achievements.import_progress", job_id=job.id))


def _import_job(job_id: int):
    """The import job of this studio member (others' imports are not found)."""
    job = db.session.get(Job, job_id)
    if job is None or job.name != "achievements.import" or \
            job.args.get("actor_id") != current_user.id:
        abort(404)
    return job


@roles_required(*STUDIO_ROLES)
def import_progress(job_id: int):
    job = _import_job(job_id)
    report = jobs.progress(imports.job_key(job)) or {}
    if report.get("phase") != "finished":
        failed = job.state == JobState.FAILED
        return render_template("achievements/import_progress.html", job=job, report=report,
                               failed=failed)
    outcome = report.get("outcome")
    if outcome == "imported":
        flash(_("%(count)d achievements imported as drafts.", count=report["count"]),
              "success")
        return redirect(url_for("achievements.studio", studio_id=current_user.studio_id))
    if outcome == "already":
        batch = db.session.get(ImportBatch, report["batch_id"])
        return _already_imported(batch)
    if outcome == "expired":
        flash(_("The checked file has expired: please upload it again."), "warning")
        return redirect(url_for("achievements.import_file"))
    return render_template("achievements/import_report.html", result=None, report=report)


@roles_required(*STUDIO_ROLES)
def import_status(job_id: int):
    job = _import_job(job_id)
    report = jobs.progress(imports.job_key(job)) or {}
    return jsonify(phase=report.get("phase", "waiting"), done=report.get("done", 0),
                   total=report.get("total", 0), failed=job.state == JobState.FAILED,
                   finished=report.get("phase") == "finished")
