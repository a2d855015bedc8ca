"""The activity log and the yearly targets: access, rules, changes, queries.

Flush only; the request commits. Every change checks access first (Refused, which
the view answers with 403), then the rules (DomainError naming the form field).
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func
from sqlalchemy.orm import joinedload

from exchange.access import belongs_to_studio
from exchange.access.programme import (
    can_change,
    can_set_targets,
    can_verify,
    can_view,
    sees_every_studio,
)
from exchange.db_types import local_today, utcnow
from exchange.extensions import db
from exchange.programme import figures
from exchange.programme.kinds import ActivityKind
from exchange.programme.models import DEFAULT_TARGETS, Activity, Target
from exchange.services_base import DomainError, Refused
from exchange.studios.models import Studio

EARLIEST_DAY = date(2000, 1, 1)
TOPIC_MIN, TOPIC_MAX = 2, 200
MAX_PARTICIPANTS = 100_000
MAX_DESCRIPTION = 5000
YEARS = (2000, 2100)  # the range the programme_targets CHECK constraint allows
MAX_TARGET = 1_000_000  # far above any real target; keeps values inside a 32-bit integer
TARGET_FIELDS = tuple(DEFAULT_TARGETS)
CONTENT_FIELDS = ("kind", "held_on", "topic", "participants", "description")


# --- access ---------------------------------------------------------------------------

def _check_change(user, activity: Activity) -> None:
    if not can_view(user, activity):
        raise Refused("not this studio's activity")
    if not can_change(user, activity):
        raise DomainError(_l("Union staff have verified this entry, so it can no longer be "
                             "changed. Ask union staff to withdraw the verification first."))


# --- rules ----------------------------------------------------------------------------

def problems(values: dict, today: date | None = None) -> list[DomainError]:
    """Every rule the values break, each naming its field (the form shows them all).
    "The future" is judged by the Beijing calendar day, where the studios are."""
    today = today or local_today()
    found = []
    kind = values.get("kind")
    if kind not in set(ActivityKind):
        found.append(DomainError(_l("Choose the kind of activity."), "kind"))
    held_on = values.get("held_on")
    if not isinstance(held_on, date):
        found.append(DomainError(_l("Enter the day it was held."), "held_on"))
    elif held_on > today:
        found.append(DomainError(_l("The day cannot be in the future."), "held_on"))
    elif held_on < EARLIEST_DAY:
        found.append(DomainError(_l("Enter a day in 2000 or later."), "held_on"))
    topic = (values.get("topic") or "").strip()
    if not TOPIC_MIN <= len(topic) <= TOPIC_MAX:
        found.append(DomainError(_l("Enter between %(min)d and %(max)d characters.",
                                    min=TOPIC_MIN, max=TOPIC_MAX), "topic"))
    participants = values.get("participants")
    if not isinstance(participants, int) or not 0 <= participants <= MAX_PARTICIPANTS:
        found.append(DomainError(_l("Enter a whole number from %(min)d to %(max)d.",
                                    min=0, max=MAX_PARTICIPANTS), "participants"))
    elif kind == ActivityKind.TRAINING and participants == 0:
        # Trainings count towards the person-times target: an empty one is a typing slip.
        found.append(DomainError(_l("Enter how many person-times took part in the training "
                                    "(at least 1)."), "participants"))
    if len((values.get("description") or "").strip()) > MAX_DESCRIPTION:
        found.append(DomainError(_l("Enter at most %(max)d characters.", max=MAX_DESCRIPTION),
                                 "description"))
    return found


def _check(values: dict) -> None:
    found = problems(values)
    if found:
        raise found[0]


def _content(values: dict) -> dict:
    content = {name: values[name] for name in CONTENT_FIELDS}
    content["kind"] = ActivityKind(content["kind"])
    content["topic"] = content["topic"].strip()
    content["description"] = (content["description"] or "").strip()
    return content


def _studio_for(actor, studio_id: int | None) -> int:
    """The studio an entry belongs to: the actor's own, or (staff) the one chosen."""
    if not sees_every_studio(actor):
        if not belongs_to_studio(actor, actor.studio_id):
            raise Refused("a studio account without a studio")
        if studio_id not in (None, actor.studio_id):
            raise Refused("studio users record only their own studio's activities")
        return actor.studio_id
    if studio_id is None or db.session.get(Studio, studio_id) is None:
        raise DomainError(_l("Choose the studio."), "studio")
    return studio_id


# --- changes --------------------------------------------------------------------------

def record(actor, values: dict, studio_id: int | None = None) -> Activity:
    """A new, unverified entry; studio users always record for their own studio."""
    studio_id = _studio_for(actor, studio_id)
    _check(values)
    activity = Activity(studio_id=studio_id, created_by_id=actor.id, **_content(values))
    db.session.add(activity)
    db.session.flush()
    return activity


