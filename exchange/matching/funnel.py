"""Learning from use: which matches were shown to a need's enterprise, which it opened,
which became an inquiry and which an agreement (MatchEvent, once per pair and stage).

Shown and opened are recorded by the pages (and the API) that show and open them; the
inquiry and the agreement follow the inquiries' and agreements' signals, so those
domains do not know matching. Flush only; the caller commits.
"""
from __future__ import annotations

from collections.abc import Iterable

from exchange import signals
from exchange.access import needs as need_access
from exchange.extensions import db
from exchange.matching.engine import Match
from exchange.matching.kinds import MatchStage
from exchange.matching.models import MatchEvent
from exchange.services_base import insert_ignoring

# The grade an observed pair earns in the judgments (qrels) export: how far it went.
GRADES = {MatchStage.SHOWN: 0, MatchStage.OPENED: 1, MatchStage.INQUIRY: 2,
          MatchStage.AGREEMENT: 3}


def _record(rows: list[dict]) -> None:
    """Insert the events not yet recorded for their (need, achievement, stage): the first
    occurrence stays, a repeat or a concurrent twin is ignored (one statement)."""
    insert_ignoring(MatchEvent, rows, ["need_id", "achievement_id", "stage"])


def _event(stage: MatchStage, need_id: int, achievement_id: int, user_id: int | None,
           score: float | None = None) -> dict:
    return {"need_id": need_id, "achievement_id": achievement_id, "stage": stage,
            "user_id": user_id, "score": score}


def record_shown(user, need, shown: Iterable[tuple[Match, int]]) -> None:
    """`shown` (match, achievement id) were put before `user`: counted when the user is of
    the need's enterprise (a visitor browsing matches is not the funnel)."""
    if need_access.is_audience(user, need):
        _record([_event(MatchStage.SHOWN, need.id, achievement_id, user.id, match.score)
                 for match, achievement_id in shown])


def record_opened(user, need, achievement_id: int) -> None:
    """The need's enterprise opened an achievement from the need's matches."""
    if need_access.is_audience(user, need):
        _record([_event(MatchStage.OPENED, need.id, achievement_id, user.id)])


def _on_inquiry(inquiry, actor=None, **_extra) -> None:
    if inquiry.need_id is not None:
        _record([_event(MatchStage.INQUIRY, inquiry.need_id, inquiry.achievement_id,
                        inquiry.opened_by_id)])


def _on_version(version, **_extra) -> None:
    agreement = version.agreement
    inquiry = agreement.inquiry
    if agreement.activated_at is not None and inquiry.need_id is not None:
        _record([_event(MatchStage.AGREEMENT, inquiry.need_id, inquiry.achievement_id,
                        version.approved_by_id)])


def observed(since=None) -> list[tuple[int, int, int]]:
    """(need id, achievement id, grade) of every pair shown or taken further, the grade
    the furthest stage reached (GRADES): the judgments real use gives."""
    query = db.select(MatchEvent.need_id, MatchEvent.achievement_id, MatchEvent.stage)
    if since is not None:
        query = query.where(MatchEvent.at >= since)
    best: dict[tuple[int, int], int] = {}
    for need_id, achievement_id, stage in db.session.execute(
            query.order_by(MatchEvent.need_id, MatchEvent.achievement_id)):
        key = (need_id, achievement_id)
        best[key] = max(best.get(key, 0), GRADES[MatchStage(stage)])
    return [(n, a, grade) for (n, a), grade in best.items()]


def init_app(app) -> None:
    signals.inquiry_changed.connect(_on_inquiry)
    signals.agreement_version_changed.connect(_on_version)
