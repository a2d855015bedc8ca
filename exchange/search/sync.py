"""Outbox sync: index changes ride in the same transaction as the data they follow.

after_flush writes one outbox row per touched achievement or need with the flush's own
connection, so the row commits or rolls back with the change. after_commit asks the
worker (jobs.kick) to apply the outbox to the indexes (one per kind, told apart by the
document id's prefix) in a fresh session, under each backend's inter-process lock; the
periodic drain each minute catches a lost message. A drain that finds the lock taken (a
rebuild holds it for minutes) leaves the rows, which the lock's holder looks for once it
lets go. A failure is logged and leaves the rows for the next drain or `flask
search-index sync`.
"""
from __future__ import annotations

import logging

from flask import current_app, has_app_context
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from exchange.achievements.models import Achievement, AchievementMode, Contributor
from exchange.extensions import db
from exchange.jobs import services as jobs
from exchange.jobs.registry import handler
from exchange.needs.models import Need, NeedMode
from exchange.search import documents
from exchange.search.models import SearchOutbox
from exchange.studios.models import Studio
from search_index.schema import LockBusy

log = logging.getLogger(__name__)
DIRTY = "search_outbox_dirty"
BATCH = 1000
LOCK_WAIT = 0.05  # seconds a request tries the index lock before leaving its rows
RELOOKS = 3  # drains of one index in a row while rows keep arriving


def _touched(session: Session) -> set[str]:
    ids: set[int] = set()
    need_ids: set[int] = set()
    studio_ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Achievement) and obj.id is not None:
            ids.add(obj.id)
        elif isinstance(obj, AchievementMode | Contributor) and obj.achievement_id:
            ids.add(obj.achievement_id)
        elif isinstance(obj, Need) and obj.id is not None:
            need_ids.add(obj.id)
        elif isinstance(obj, NeedMode) and obj.need_id:
            need_ids.add(obj.need_id)
        elif isinstance(obj, Studio) and obj.id is not None and obj in session.dirty:
            studio_ids.add(obj.id)
    if studio_ids:  # a renamed studio or one that moved district changes its documents
        ids.update(session.execute(select(Achievement.id).where(
            Achievement.studio_id.in_(studio_ids))).scalars())
    return ({documents.doc_id(i) for i in ids}
            | {documents.need_doc_id(i) for i in need_ids})


def _after_flush(session: Session, _context) -> None:
    doc_ids = _touched(session)
    if doc_ids:
        session.connection().execute(insert(SearchOutbox),
                                     [{"doc_id": d} for d in sorted(doc_ids)])
        session.info[DIRTY] = True


def _after_commit(session: Session) -> None:
    # SQLAlchemy calls this on releasing a SAVEPOINT too: the rows are not committed yet
    # (and on SQLite the drain's own connection would wait on this one's write lock).
    if session.in_nested_transaction():
        return
    if session.info.pop(DIRTY, False) and has_app_context():
        # The worker applies the rows (the request never touches the index lock);
        # the periodic sweep drains too, should this message be lost.
        jobs.kick("search.drain")


def _after_soft_rollback(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:  # a SAVEPOINT's rollback keeps what came before
        session.info.pop(DIRTY, None)


def drain(raise_errors: bool = False, wait: bool = True) -> int:
    """Apply every outbox row to its index; returns how many rows were applied.

    wait=False (after a request's commit) tries each index's lock for LOCK_WAIT seconds
    only: while a rebuild or another drain holds it, the rows stay in the outbox for the
    holder's final look, the next drain or `flask search-index sync`."""
    applied = 0
    try:
        for kind in documents.KINDS.values():
            applied += _drain_kind(kind, None if wait else LOCK_WAIT)
    except Exception:
        if raise_errors:
            raise
        log.exception("search index sync failed; `flask search-index sync` will retry")
    return applied


@handler("search.drain", minute="*")
def drain_job() -> None:
    """In the worker (and, with JOBS_EAGER, right after the commit): apply the outbox."""
    drain(wait=not current_app.config.get("JOBS_EAGER"))


def _drain_kind(kind: documents.IndexKind, timeout: float | None) -> int:
    from exchange.search.backend import get_backend

    backend = get_backend(kind.name)
    applied = 0
    mine = SearchOutbox.doc_id.startswith(kind.prefix, autoescape=True)
    for _ in range(RELOOKS):
        try:
            with backend.lock(timeout=timeout):
                applied += _apply(kind, backend, mine)
        except LockBusy:
            log.info("%s index locked: outbox rows left for the next drain", kind.name)
            return applied
        # A request that committed while we held the lock found it busy and left its rows
        # to us: look once more now that the lock is free.
        with Session(db.engine) as session:
            if session.execute(select(SearchOutbox.id).where(mine).limit(1)).first() is None:
                break
    return applied


def _apply(kind: documents.IndexKind, backend, mine) -> int:
    applied = 0
    with Session(db.engine) as session:
        while True:
            rows = session.execute(select(SearchOutbox.id, SearchOutbox.doc_id).where(mine)
                                   .order_by(SearchOutbox.id).limit(BATCH)).all()
            if not rows:
                break
            wanted = {int(d.removeprefix(kind.prefix)) for _, d in rows}
            docs = list(kind.documents(session, sorted(wanted)))
            backend.upsert(docs)
            backend.delete(sorted({f"{kind.prefix}{i}" for i in wanted} - {d.id for d in docs}))
            session.execute(delete(SearchOutbox).where(
                SearchOutbox.id.in_([row_id for row_id, _ in rows])))
            session.commit()
            applied += len(rows)
    return applied


def init_app(app) -> None:
    # Flask-SQLAlchemy sessions of every app share the class: listen once per process.
    if not event.contains(FlaskSession, "after_flush", _after_flush):
        event.listen(FlaskSession, "after_flush", _after_flush)
        event.listen(FlaskSession, "after_commit", _after_commit)
        event.listen(FlaskSession, "after_soft_rollback", _after_soft_rollback)
    app.extensions.setdefault("search_backends", {})
