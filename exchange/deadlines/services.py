"""Open, meet and check deadlines. Flush only; the caller (a request, the job runner)
commits.

Domains announce changes (exchange.signals); this module opens a deadline when someone
is expected to act, meets it when they did (or the occasion passed), and `check`, run
every few minutes by the worker, reminds who must act a day before and alerts the
mediator (else every union staff member) once it is late. Each reminder and alert is
claimed by a conditional UPDATE, so two checks at once still send one.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update

from exchange import signals
from exchange.access import belongs_to_studio
from exchange.agreements.kinds import Party, VersionState
from exchange.auth.models import User
from exchange.auth.roles import Role
from exchange.db_types import LOCAL_ZONE, utcnow
from exchange.deadlines.calendar import due_after
from exchange.deadlines.models import Deadline, DeadlineKind
from exchange.extensions import db
from exchange.inquiries.kinds import InquiryState
from exchange.jobs.registry import handler
from exchange.navigation import path_for
from exchange.notifications import services as notifications

REMIND_BEFORE = timedelta(hours=24)


def _open(key: str, kind: DeadlineKind, *, title: str, link: str, actor_ids: list[int],
          mediator_id: int | None, days: int) -> Deadline:
    """The deadline of this occasion, opened now if new (its actors and mediator kept up
    to date if it is still open)."""
    found = db.session.execute(db.select(Deadline).where(Deadline.key == key)).scalar_one_or_none()
    if found is None:
        found = Deadline(key=key, kind=kind, title=title[:200], link=link,
                         actor_ids=sorted(actor_ids), mediator_id=mediator_id,
                         due_at=due_after(utcnow(), days))
        db.session.add(found)
    elif found.met_at is None:
        found.actor_ids, found.mediator_id = sorted(actor_ids), mediator_id
    db.session.flush()
    return found


def _meet(prefix: str) -> None:
    """Every open deadline whose key starts with `prefix` is met now."""
    db.session.execute(update(Deadline).where(
        Deadline.key.startswith(prefix, autoescape=True), Deadline.met_at.is_(None))
        .values(met_at=utcnow()).execution_options(synchronize_session=False))


def _days(name: str) -> int:
    return current_app.config[name]


# --- what opens and meets deadlines ----------------------------------------------------

def _on_inquiry(inquiry, actor=None, **_extra) -> None:
    """An inquiry expects the studio's first answer; any studio message meets it."""
    key = f"inquiry:{inquiry.id}"
    studio_id = inquiry.achievement.studio_id
    if inquiry.state in (InquiryState.AGREED, InquiryState.CLOSED) or (
            actor is not None and belongs_to_studio(actor, studio_id)):
        _meet(key)
        return
    people = db.session.execute(db.select(User.id).where(
        User.studio_id == studio_id, User.active.is_(True))).scalars().all()
    _open(key, DeadlineKind.INQUIRY_ANSWER, title=inquiry.achievement.title,
          link=path_for("inquiries.detail", inquiry_id=inquiry.id), actor_ids=people,
          mediator_id=inquiry.mediator_id, days=_days("DEADLINE_INQUIRY_DAYS"))


def _on_version(version, **_extra) -> None:
    """Proposed terms await each party's acceptance; the version leaving "proposed"
    (accepted by all, withdrawn, sent back) meets what is left."""
    agreement = version.agreement
    prefix = f"acceptance:{version.id}:"
    if version.state != VersionState.PROPOSED:
        _meet(prefix)
        return
    stamp = f"{version.proposed_at.timestamp():.0f}"
    for party in Party:
        key = f"{prefix}{party.value}@{stamp}"
        if version.accepted_by(party):
            _meet(key)
            continue
        if party == Party.ENTERPRISE:
            people = db.session.execute(db.select(User.id).where(
                User.enterprise_id == agreement.enterprise_id, User.active.is_(True)))
        elif party == Party.STUDIO:
            people = db.session.execute(db.select(User.id).where(
                User.studio_id == agreement.studio_id, User.role == Role.STUDIO_LEADER,
                User.active.is_(True)))
        else:  # the mediator records the employer unit's written consent
            people = [(agreement.mediator_id,)]
        _open(key, DeadlineKind.ACCEPTANCE, title=agreement.achievement.title,
              link=path_for("agreements.detail", agreement_id=agreement.id),
              actor_ids=[row[0] for row in people], mediator_id=agreement.mediator_id,
              days=_days("DEADLINE_ACCEPTANCE_DAYS"))


