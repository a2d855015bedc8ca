"""The two-step import: check an upload and keep it, then import it on confirmation.

The file waits in the file store (instance/imports, or the database on the server profile,
where the confirmation may reach another host) between the preview and the confirmation,
so the confirmation re-checks exactly what was previewed (the database may have changed
since).
A confirmation is consumed in the same transaction as the rows it imports: its key goes
into import_batches, whose unique index makes a replay, a double click or a retry after
a crash find the first import instead of making a second (Trust rule: exactly once).
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from exchange.achievements import services, spreadsheets
from exchange.achievements.models import ImportBatch
from exchange.extensions import db
from exchange.jobs import services as jobs
from exchange.jobs.registry import handler
from exchange.services_base import DomainError, insert_once
from exchange.storage.services import expired
from exchange.storage.services import store as file_store

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
KEEP = timedelta(hours=24)
AREA = "imports"
SUFFIXES = (".xlsx", ".csv")
PATENT_COLUMN = spreadsheets.HEADER["patent_number"]


class AlreadyImported(Exception):
    """This confirmation was imported before; `batch` is that import."""

    def __init__(self, batch: ImportBatch):
        super().__init__(batch.id)
        self.batch = batch


def check(actor, studio_id: int, data: bytes, filename: str) -> spreadsheets.ImportResult:
    table = spreadsheets.read_table(data, filename)
    result = spreadsheets.check(table, services.members_by_name(studio_id),
                                services.industry_codes())
    _refuse_taken_patents(actor, result)
    return result


def _refuse_taken_patents(actor, result: spreadsheets.ImportResult) -> None:
    """One patent, one live achievement: a number already on one, or twice in the file,
    is an error on its row naming the other."""
    holders = services.patent_holders(values["patent_number"] for _, values, _ in result.rows)
    first_line: dict[str, int] = {}
    kept = []
    for line, values, contributor_ids in result.rows:
        number = values["patent_number"]
        if number in holders:
            problem = services.patent_taken(actor, holders[number])
        elif number in first_line:
            problem = _l("Line %(line)d of this file has the same application number.",
                         line=first_line[number])
        else:
            if number:
                first_line[number] = line
            kept.append((line, values, contributor_ids))
            continue
        result.errors.append(spreadsheets.RowError(line, PATENT_COLUMN, str(problem)))
    result.rows = kept
    result.errors.sort(key=lambda error: error.line)


def stash(data: bytes, filename: str) -> str:
    """Keep a checked file until its confirmation: its token (flushes; the caller
    commits)."""
    _forget_old()
    token = secrets.token_urlsafe(24)
    suffix = ".xlsx" if data.startswith(b"PK\x03\x04") else ".csv"
    file_store().put(AREA, token + suffix, data)
    return token


def _stored(token: str) -> str | None:
    """The stored file name of a token's file, if it is still kept."""
    files = file_store()
    return next((token + s for s in SUFFIXES if files.size(AREA, token + s) is not None),
                None)


def _key(token: str) -> str:
    # The token is a secret handed to one browser; the database keeps only its hash.
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def batch_for(token: str) -> ImportBatch | None:
    return db.session.execute(db.select(ImportBatch).where(
        ImportBatch.key == _key(token))).scalar_one_or_none()


def run(actor, studio_id: int, token: str, progress=None):
    """Re-check and import a stashed file in the caller's transaction: (created
    achievements, result), or (None, None) when there is no such file. Raises
    AlreadyImported when this confirmation was imported before (or is being imported by a
    concurrent request, which this one waits for), DomainError when a patent number was
    taken meanwhile. On a refused file, the caller rolls back (the batch row goes too)."""
    if not TOKEN.match(token or ""):
        return None, None
    earlier = batch_for(token)
    if earlier is not None:
        raise AlreadyImported(earlier)
    name = _stored(token)
    if name is None:
        return None, None
    batch = ImportBatch(key=_key(token), studio_id=studio_id, actor_id=actor.id)
    refused = insert_once(batch)  # a concurrent confirmation waits here for our commit
    if refused is not None:
        earlier = batch_for(token)
        if earlier is None:
            raise refused
        raise AlreadyImported(earlier)
    result = check(actor, studio_id, file_store().read(AREA, name), name)
    created = (services.create_many(actor, studio_id, result.rows, progress=progress)
               if result.ok else [])
    batch.row_count = len(created)
    db.session.flush()
    return created, result


# --- the import as a job: the request asks, the worker imports, the page follows --------

def start(actor, studio_id: int, token: str):
    """Ask the worker to import a checked file: the job (one per confirmation, so a double
    click or a replay asks for the same one), or None when the file has expired. Raises
    AlreadyImported when this confirmation was imported before."""
    if not TOKEN.match(token or ""):
        return None
    earlier = batch_for(token)
    if earlier is not None:
        raise AlreadyImported(earlier)
    if _stored(token) is None:
        return None
    return jobs.enqueue("achievements.import", key=f"import:{_key(token)}",
                        actor_id=actor.id, studio_id=studio_id, token=token)


def job_key(job) -> str:
    return job.key.removeprefix("import:")


@handler("achievements.import")
def import_job(actor_id: int, studio_id: int, token: str) -> None:
    """The worker's side of `start`: check again, import in one transaction, and report
    the progress and then the outcome (imported, refused with its rows' problems,
    expired, or imported before) for the page that polls it."""
    from exchange.auth.models import User

    key = _key(token)
    actor = db.session.get(User, actor_id)
    jobs.report(key, phase="checking", done=0, total=0)
    try:
        with db.session.begin_nested() as savepoint:
            created, result = run(actor, studio_id, token,
                                  progress=lambda done, total: jobs.report(
                                      key, phase="importing", done=done, total=total))
            if result is not None and not result.ok:
                savepoint.rollback()
    except AlreadyImported as earlier:
        jobs.report(key, phase="finished", outcome="already", batch_id=earlier.batch.id)
        return
    except DomainError as error:
        jobs.report(key, phase="finished", outcome="refused", errors=[],
                    message=_in_language(actor, error.message), good=0)
        return
    if result is None:
        jobs.report(key, phase="finished", outcome="expired")
    elif not result.ok:
        jobs.report(key, phase="finished", outcome="refused", good=len(result.rows),
                    errors=[{"line": e.line, "column": e.column,
                             "message": _in_language(actor, e.message)}
                            for e in result.errors[:MAX_REPORTED]])
    else:
        db.session.flush()
        jobs.report(key, phase="finished", outcome="imported", count=len(created),
                    done=len(created), total=len(created))
        discard(token)


MAX_REPORTED = 500  # problems kept for the report page (it shows the first 500)


def _in_language(actor, message) -> str:
    from flask_babel import force_locale

    with force_locale(getattr(actor, "locale", None)
                      or current_app.config["BABEL_DEFAULT_LOCALE"]):
        return str(message)


def discard(token: str) -> None:
    if not TOKEN.match(token or ""):
        return
    name = _stored(token)
    if name is not None:
        file_store().delete(AREA, name)


def _forget_old() -> None:
    files = file_store()
    for name in expired(AREA, KEEP):
        files.delete(AREA, name)
