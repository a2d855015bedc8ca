"""Achievement records: access rules, saving, listing. Flush only; the caller commits."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, func, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from exchange.access.achievements import can_view
from exchange.achievements.kinds import COUNTED_STATES, TYPE_GROUPS, State
from exchange.achievements.models import (
    LIVE_PATENT_INDEX,
    Achievement,
    AchievementMode,
    Contributor,
    Transition,
)
from exchange.auth.models import User
from exchange.auth.roles import Role
from exchange.db_types import local_month_bounds, local_year_bounds
from exchange.extensions import db
from exchange.reference.models import District, Industry
from exchange.services_base import DomainError
from exchange.studios.models import Studio
from ledger.store import begin_write
from search_index.analysis import query_tokens

# What an export row reads, loaded in a few queries instead of several per item.
EXPORT_LOAD = (
    selectinload(Achievement.mode_rows),
    selectinload(Achievement.contributors).selectinload(Contributor.user),
)
# What a list card reads, loaded for the whole page instead of once per item.
LIST_LOAD = (selectinload(Achievement.mode_rows), selectinload(Achievement.studio),
             selectinload(Achievement.industry))
CONTENT_FIELDS = (
    "title", "abstract", "keywords", "type", "patent_number", "legal_status", "industry_code",
    "trl", "transaction_modes", "price_fen", "price_negotiable", "benefit_fen",
)


# --- access ---------------------------------------------------------------------------

# --- changes --------------------------------------------------------------------------

def studio_members(studio_id: int) -> list[User]:
    return list(db.session.execute(
        db.select(User).where(User.studio_id == studio_id, User.active.is_(True),
                              User.role.in_([Role.STUDIO_MEMBER, Role.STUDIO_LEADER]))
        .order_by(User.name, User.id)
    ).scalars())


def industry_codes() -> set[str]:
    return set(db.session.execute(
        db.select(Industry.code).where(Industry.parent_code.is_not(None))
    ).scalars())


def _contributors(studio_id: int, user_ids: list[int]) -> list[Contributor]:
    if not user_ids:
        raise DomainError(_l("Name at least one contributor."), "contributors")
    if len(set(user_ids)) != len(user_ids):
        raise DomainError(_l("Each contributor can be named once."), "contributors")
    members = {u.id for u in studio_members(studio_id)}
    if any(uid not in members for uid in user_ids):
        raise DomainError(_l("Contributors must be members of the studio."), "contributors")
    return [Contributor(position=i, user_id=uid) for i, uid in enumerate(user_ids, start=1)]


def save(actor: User, studio_id: int, achievement: Achievement | None, values: dict,
         contributor_ids: list[int]) -> Achievement:
    """Create a draft (achievement=None) or update an editable one from clean values."""
    contributors = _contributors(studio_id, contributor_ids)
    if achievement is not None and not achievement.state.editable:
        raise DomainError(_l("Only drafts and returned items can be edited."))
    own_id = achievement.id if achievement is not None else None
    ensure_patent_free(actor, values["patent_number"], own_id)
    with patent_guard(actor, [values["patent_number"]], own_id):
        if achievement is None:
            achievement = Achievement(studio_id=studio_id, created_by_id=actor.id,
                                      state=State.DRAFT)
            achievement.transitions = [Transition(actor_id=actor.id, from_state=None,
                                                  to_state=State.DRAFT)]
            db.session.add(achievement)
        for name in CONTENT_FIELDS:
            setattr(achievement, name, values[name])
        # Replace the ordered list whole: positions are part of the primary key.
        achievement.contributors = []
        db.session.flush()
        achievement.contributors = contributors
        db.session.flush()
    return achievement


# --- one patent, one live achievement -------------------------------------------------

def patent_holders(numbers: Iterable[str | None],
                   exclude_id: int | None = None) -> dict[str, Achievement]:
    """The live (not withdrawn) achievement holding each of these canonical numbers."""
    wanted = sorted({n for n in numbers if n})
    found: dict[str, Achievement] = {}
    for start in range(0, len(wanted), 500):  # IN lists stay short on both engines
        stmt = db.select(Achievement).where(Achievement.patent_number.in_(
            wanted[start:start + 500]), Achievement.state != State.WITHDRAWN)
        if exclude_id is not None:
            stmt = stmt.where(Achievement.id != exclude_id)
        for holder in db.session.execute(stmt).scalars():
            found[holder.patent_number] = holder
    return found


def patent_taken(actor, holder: Achievement):
    """Why a number cannot be used: the item holding it, by title and address when the
    actor may see it, else by its number only (another studio's draft stays unseen)."""
    if can_view(actor, holder):
        return _l("This application number is already on “%(title)s” (/achievements/%(id)d, "
                  "%(state)s): a patent is entered once.", title=holder.title,
                  id=holder.id, state=holder.state.label)
    return _l("This application number is already on achievement No. %(id)d of another "
              "studio: a patent is entered once. If it is yours, ask the union staff.",
              id=holder.id)


def ensure_patent_free(actor, number: str | None, exclude_id: int | None = None) -> None:
    holder = patent_holders([number], exclude_id).get(number or "")
    if holder is not None:
        raise DomainError(patent_taken(actor, holder), "patent_number")


@contextmanager
def patent_guard(actor, numbers: list[str | None],
                 exclude_id: int | None = None) -> Iterator[None]:
    """Run the writes in a SAVEPOINT: when the database's unique index refuses a number
    (someone took it since the check above), the caller gets a DomainError naming the
    holder and its transaction stays usable."""
    begin_write(db.session.connection())  # SQLite: the write lock first, then SAVEPOINT
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError as error:
        if not is_patent_conflict(error):
            raise
        holders = patent_holders(numbers, exclude_id)
        if len(holders) == 1:
            raise DomainError(patent_taken(actor, next(iter(holders.values()))),
                              "patent_number") from error
        raise DomainError(_l("A patent application number was entered on another "
                             "achievement a moment ago: check the numbers again."),
                          "patent_number") from error


def is_patent_conflict(error: IntegrityError) -> bool:
    text = str(error.orig)
    return LIVE_PATENT_INDEX in text or "achievements.patent_number" in text


def delete_draft(achievement: Achievement) -> None:
    if achievement.state != State.DRAFT:
        raise DomainError(_l("Only drafts can be deleted."))
    db.session.delete(achievement)
    db.session.flush()


# --- queries --------------------------------------------------------------------------

def filtered(stmt, filters: dict):
    """Apply the list filters shared by the public list, the queue and the exports."""
    if filters.get("q"):
        stmt = stmt.where(Achievement.title.contains(filters["q"].strip()))
    if filters.get("text"):
        # The review queue holds unpublished items, which the public index never sees:
        # every query word must appear in the title, abstract or keywords.
        for word in query_tokens(filters["text"]):
            like = f"%{word}%"
            stmt = stmt.where(or_(func.lower(Achievement.title).like(like),
                                  func.lower(Achievement.abstract).like(like),
                                  func.lower(cast(Achievement.keywords, String)).like(like)))
    if filters.get("type"):
        stmt = stmt.where(Achievement.type == filters["type"])
    if filters.get("industry"):
        code = filters["industry"]
        stmt = stmt.join(Achievement.industry).where(
            Industry.section == code if len(code) == 1 else Industry.code == code)
    if filters.get("district"):
        stmt = stmt.join(Studio, Studio.id == Achievement.studio_id).join(Studio.district) \
            .where(District.code == filters["district"])
    if filters.get("studio"):
        stmt = stmt.where(Achievement.studio_id == int(filters["studio"]))
    if filters.get("trl"):
        stmt = stmt.where(Achievement.trl == int(filters["trl"]))
    if filters.get("mode"):
        stmt = stmt.where(Achievement.mode_rows.any(AchievementMode.mode == filters["mode"]))
    if filters.get("state") == "counted":
        stmt = stmt.where(Achievement.state.in_(COUNTED_STATES))
    elif filters.get("state"):
        stmt = stmt.where(Achievement.state == filters["state"])
    if filters.get("group") in TYPE_GROUPS:
        stmt = stmt.where(Achievement.type.in_(TYPE_GROUPS[filters["group"]]))
    if filters.get("year"):
        year, month = int(filters["year"]), int(filters.get("month") or 0)
        start, end = (local_month_bounds(year, month) if 1 <= month <= 12
                      else local_year_bounds(year))
        stmt = stmt.where(Achievement.published_at >= start, Achievement.published_at < end)
    if filters.get("legal_status"):
        stmt = stmt.where(Achievement.legal_status == filters["legal_status"])
    return stmt


def public_list(filters: dict):
    stmt = filtered(db.select(Achievement).where(Achievement.state == State.PUBLISHED)
                    .options(*LIST_LOAD), filters)
    if filters.get("sort") == "oldest":
        return stmt.order_by(Achievement.published_at.asc(), Achievement.id.asc())
    return stmt.order_by(Achievement.published_at.desc(), Achievement.id.desc())


def review_queue(filters: dict):
    stmt = filtered(db.select(Achievement).options(*LIST_LOAD),
                    {**filters, "state": filters.get("state")
                                             or State.SUBMITTED})
    if filters.get("sort") == "newest":
        return stmt.order_by(Achievement.updated_at.desc(), Achievement.id.desc())
    return stmt.order_by(Achievement.updated_at.asc(), Achievement.id.asc())


def studio_list(studio_id: int, filters: dict):
    stmt = filtered(db.select(Achievement).where(Achievement.studio_id == studio_id)
                    .options(*LIST_LOAD), filters)
    return stmt.order_by(Achievement.updated_at.desc(), Achievement.id.desc())


def state_counts(studio_id: int | None = None) -> dict[State, int]:
    stmt = db.select(Achievement.state, func.count()).group_by(Achievement.state)
    if studio_id is not None:
        stmt = stmt.where(Achievement.studio_id == studio_id)
    counts = dict.fromkeys(State, 0)
    counts.update(dict(db.session.execute(stmt).all()))
    return counts


IMPORT_CHUNK = 500  # rows per flush: the import's progress moves in these steps


def create_many(actor: User, studio_id: int, rows, progress=None) -> list[Achievement]:
    """Create drafts from checked import rows (rows: (line, values, ids)), flushed in
    chunks; `progress(done, total)` is told after each."""
    created = []
    for _, values, contributor_ids in rows:
        achievement = Achievement(studio_id=studio_id, created_by_id=actor.id, state=State.DRAFT)
        for name in CONTENT_FIELDS:
            setattr(achievement, name, values[name])
        achievement.contributors = [Contributor(position=i, user_id=uid)
                                    for i, uid in enumerate(contributor_ids, start=1)]
        achievement.transitions = [Transition(actor_id=actor.id, from_state=None,
                                              to_state=State.DRAFT, reason="import")]
        created.append(achievement)
    with patent_guard(actor, [values["patent_number"] for _, values, _ in rows]):
        for start in range(0, len(created), IMPORT_CHUNK):
            db.session.add_all(created[start:start + IMPORT_CHUNK])
            db.session.flush()
            if progress is not None:
                progress(min(start + IMPORT_CHUNK, len(created)), len(created))
    return created


def members_by_name(studio_id: int) -> dict[str, list[int]]:
    names: dict[str, list[int]] = {}
    for member in studio_members(studio_id):
        names.setdefault(member.name, []).append(member.id)
    return names


def set_open_licence(achievement: Achievement, method: str | None, upfront_fen: int = 0,
                     declaration_id: int | None = None) -> None:
    """Mark (or, with `method=None`, unmark) the open licence in force on the achievement:
    the change reaches the search index with the flush like any other edit."""
    achievement.open_licence = ({"method": method, "upfront_fen": upfront_fen,
                                 "declaration_id": declaration_id} if method else None)
    db.session.flush()
