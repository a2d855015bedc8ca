"""Every figure of the union's programme dashboard (双创双提升), each computed by the
database with COUNT/SUM aggregates: no rows are loaded into Python to be counted.

Years and months are calendar periods in Asia/Shanghai, where the union works; instants
(published_at, activated_at) are stored in UTC, so their bounds are local midnights
converted to UTC. Dates (held_on, occurred_on) are local days already. The agreement and
money figures live in `figures_money`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy import Integer, and_, case, func, literal_column, select, union_all

# The programme's definitions, shared with the lists the dashboard links to.
from exchange.achievements.kinds import (  # noqa: F401 (re-exported)
    COUNTED_STATES,
    INNOVATION_TYPES,
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
from exchange.programme.models import DEFAULT_TARGETS, Activity, Target
from exchange.reference.models import District, Industry
from exchange.studios.models import HonourLevel, PartyBuilding, Studio
from exchange.studios.services import COVERAGE_LEVELS  # noqa: F401 (re-exported)

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


def studio_terms(f: Filters, *, district: bool = True, industry: bool = True) -> list:
    terms = []
    if district and f.district:
        terms.append(Studio.district_id == _district_id(f.district))
    if industry and f.industry:
        terms.append(industry_match(Studio.industry_code, f.industry))
    return terms


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


def _published_in(year: int) -> list:
    return in_period(Achievement.published_at, year_bounds(year))


def _training_terms(f: Filters, *, joined: bool = False, **scope) -> list:
    """Verified trainings held in the year; `joined`: Studio is in the FROM already."""
    terms = [Activity.kind == ActivityKind.TRAINING, Activity.verified_at.is_not(None),
             *in_period(Activity.held_on, month_days(f.year))]
    wanted = studio_terms(f, **scope)
    if joined:
        return terms + wanted
    return terms + ([Activity.studio_id.in_(select(Studio.id).where(*wanted))] if wanted else [])


def _covered():
    return and_(Studio.honour_level.in_(COVERAGE_LEVELS),
                Studio.party_building != PartyBuilding.NONE)


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


# --- progress against the year's targets -------------------------------------------------

@dataclass(frozen=True)
class Progress:
    key: str  # "training" | "innovations" | "patents" | "party_building"
    actual: int
    target: int

    @property
    def percent(self) -> int:
        """Rounded half up; 0 without a target; above 100 when the target is exceeded."""
        if self.target <= 0:
            return 0
        return (200 * self.actual + self.target) // (2 * self.target)


def targets(year: int) -> dict[str, int]:
    """The year's Target row, else the programme's defaults (nothing is inserted)."""
    row = db.session.get(Target, year)
    if row is None:
        return dict(DEFAULT_TARGETS)
    return {key: getattr(row, key) for key in DEFAULT_TARGETS}


def progress(f: Filters) -> list[Progress]:
    """The year's figures against its targets, the three counts in one statement."""
    achievements = (select(_count_if(Achievement.type.in_(INNOVATION_TYPES)),
                           _count_if(Achievement.type.in_(PATENT_TYPES)))
                    .where(*achievement_terms(f, INNOVATION_TYPES + PATENT_TYPES),
                           *_published_in(f.year)).subquery())
    training = (select(func.coalesce(func.sum(Activity.participants), 0))
                .where(*_training_terms(f)).scalar_subquery())
    # Coverage is a state of the studios, not an event of the year.
    covered = (select(func.count()).select_from(Studio).where(_covered(), *studio_terms(f))
               .scalar_subquery())
    row = db.session.execute(select(training, *achievements.c, covered)).one()
    actual = dict(zip(DEFAULT_TARGETS, (int(n) for n in row), strict=True))
    goal = targets(f.year)
    return [Progress(key, actual[key], goal[key]) for key in DEFAULT_TARGETS]


# --- per district and per industry section -------------------------------------------

@dataclass(frozen=True)
class AreaRow:
    key: str  # district code, or industry section letter
    name: str
    training: int
    innovations: int
    patents: int
    studios: int  # studios in that area
    covered: int  # of those, city-level or above with party building


AREA_FIGURES = ("training", "innovations", "patents", "studios", "covered")


