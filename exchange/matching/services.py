"""The app's side of matching: profiles from the database, lookups, notifications.

The engine (engine.py) is framework-free; this module feeds it the app's search backends
and rows, and turns good new matches into notifications. Flush only; the caller commits.
"""
from __future__ import annotations

from flask import current_app

from exchange import signals
from exchange.access import feedback as feedback_access
from exchange.access import require
from exchange.achievements.kinds import State, TransactionMode
from exchange.achievements.models import Achievement, AchievementMode
from exchange.auth.models import User
from exchange.extensions import db
from exchange.feedback import services as feedback
from exchange.feedback.kinds import FeedbackContext
from exchange.jobs import services as jobs
from exchange.jobs.registry import handler
from exchange.matching import funnel
from exchange.matching.engine import Match, match_achievement, match_need
from exchange.matching.profiles import AchievementProfile, NeedProfile
from exchange.matching.vocabulary import current as current_vocabulary
from exchange.navigation import path_for
from exchange.needs.kinds import NeedState
from exchange.needs.models import Need
from exchange.notifications import services as notifications
from exchange.reference.models import District, Industry
from exchange.search import documents
from exchange.search.backend import get_backend
from exchange.studios.models import Studio
from search_index.vocabulary import Suggestion, suggest

NOTIFY_AT_MOST = 5  # matches announced when one item is published


def _seconds(when) -> float:
    return when.timestamp() if when else 0.0


def need_profile(need: Need) -> NeedProfile:
    return NeedProfile(
        id=documents.need_doc_id(need.id), title=need.title, description=need.description,
        keywords=tuple(need.keywords or ()), division=need.industry_code,
        section=need.industry.section, modes=frozenset(m.value for m in need.transaction_modes),
        budget_min_fen=need.budget_min_fen, budget_max_fen=need.budget_max_fen,
        negotiable=need.budget_negotiable, district=need.district_code,
        published_at=_seconds(need.published_at))


def achievement_profile(item: Achievement) -> AchievementProfile:
    return AchievementProfile(
        id=documents.doc_id(item.id), title=item.title, abstract=item.abstract,
        keywords=tuple(item.keywords or ()), division=item.industry_code,
        section=item.industry.section, modes=frozenset(m.value for m in item.transaction_modes),
        trl=item.trl, price_fen=item.price_fen, negotiable=item.price_negotiable,
        district=item.studio.district.code, published_at=_seconds(item.published_at))


def _ids(doc_ids: list[str], prefix: str) -> list[int]:
    return [int(d.removeprefix(prefix)) for d in doc_ids if d.startswith(prefix)]


def _published_achievements(doc_ids: list[str]) -> dict[str, AchievementProfile]:
    """Profiles of the published achievements among `doc_ids`: two plain SELECTs of the
    columns a profile holds (loading up to 200 ORM objects with their relations cost a
    third of a matches page: bench/load.py)."""
    ids = _ids(doc_ids, documents.PREFIX)
    if not ids:
        return {}
    modes: dict[int, set[str]] = {}
    for achievement_id, mode in db.session.execute(db.select(
            AchievementMode.achievement_id, AchievementMode.mode).where(
            AchievementMode.achievement_id.in_(ids))):
        modes.setdefault(achievement_id, set()).add(TransactionMode(mode).value)
    rows = db.session.execute(
        db.select(Achievement.id, Achievement.title, Achievement.abstract, Achievement.keywords,
                  Achievement.industry_code, Industry.section, Achievement.trl,
                  Achievement.price_fen, Achievement.price_negotiable, District.code,
                  Achievement.published_at)
        .join(Industry, Industry.code == Achievement.industry_code)
        .join(Studio, Studio.id == Achievement.studio_id)
        .join(District, District.id == Studio.district_id)
        .where(Achievement.id.in_(ids), Achievement.state == State.PUBLISHED))
    return {documents.doc_id(row.id): AchievementProfile(
        id=documents.doc_id(row.id), title=row.title, abstract=row.abstract,
        keywords=tuple(row.keywords or ()), division=row.industry_code, section=row.section,
        modes=frozenset(modes.get(row.id, ())), trl=row.trl, price_fen=row.price_fen,
        negotiable=row.price_negotiable, district=row.code,
        published_at=_seconds(row.published_at)) for row in rows}