def update(actor, activity: Activity, values: dict, studio_id: int | None = None) -> Activity:
    """Change an entry. A staff edit keeps a verified entry verified: staff vouch for it."""
    _check_change(actor, activity)
    if sees_every_studio(actor) and studio_id is not None and studio_id != activity.studio_id:
        activity.studio_id = _studio_for(actor, studio_id)
    _check(values)
    for name, value in _content(values).items():
        setattr(activity, name, value)
    db.session.flush()
    return activity


def delete(actor, activity: Activity) -> None:
    _check_change(actor, activity)
    db.session.delete(activity)
    db.session.flush()


def set_verified(actor, activity: Activity, verified: bool) -> Activity:
    if not can_verify(actor):
        raise Refused("union staff verify activities")
    if verified and not activity.verified:
        activity.verified_by_id, activity.verified_at = actor.id, utcnow()
    elif not verified:
        activity.verified_by_id = activity.verified_at = None
    db.session.flush()
    return activity


def toggle_verified(actor, activity: Activity) -> Activity:
    return set_verified(actor, activity, not activity.verified)


# --- queries --------------------------------------------------------------------------

def _where(user, filters: dict) -> list:
    """WHERE terms for what the user may see, narrowed by the filters."""
    terms = [] if sees_every_studio(user) else [Activity.studio_id == user.studio_id]
    if filters.get("year"):
        year = int(filters["year"])
        # A range, not EXTRACT(year): portable and able to use the (kind, held_on) index.
        terms += [Activity.held_on >= date(year, 1, 1), Activity.held_on < date(year + 1, 1, 1)]
    if filters.get("kind"):
        terms.append(Activity.kind == ActivityKind(filters["kind"]))
    if filters.get("studio") and sees_every_studio(user):
        terms.append(Activity.studio_id == int(filters["studio"]))
    place = figures.place_terms(filters.get("district"), filters.get("industry"))
    if place and sees_every_studio(user):
        # By the studio's district and industry, as the dashboard counts trainings.
        terms.append(Activity.studio_id.in_(db.select(Studio.id).where(*place)))
    if filters.get("verified") == "yes":
        terms.append(Activity.verified_at.is_not(None))
    elif filters.get("verified") == "no":
        terms.append(Activity.verified_at.is_(None))
    return terms


def listing(user, filters: dict):
    """The entries the user may see, the latest held first."""
    return (db.select(Activity).where(*_where(user, filters))
            .options(joinedload(Activity.studio), joinedload(Activity.created_by),
                     joinedload(Activity.verified_by))
            .order_by(Activity.held_on.desc(), Activity.id.desc()))


def totals(user, filters: dict) -> dict[ActivityKind, dict[str, int]]:
    """Per kind over the filtered entries: how many, participants, and the verified part."""
    verified = Activity.verified_at.is_not(None)
    rows = db.session.execute(
        db.select(Activity.kind, func.count(Activity.id),
                  func.coalesce(func.sum(Activity.participants), 0),
                  func.count(case((verified, Activity.id))),
                  func.coalesce(func.sum(case((verified, Activity.participants), else_=0)), 0))
        .where(*_where(user, filters)).group_by(Activity.kind))
    found = {kind: {"entries": n, "participants": int(p), "verified_entries": vn,
                    "verified_participants": int(vp)} for kind, n, p, vn, vp in rows}
    empty = dict.fromkeys(("entries", "participants", "verified_entries",
                           "verified_participants"), 0)
    return {kind: found.get(kind, empty) for kind in ActivityKind}


def earliest_year(user) -> int | None:
    """The year of the earliest entry the user may see (the filter offers years from it)."""
    first = db.session.execute(db.select(func.min(Activity.held_on))
                               .where(*_where(user, {}))).scalar()
    return first.year if first else None


# --- targets --------------------------------------------------------------------------

def targets_for(year: int) -> Target:
    """The year's targets; the defaults in a transient Target (not added) when none are set."""
    return db.session.get(Target, year) or Target(year=year, **DEFAULT_TARGETS)


def set_targets(year: int, values: dict, actor) -> Target:
    """Set a year's four targets (insert or update); union staff only."""
    if not can_set_targets(actor):
        raise Refused("union staff set the programme's targets")
    if not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]:
        raise DomainError(_l("Choose a year between %(min)d and %(max)d.",
                             min=YEARS[0], max=YEARS[1]), "year")
    for name in TARGET_FIELDS:
        value = values.get(name)
        if not isinstance(value, int) or not 0 <= value <= MAX_TARGET:
            raise DomainError(_l("Enter a whole number from %(min)d to %(max)d.",
                                 min=0, max=MAX_TARGET), name)
    target = db.session.get(Target, year)
    if target is None:
        target = Target(year=year)
        db.session.add(target)
    for name in TARGET_FIELDS:
        setattr(target, name, values[name])
    target.updated_by_id = actor.id
    db.session.flush()
    return target
