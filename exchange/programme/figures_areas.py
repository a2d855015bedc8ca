"""The dashboard's figures by place and trade: progress against the year's targets, and
the same counts per district and per industry section.

All three are sums over one set of cells, the year's counts per (district, industry
division) worked out by one statement (`area_cells`): trainings and studios by their
studio's district and industry, achievements by their studio's district and their own
industry. Each figure then adds up the cells its filters select, so the page reads each
table once instead of once per figure. At most one cell per district and division: a few
hundred numbers, never rows.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, literal_column, select, union_all

from exchange.achievements.kinds import INNOVATION_TYPES, PATENT_TYPES
from exchange.achievements.models import Achievement
from exchange.extensions import db
from exchange.programme import figures
from exchange.programme.figures import Filters
from exchange.programme.models import DEFAULT_TARGETS, Activity, Target
from exchange.reference.models import District, Industry
from exchange.studios.models import Studio

AREA_FIGURES = ("training", "innovations", "patents", "studios", "covered")


@dataclass(frozen=True)
class Cell:
    district: str  # districts.code
    industry: str  # the division (or section) code
    section: str  # its section letter
    counts: Counter  # AREA_FIGURES -> n

    def matches(self, district: str | None, industry: str | None) -> bool:
        """The cell under these filters; a section letter matches all its divisions."""
        if district and self.district != district:
            return False
        if industry:
            return self.section == industry if len(industry) == 1 else self.industry == industry
        return True


def area_cells(year: int) -> list[Cell]:
    """The year's counts per (district, industry code): verified training person-times,
    counted innovations and patents published in the year, studios and the covered ones
    among them (a state, not an event of the year). Three grouped selects, summed per
    cell in one statement."""
    f = Filters(year)
    zero = literal_column("0")
    home = Studio.__table__.alias("home")  # the achievement's studio
    trainings = (select(Studio.district_id.label("district_id"),
                        Studio.industry_code.label("industry_code"),
                        func.sum(Activity.participants).label("training"),
                        *(zero.label(name) for name in AREA_FIGURES[1:]))
                 .join(Studio, Studio.id == Activity.studio_id)
                 .where(*figures.training_terms(f, joined=True))
                 .group_by(Studio.district_id, Studio.industry_code))
    achievements = (select(home.c.district_id, Achievement.industry_code, zero,
                           figures.count_if(Achievement.type.in_(INNOVATION_TYPES)),
                           figures.count_if(Achievement.type.in_(PATENT_TYPES)), zero, zero)
                    .join(home, home.c.id == Achievement.studio_id)
                    .where(*figures.achievement_terms(f, INNOVATION_TYPES + PATENT_TYPES),
                           *figures.published_in(year))
                    .group_by(home.c.district_id, Achievement.industry_code))
    studios = (select(Studio.district_id, Studio.industry_code, zero, zero, zero,
                      func.count(), figures.count_if(figures.covered()))
               .group_by(Studio.district_id, Studio.industry_code))
    both = union_all(trainings, achievements, studios).subquery()
    keys = (District.code, both.c.industry_code, Industry.section)
    rows = db.session.execute(
        select(*keys, *(func.sum(both.c[name]) for name in AREA_FIGURES))
        .join(District, District.id == both.c.district_id)
        .join(Industry, Industry.code == both.c.industry_code)
        .group_by(*keys))
    return [Cell(district, industry, section,
                 Counter(dict(zip(AREA_FIGURES, (int(n or 0) for n in values), strict=True))))
            for district, industry, section, *values in rows]


def _total(cells: list[Cell], district: str | None, industry: str | None) -> Counter:
    total: Counter = Counter()
    for cell in cells:
        if cell.matches(district, industry):
            total.update(cell.counts)
    return total


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


def progress(f: Filters, cells: list[Cell] | None = None) -> list[Progress]:
    """The year's figures against its targets, under both filters. `cells`: the year's
    area_cells when the caller has them already."""
    total = _total(area_cells(f.year) if cells is None else cells, f.district, f.industry)
    actual = {"training": total["training"], "innovations": total["innovations"],
              "patents": total["patents"], "party_building": total["covered"]}
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


def _row(key: str, name: str, total: Counter) -> AreaRow:
    return AreaRow(key, name, **{k: total[k] for k in AREA_FIGURES})


def by_district(f: Filters, cells: list[Cell] | None = None) -> list[AreaRow]:
    """Every district, zero rows included, by code; f.district is ignored."""
    cells = area_cells(f.year) if cells is None else cells
    districts = db.session.execute(select(District).order_by(District.code)).scalars()
    return [_row(d.code, d.name, _total(cells, d.code, f.industry)) for d in districts]


def by_industry(f: Filters, cells: list[Cell] | None = None) -> list[AreaRow]:
    """Per GB/T 4754 section with a studio or a non-zero figure, by letter; f.industry
    is ignored. Trainings and studios go by the studio's industry, achievements by their
    own."""
    cells = area_cells(f.year) if cells is None else cells
    totals = {section: _total(cells, f.district, section)
              for section in {cell.section for cell in cells}}
    shown = [section for section, total in totals.items() if any(total.values())]
    sections = db.session.execute(select(Industry).where(
        Industry.parent_code.is_(None), Industry.code.in_(shown)).order_by(Industry.code))
    return [_row(s.code, s.name, totals[s.code]) for s in sections.scalars()]