def _open_needs(doc_ids: list[str]) -> dict[str, NeedProfile]:
    rows = db.session.execute(db.select(Need).options(*documents.NEED_LOAD).where(
        Need.id.in_(_ids(doc_ids, documents.NEED_PREFIX)),
        Need.state == NeedState.PUBLISHED)).scalars()
    return {documents.need_doc_id(n.id): need_profile(n) for n in rows}


SHOWN = 50  # matches shown over all pages: beyond these the reasons get thin


def _weights():
    return current_app.config.get("MATCH_WEIGHTS") or None


def for_need(need: Need, limit: int | None = None) -> list[Match]:
    """Published achievements for a need, best first, each with its explanation."""
    return match_need(need_profile(need), get_backend("achievements"),
                      _published_achievements, limit=limit, weights=_weights(),
                      vocabulary=current_vocabulary())


def for_achievement(item: Achievement, limit: int | None = None) -> list[Match]:
    """Open needs for an achievement, best first, each with its explanation."""
    return match_achievement(achievement_profile(item), get_backend("needs"), _open_needs,
                             limit=limit, weights=_weights())


SUGGESTED = 8  # keyword suggestions offered at once


def suggest_keywords(title: str, text: str, chosen: list[str]) -> list[Suggestion]:
    """Keywords of the published achievements that the text being written carries, the
    most specific first, less those already chosen: proposals, never added unasked."""
    return suggest(current_vocabulary(), text, title=title, limit=SUGGESTED, exclude=chosen)


def is_strong(match: Match) -> bool:
    """Shown by default: scores at least MATCH_MIN_SCORE and shares a key term or a
    keyword with the other side (a match on industry, mode and price alone is weak)."""
    return (bool(match.terms or match.keywords)
            and match.score >= current_app.config["MATCH_MIN_SCORE"])


def strong(matches: list[Match]) -> list[Match]:
    return [m for m in matches if is_strong(m)]


def row_id(match: Match) -> int:
    """The id of the matched achievement or need ("a:12" -> 12)."""
    return int(match.id.split(":", 1)[1])


def row_ids(matches: list[Match]) -> list[int]:
    return [row_id(m) for m in matches]


def undeclined_for_need(need: Need, limit: int = SHOWN) -> tuple[list[Match], set[int]]:
    """The need's matches less the achievements its owner declined, and their ids: what
    the need's page and the API show."""
    declined = feedback.declined_for_need(need.id)
    return [m for m in for_need(need, limit) if row_id(m) not in declined], declined


def with_rows(matches: list[Match], model) -> list[tuple[Match, object]]:
    """Each match with its row, in one query; None for a row that just left."""
    rows = {r.id: r for r in db.session.execute(
        db.select(model).where(model.id.in_(row_ids(matches)))).scalars()}
    return [(m, rows.get(row_id(m))) for m in matches]


def _studio_people(studio_ids: set[int]) -> dict[int, list[int]]:
    """The active members of these studios, by studio, in one query."""
    people: dict[int, list[int]] = {}
    for studio_id, user_id in db.session.execute(db.select(User.studio_id, User.id).where(
            User.studio_id.in_(studio_ids), User.active.is_(True)).order_by(User.id)):
        people.setdefault(studio_id, []).append(user_id)
    return people


def _good(matches: list[Match]) -> list[Match]:
    return [m for m in matches if m.score >= current_app.config["MATCH_NOTIFY_THRESHOLD"]]