def _area_counts(f: Filters, area_of_studio, area_of_achievement, joins, **scope) -> dict:
    """{area: {figure: n}}: trainings and studios by the studio's area, achievements by
    `area_of_achievement`; three grouped selects, summed per area in one statement."""
    zero = literal_column("0")
    trainings = (joins["studio"](
        select(area_of_studio.label("area"), func.sum(Activity.participants).label("training"),
               *(zero.label(name) for name in AREA_FIGURES[1:]))
        .select_from(Activity).join(Studio, Studio.id == Activity.studio_id))
        .where(*_training_terms(f, joined=True, **scope)).group_by(area_of_studio))
    achievements = (joins["achievement"](
        select(area_of_achievement, zero, _count_if(Achievement.type.in_(INNOVATION_TYPES)),
               _count_if(Achievement.type.in_(PATENT_TYPES)), zero, zero)
        .select_from(Achievement))
        .where(*achievement_terms(f, INNOVATION_TYPES + PATENT_TYPES, **scope),
               *_published_in(f.year))
        .group_by(area_of_achievement))
    studios = (joins["studio"](
        select(area_of_studio, zero, zero, zero, func.count(), _count_if(_covered()))
        .select_from(Studio))
        .where(*studio_terms(f, **scope)).group_by(area_of_studio))
    both = union_all(trainings, achievements, studios).subquery()
    rows = db.session.execute(select(both.c.area, *(func.sum(both.c[name])
                                                     for name in AREA_FIGURES))
                              .group_by(both.c.area))
    return {area: dict(zip(AREA_FIGURES, (int(n or 0) for n in values), strict=True))
            for area, *values in rows}


def _row(key: str, name: str, figures: dict | None) -> AreaRow:
    figures = figures or {}
    return AreaRow(key, name, **{k: figures.get(k, 0) for k in AREA_FIGURES})


def by_district(f: Filters) -> list[AreaRow]:
    """Every district, zero rows included, by code; f.district is ignored."""
    achievement_studio = Studio.__table__.alias("achievement_studio")
    counts = _area_counts(
        f, Studio.district_id, achievement_studio.c.district_id,
        {"studio": lambda s: s,
         "achievement": lambda s: s.join(achievement_studio,
                                         achievement_studio.c.id == Achievement.studio_id)},
        district=False)
    districts = db.session.execute(select(District).order_by(District.code)).scalars()
    return [_row(d.code, d.name, counts.get(d.id)) for d in districts]


def by_industry(f: Filters) -> list[AreaRow]:
    """Per GB/T 4754 section with a studio or a non-zero figure, by letter; f.industry
    is ignored. Trainings and studios go by the studio's industry, achievements by their
    own."""
    studio_industry = Industry.__table__.alias("studio_industry")
    counts = _area_counts(
        f, studio_industry.c.section, Industry.section,
        {"studio": lambda s: s.join(studio_industry,
                                    studio_industry.c.code == Studio.industry_code),
         "achievement": lambda s: s.join(Industry, Industry.code == Achievement.industry_code)},
        industry=False)
    shown = {section for section, figures in counts.items() if any(figures.values())}
    sections = db.session.execute(select(Industry).where(
        Industry.parent_code.is_(None), Industry.code.in_(shown)).order_by(Industry.code))
    return [_row(s.code, s.name, counts.get(s.code)) for s in sections.scalars()]


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


def _answered(*states):
    terms = [Inquiry.need_id == Need.id]
    if states:
        terms.append(Inquiry.state.in_(states))
    return select(Inquiry.id).where(*terms).exists()


def needs_funnel(f: Filters) -> Funnel:
    terms = [Need.state.in_(POSTED_NEED_STATES), *in_period(Need.published_at,
                                                             year_bounds(f.year))]
    if f.district:
        terms.append(Need.district_code == f.district)
    if f.industry:
        terms.append(industry_match(Need.industry_code, f.industry))
    row = db.session.execute(
        select(func.count(), _count_if(_answered()),
               _count_if(_answered(InquiryState.NEGOTIATING, InquiryState.AGREED)),
               _count_if(_answered(InquiryState.AGREED))).where(*terms)).one()
    return Funnel(*(int(n) for n in row))


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
        .where(*_training_terms(Filters(year))).scalar_subquery())).one()
    return PublicFigures(*(int(n) for n in row))
