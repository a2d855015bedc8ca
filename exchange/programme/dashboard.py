"""The dashboard's content: figures, the charts drawn from them, and the link behind
every figure to the list it counts. Shared by the page, the printable report and the
XLSX report, so all three always agree."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from exchange.achievements.kinds import PATENT_TYPES, AchievementType, LegalStatus
from exchange.agreements.kinds import DealType
from exchange.extensions import db
from exchange.money import format_money
from exchange.programme import charts, figures, figures_areas, figures_money
from exchange.programme.figures import Filters
from exchange.reference.models import Industry

PROGRESS_LABELS = {
    "training": _l("Training (person-times)"),
    "innovations": _l("Technical innovations and breakthroughs"),
    "patents": _l("Patents"),
    "party_building": _l("Studios (city level or above) with party building"),
}
MONTHS = [str(m) for m in range(1, 13)]


def scope(f: Filters) -> dict:
    return {k: v for k, v in (("district", f.district), ("industry", f.industry)) if v}


def progress_link(key: str, f: Filters) -> str:
    area = scope(f)
    if key == "training":
        return url_for("programme.activities", year=f.year, kind="training", verified="yes",
                       **area)
    if key == "party_building":
        return url_for("studios.index", coverage="covered", **area)
    group = "innovation" if key == "innovations" else "patent"
    return url_for("achievements.review", state="counted", group=group, year=f.year, **area)


def achievements_link(f: Filters, **extra) -> str:
    return url_for("achievements.review", **{"state": "counted", "year": f.year,
                                             **scope(f), **extra})


@dataclass
class Dashboard:
    filters: Filters
    progress: list
    districts: list
    industries: list
    district_chart: charts.BarChart
    industry_chart: charts.BarChart
    by_month: charts.LineChart
    by_month_links: dict
    patents: charts.BarChart
    patent_rows: list
    funnel: list
    funnel_figures: object
    deals: charts.BarChart
    money: charts.LineChart
    money_rows: list
    contracts: figures_money.Contracts
    contract_areas: dict
    uncovered: list


def build(f: Filters) -> Dashboard:
    cells = figures_areas.area_cells(f.year)
    progress = figures_areas.progress(f, cells)
    districts = figures_areas.by_district(f, cells)
    industries = figures_areas.by_industry(f, cells)
    area = scope(f)

    def area_bars(rows, key):
        return charts.bars(
            [(row.name, row.innovations + row.patents,
              url_for("achievements.review", state="counted", year=f.year,
                      **{**area, key: row.key})) for row in rows])

    monthly = figures.achievements_by_month(f)
    shown_types = [t for t in AchievementType if sum(monthly.get(t.value, [])) > 0]
    total = [sum(monthly.get(t.value, [0] * 12)[m] for t in AchievementType) for m in range(12)]
    series = [(str(_l("All types")), total)] + [(t.label, monthly[t.value]) for t in shown_types]
    by_month_links = {str(_l("All types")): [achievements_link(f, month=m)
                                             for m in range(1, 13)]}
    by_month_links.update({t.label: [achievements_link(f, type=t.value, month=m)
                                     for m in range(1, 13)] for t in shown_types})

    stock = figures.patents_by_kind_status(f)
    statuses = {s.value: s.label for s in LegalStatus}
    patent_rows = []
    unknown = _l("Unknown")  # outside the f-string below, where pybabel cannot see it
    for kind in PATENT_TYPES:
        for status, count in sorted(stock.get(kind.value, {}).items()):
            if not count:
                continue
            link = url_for("achievements.review", state="counted", type=kind.value,
                           **({"legal_status": status} if status in statuses else {}),
                           **area)
            patent_rows.append((f"{kind.label} · {statuses.get(status, unknown)}",
                                count, link))

    funnel = figures.needs_funnel(f)
    need_scope = {"state": "posted", "year": f.year, **area}
    stages = charts.funnel([
        (str(_l("Needs posted")), funnel.posted, url_for("needs.review", **need_scope)),
        (str(_l("Matched (inquiry opened)")), funnel.matched,
         url_for("needs.review", stage="matched", **need_scope)),
        (str(_l("In negotiation")), funnel.negotiating,
         url_for("needs.review", stage="negotiating", **need_scope)),
        (str(_l("Agreed")), funnel.agreed, url_for("needs.review", stage="agreed",
                                                    **need_scope)),
    ])

    deals = figures_money.agreements_by_deal_type(f)
    deal_chart = charts.bars([(d.label, deals.get(d.value, 0),
                               url_for("agreements.index", deal_type=d.value, year=f.year))
                              for d in DealType])

    contracts = figures_money.contract_figures(f)
    district_names = {row.key: row.name for row in districts}
    section_names = {i.code: i.name for i in db.session.execute(
        db.select(Industry).where(Industry.parent_code.is_(None))).scalars()}
    contract_areas = {
        "district": [(district_names.get(code, code), row) for code, row in contracts.by_district],
        "section": [(section_names.get(code, code), row) for code, row in contracts.by_section]}
    money_rows = figures_money.money_by_month(f)
    money = charts.lines([(str(_l("Received")), [m.received for m in money_rows]),
                          (str(_l("Allocated")), [m.allocated for m in money_rows]),
                          (str(_l("Paid out")), [m.paid for m in money_rows]),
                          (str(_l("Payable at month end")), [m.payable for m in money_rows])],
                         MONTHS, width=1100, height=300, shown=format_money)
    return Dashboard(
        filters=f, progress=progress, districts=districts, industries=industries,
        district_chart=area_bars(districts, "district"),
        industry_chart=area_bars([r for r in industries if r.innovations + r.patents],
                                 "industry"),
        by_month=charts.lines(series, MONTHS), by_month_links=by_month_links,
        patents=charts.bars(patent_rows, width=520), patent_rows=patent_rows,
        funnel=stages, funnel_figures=funnel, deals=deal_chart, money=money,
        money_rows=money_rows, contracts=contracts.total, contract_areas=contract_areas,
        uncovered=figures.uncovered_studios(f))