def _announce(pairs: list[tuple[Need, Achievement, int]]) -> int:
    """Tell each (need, achievement, need's owner) pair's owner and the achievement's
    studio about the match: a fixed number of queries whatever the number of pairs."""
    people = _studio_people({item.studio_id for _need, item, _owner in pairs})
    for need, item, owner in pairs:
        notifications.notify(owner, "match_for_need",
                             link=path_for("matching.need_matches", need_id=need.id),
                             title=item.title, need=need.title)
        for person in people.get(item.studio_id, ()):
            notifications.notify(
                person, "match_for_achievement",
                link=path_for("matching.achievement_matches", achievement_id=item.id),
                title=item.title, need=need.title)
    return len(pairs)


def announce_need(need: Need, submitter_id: int) -> int:
    """A need was just published: tell its enterprise and the studios of its good matches.
    Returns how many matches were announced."""
    good = _good(for_need(need, NOTIFY_AT_MOST))
    return _announce([(need, item, submitter_id)
                      for _match, item in with_rows(good, Achievement)])


def announce_achievement(item: Achievement) -> int:
    """An achievement was just published: tell its studio and the enterprises of the open
    needs it matches well. Returns how many matches were announced."""
    good = _good(for_achievement(item, NOTIFY_AT_MOST))
    return _announce([(need, item, need.created_by_id)
                      for _match, need in with_rows(good, Need)])


@handler("matching.announce_achievement")
def _announce_achievement_job(achievement_id: int) -> None:
    item = db.session.get(Achievement, achievement_id)
    if item is not None and item.state == State.PUBLISHED:  # still, when the job runs
        announce_achievement(item)


@handler("matching.announce_need")
def _announce_need_job(need_id: int, submitter_id: int) -> None:
    need = db.session.get(Need, need_id)
    if need is not None and need.state == NeedState.PUBLISHED:
        announce_need(need, submitter_id)


def _on_achievement_published(achievement: Achievement, **_extra) -> None:
    # Matching reads the indexes and may take a while: the worker does it after the
    # commit, keyed by the publication (publishing again announces again).
    jobs.enqueue("matching.announce_achievement",
                 key=f"match:a{achievement.id}@{_seconds(achievement.published_at):.0f}",
                 achievement_id=achievement.id)


def _on_need_published(need: Need, submitter_id: int, **_extra) -> None:
    jobs.enqueue("matching.announce_need",
                 key=f"match:n{need.id}@{_seconds(need.published_at):.0f}",
                 need_id=need.id, submitter_id=submitter_id)


def init_app(app) -> None:
    """Matching follows publications (exchange.signals); the domains do not know it."""
    funnel.init_app(app)
    signals.achievement_published.connect(_on_achievement_published)
    signals.need_published.connect(_on_need_published)


def decline(actor, need: Need, item: Achievement, reason_code: str, text: str) -> None:
    """The need's owner declines a suggested achievement with a coded reason."""
    require(feedback_access.can_decline_for(actor, need), "not this need's owner")
    reason, text = feedback.parse_reason(reason_code, text)
    feedback.record(actor, FeedbackContext.MATCH_DECLINED, reason, text,
                    achievement_id=item.id, need_id=need.id)


RECENT_ITEMS, PER_ITEM = 3, 3  # home-page panels: the newest items, their best matches


def recent_for_enterprise(enterprise_id: int) -> list[tuple[Need, list[Match]]]:
    """The enterprise's newest open needs, each with its best matching achievements."""
    needs = db.session.execute(db.select(Need).where(
        Need.enterprise_id == enterprise_id, Need.state == NeedState.PUBLISHED)
        .order_by(Need.published_at.desc()).limit(RECENT_ITEMS)).scalars().all()
    return [(need, found) for need in needs if (found := strong(for_need(need, PER_ITEM)))]


def recent_for_studio(studio_id: int) -> list[tuple[Achievement, list[Match]]]:
    """The studio's newest published achievements, each with its best matching needs."""
    items = db.session.execute(db.select(Achievement).where(
        Achievement.studio_id == studio_id, Achievement.state == State.PUBLISHED)
        .order_by(Achievement.published_at.desc()).limit(RECENT_ITEMS)).scalars().all()
    return [(item, found) for item in items
            if (found := strong(for_achievement(item, PER_ITEM)))]
