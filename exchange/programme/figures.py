"""Every figure of the union's programme dashboard (双创双提升), each computed by the
database with COUNT/SUM aggregates: no rows are loaded into Python to be counted.

Years and months are calendar periods in Asia/Shanghai, where the union works; instants
(published_at, activated_at) are stored in UTC, so their bounds are local midnights
converted to UTC. Dates (held_on, occurred_on) are local days already. The figures by
place and trade live in `figures_areas`, the agreement and money figures in
`figures_money`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy import Integer, and_, case, func, literal_column, select, union_all

# The programme's definitions, shared with the lists the dashboard links to.
from exchange.achievements.kinds import (
    COUNTED_STATES,
    PATENT_TYPES,
    AchievementType,
    LegalStatus,
    State,
)
from exchange.achievements.models import Achievement
from exchange.agreements.kinds import AgreementState
from exchange.agreements.models import Agreement
from exchange.db_types import LOCAL_ZONE, local_year_bounds
from exchange.extensions import db
from exchange.inquiries.kinds import InquiryState
from exchange.inquiries.models import Inquiry
from exchange.needs.kinds import NeedState
from exchange.needs.models import Need
from exchange.programme.kinds import ActivityKind
from exchange.programme.models import Activity
from exchange.reference.models import District, Industry
from exchange.studios.models import HonourLevel, PartyBuilding, Studio
from exchange.studios.services import COVERAGE_LEVELS

UNKNOWN_STATUS = "unknown"
# A need counts as posted once published; closing it later does not un-post it.
POSTED_NEED_STATES = (NeedState.PUBLISHED, NeedState.CLOSED)


@dataclass(frozen=True)
class Filters:
    year: int
    district: str | None = None  # districts.code
    industry: str | None = None  # a GB/T 4754 section letter ("C") or division ("34")


# --- periods ------------------------------------------------------------------------

def month_days(year: int) -> list[date]:
    """The 13 local first days from January of `year` to January of the next year."""
    return [date(year + (m > 12), (m - 1) % 12 + 1, 1) for m in range(1, 14)]


def month_instants(year: int) -> list[datetime]:
    """The same 13 bounds as aware UTC instants (local midnight)."""
    return [datetime(d.year, d.month, 1, tzinfo=LOCAL_ZONE).astimezone(UTC)
            for d in month_days(year)]


year_bounds = local_year_bounds  # [start, end) of the local calendar year, in UTC


def in_period(column, bounds) -> list:
    return [column >= bounds[0], column < bounds[-1]]


# --- filters ------------------------------------------------------------------------

def industry_match(column, code: str):
    """A section letter matches every division of the section (and the section itself)."""
    if len(code) == 1:
        return column.in_(select(Industry.code).where(Industry.section == code))
    return column == code


def _district_id(code: str):
    return select(District.id).where(District.code == code).scalar_subquery()


def place_terms(district: str | None, industry: str | None) -> list:
    """Studios in the district (code) and the industry (section letter or division)."""
    terms = []
    if district:
        terms.append(Studio.district_id == _district_id(district))
    if industry:
        terms.append(industry_match(Studio.industry_code, industry))
    return terms


def studio_terms(f: Filters, *, district: bool = True, industry: bool = True) -> list:
    return place_terms(f.district if district else None, f.industry if industry else None)


def studio_ids(f: Filters, **scope):
    return select(Studio.id).where(*studio_terms(f, **scope))


def achievement_terms(f: Filters, types, *, district: bool = True,
                      industry: bool = True) -> list:
    """Counted achievements of the types, matched on their own industry and their studio's
    district. The type and state terms lead the (type, state, published_at, ...) index,
    which also holds every column these figures read."""
    terms = [Achievement.type.in_(types), Achievement.state.in_(COUNTED_STATES)]
    if industry and f.industry:
        terms.append(industry_match(Achievement.industry_code, f.industry))
    if district and f.district:
        terms.append(Achievement.studio_id.in_(studio_ids(f, industry=False)))
    return terms


def published_in(year: int) -> list:
    return in_period(Achievement.published_at, year_bounds(year))


def training_terms(f: Filters, *, joined: bool = False, **scope) -> list:
    """Verified trainings held in the year; `joined`: Studio is in the FROM already."""
    terms = [Activity.kind == ActivityKind.TRAINING, Activity.verified_at.is_not(None),
             *in_period(Activity.held_on, month_days(f.year))]
    wanted = studio_terms(f, **scope)
    if joined:
        return terms + wanted
    return terms + ([Activity.studio_id.in_(select(Studio.id).where(*wanted))] if wanted else [])


def covered():
    return and_(Studio.honour_level.in_(COVERAGE_LEVELS),
                Studio.party_building != PartyBuilding.NONE)


def count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


# --- achievements -------------------------------------------------------------------------

def achievements_by_month(f: Filters) -> dict[str, list[int]]:
    """Type value -> 12 monthly counts of counted achievements published in the year.
    One range count per month, glued by UNION ALL: each reads its slice of the index
    already grouped by type, where a month CASE on every row would cost more than all
    the counting."""
    bounds = month_instants(f.year)
    counted = achievement_terms(f, tuple(AchievementType))
    months = union_all(*(
        select(literal_column(str(m), Integer).label("month"), Achievement.type, func.count())
        .where(*counted, *in_period(Achievement.published_at, bounds[m - 1:m + 1]))
        .group_by(Achievement.type) for m in range(1, 13)))
    result = {t.value: [0] * 12 for t in AchievementType}
    for month, kind, n in db.session.execute(months):
        result[AchievementType(kind).value][int(month) - 1] = int(n)
    return result


def patents_by_kind_status(f: Filters) -> dict[str, dict[str, int]]:
    """Patent type value -> {legal status value or "unknown": n}: the whole stock of
    counted patents (not year-bound); every type and status present, zeros included."""
    statuses = [s.value for s in LegalStatus] + [UNKNOWN_STATUS]
    result = {t.value: dict.fromkeys(statuses, 0) for t in PATENT_TYPES}
    rows = db.session.execute(
        select(Achievement.type, Achievement.legal_status, func.count())
        .where(*achievement_terms(f, PATENT_TYPES))
        .group_by(Achievement.type, Achievement.legal_status))
    for kind, status, n in rows:
        result[AchievementType(kind).value][status.value if status else UNKNOWN_STATUS] += n
    return result


# --- needs --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Funnel:
    posted: int  # needs published in the year (still published, or closed since)
    matched: int  # of those, answered by at least one inquiry
    negotiating: int  # of those, with an inquiry negotiating or agreed
    agreed: int  # of those, with an agreed inquiry


def needs_funnel(f: Filters) -> Funnel:
    """Each posted need at its furthest stage (0: no inquiry, 1: answered, 2: in
    negotiation, 3: agreed), looked up once per need and counted per stage; a stage's
    figure is the needs that got at least that far."""
    terms = [Need.state.in_(POSTED_NEED_STATES), *in_period(Need.published_at,
                                                             year_bounds(f.year))]
    if f.district:
        terms.append(Need.district_code == f.district)
    if f.industry:
        terms.append(industry_match(Need.industry_code, f.industry))
    furthest = (select(func.max(case((Inquiry.state == InquiryState.AGREED, 3),
                                     (Inquiry.state == InquiryState.NEGOTIATING, 2),
                                     else_=1)))
                .where(Inquiry.need_id == Need.id).scalar_subquery())
    stage = func.coalesce(furthest, 0)
    needs = dict(db.session.execute(select(stage, func.count()).where(*terms)
                                    .group_by(stage)).all())
    return Funnel(*(sum(n for s, n in needs.items() if s >= least) for least in range(4)))


# --- studios ------------------------------------------------------------------------

class UncoveredStudio(NamedTuple):
    id: int
    name: str
    district: str  # the district's name in the current language
    honour_level: str


def uncovered_studios(f: Filters) -> list[UncoveredStudio]:
    """City-level-or-above studios without party building, by name."""
    rows = db.session.execute(
        select(Studio.id, Studio.name, District, Studio.honour_level)
        .join(District, District.id == Studio.district_id)
        .where(Studio.honour_level.in_(COVERAGE_LEVELS),
               Studio.party_building == PartyBuilding.NONE, *studio_terms(f))
        .order_by(Studio.name, Studio.id))
    return [UncoveredStudio(i, name, district.name, HonourLevel(level).value)
            for i, name, district, level in rows]


@dataclass(frozen=True)
class PublicFigures:
    studios: int
    published_achievements: int
    patents: int
    open_needs: int
    agreements_in_force: int
    training_person_times: int  # this calendar year, verified


def public_figures(year: int) -> PublicFigures:
    """The public home page's counts, in one round trip."""
    def count(entity, *terms):
        return select(func.count()).select_from(entity).where(*terms).scalar_subquery()

    row = db.session.execute(select(
        count(Studio),
        count(Achievement, Achievement.state == State.PUBLISHED),
        count(Achievement, Achievement.state.in_(COUNTED_STATES),
              Achievement.type.in_(PATENT_TYPES)),
        count(Need, Need.state == NeedState.PUBLISHED),
        count(Agreement, Agreement.state == AgreementState.ACTIVE),
        select(func.coalesce(func.sum(Activity.participants), 0))
        .where(*training_terms(Filters(year))).scalar_subquery())).one()
    return PublicFigures(*(int(n) for n in row))