def _on_review(item, kind: str, submitted: bool, **_extra) -> None:
    """A submitted achievement or need awaits union staff's review (a staff deadline)."""
    prefix = f"review:{kind}:{item.id}@"
    if not submitted:
        _meet(prefix)
        return
    endpoint, arg = (("needs.detail", "need_id") if kind == "need"
                     else ("achievements.detail", "achievement_id"))
    _open(f"{prefix}{utcnow().timestamp():.0f}", DeadlineKind.REVIEW, title=item.title,
          link=path_for(endpoint, **{arg: item.id}), actor_ids=[], mediator_id=None,
          days=_days("DEADLINE_REVIEW_DAYS"))


def init_app(app) -> None:
    signals.inquiry_changed.connect(_on_inquiry)
    signals.agreement_version_changed.connect(_on_version)
    signals.review_changed.connect(_on_review)


# --- reminders and alerts ------------------------------------------------------------

def _claim(deadline_id: int, column) -> bool:
    """Set `column` (reminded_at or alerted_at) if nobody has: True for the one caller
    that did."""
    return db.session.execute(update(Deadline).where(
        Deadline.id == deadline_id, column.is_(None)).values({column.key: utcnow()})
        .execution_options(synchronize_session=False)).rowcount == 1


def due_day(due: datetime) -> str:
    """The last day a deadline allows, as people say it (due at 00:00 means by the end
    of the day before)."""
    return (due.astimezone(LOCAL_ZONE) - timedelta(minutes=1)).date().isoformat()


def check(now: datetime | None = None) -> dict[str, int]:
    """Remind and alert what is due; returns how many of each were sent."""
    now = now or utcnow()
    sent = {"reminded": 0, "alerted": 0}
    open_ = Deadline.met_at.is_(None)
    soon = db.session.execute(db.select(Deadline).where(
        open_, Deadline.reminded_at.is_(None), Deadline.due_at > now,
        Deadline.due_at <= now + REMIND_BEFORE)).scalars().all()
    for deadline in soon:
        if _claim(deadline.id, Deadline.reminded_at):
            for user_id in deadline.actor_ids or []:
                notifications.notify(user_id, "deadline_reminder", link=deadline.link,
                                     title=deadline.title, day=due_day(deadline.due_at))
            sent["reminded"] += 1
    late = db.session.execute(db.select(Deadline).where(
        open_, Deadline.alerted_at.is_(None), Deadline.due_at <= now)).scalars().all()
    for deadline in late:
        if _claim(deadline.id, Deadline.alerted_at):
            told = [deadline.mediator_id] if deadline.mediator_id else notifications.staff_ids()
            for user_id in told:
                notifications.notify(user_id, "deadline_overdue", link=deadline.link,
                                     title=deadline.title, day=due_day(deadline.due_at))
            sent["alerted"] += 1
    db.session.flush()
    return sent


@handler("deadlines.check", minute="*/5")
def check_job() -> None:
    check()


def overdue(now: datetime | None = None):
    """Open deadlines past due, oldest first (a select; paginated by the caller)."""
    return (db.select(Deadline).where(Deadline.met_at.is_(None),
                                      Deadline.due_at <= (now or utcnow()))
            .order_by(Deadline.due_at, Deadline.id))


def overdue_counts(now: datetime | None = None) -> dict[DeadlineKind, int]:
    rows = db.session.execute(db.select(Deadline.kind, db.func.count()).where(
        Deadline.met_at.is_(None), Deadline.due_at <= (now or utcnow()))
        .group_by(Deadline.kind)).all()
    found = dict(rows)
    return {kind: found.get(kind, 0) for kind in DeadlineKind}
