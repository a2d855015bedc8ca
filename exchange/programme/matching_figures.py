"""The matching funnel of a year: how many suggested matches were shown to the needs'
enterprises, opened, asked about and turned into agreements, by month and by the score
they were shown with: what the union reads to judge (and re-tune) the matcher."""
from __future__ import annotations

from sqlalchemy import Integer, and_, case, func, literal_column, select, union_all
from sqlalchemy.orm import aliased

from exchange.extensions import db
from exchange.matching.kinds import SCORE_BANDS, MatchStage
from exchange.matching.models import MatchEvent
from exchange.programme.figures import in_period, month_instants, year_bounds

STAGES = tuple(MatchStage)


def by_month(year: int) -> list[dict[str, int]]:
    """Twelve rows {stage value: pairs reaching that stage in the month}: one range count
    per month, glued by UNION ALL (as the dashboard counts)."""
    bounds = month_instants(year)
    months = union_all(*(
        select(literal_column(str(m), Integer).label("month"), MatchEvent.stage, func.count())
        .where(*in_period(MatchEvent.at, bounds[m - 1:m + 1])).group_by(MatchEvent.stage)
        for m in range(1, 13)))
    rows = [dict.fromkeys((s.value for s in STAGES), 0) for _ in range(12)]
    for month, stage, n in db.session.execute(months):
        rows[int(month) - 1][MatchStage(stage).value] = int(n)
    return rows


def by_band(year: int) -> list[dict[str, object]]:
    """For the pairs first shown in the year, per score band: how many were shown and
    how many of those went on to each later stage (whenever it happened)."""
    shown = aliased(MatchEvent)
    band = case(*((shown.score < upper, index) for index, (_lo, upper)
                  in enumerate(SCORE_BANDS)), else_=len(SCORE_BANDS) - 1)
    later = {stage: aliased(MatchEvent) for stage in STAGES[1:]}
    query = select(band.label("band"), func.count(shown.id),
                   *(func.count(alias.id) for alias in later.values())).select_from(shown)
    for stage, alias in later.items():
        query = query.outerjoin(alias, and_(alias.need_id == shown.need_id,
                                            alias.achievement_id == shown.achievement_id,
                                            alias.stage == stage))
    query = query.where(shown.stage == MatchStage.SHOWN,
                        *in_period(shown.at, year_bounds(year))).group_by("band")
    counts = {int(row[0]): [int(n) for n in row[1:]] for row in db.session.execute(query)}
    result = []
    for index, (lower, upper) in enumerate(SCORE_BANDS):
        numbers = counts.get(index, [0] * len(STAGES))
        result.append({"lower": lower, "upper": min(upper, 1.0),
                       **{s.value: n for s, n in zip(STAGES, numbers, strict=True)}})
    return result


def totals(rows: list[dict]) -> dict[str, int]:
    return {s.value: sum(int(r[s.value]) for r in rows) for s in STAGES}
