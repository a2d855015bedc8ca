"""The year's report as tables: one XLSX sheet per dashboard section."""
from __future__ import annotations

from flask_babel import gettext as _

from exchange.extensions import db
from exchange.programme.dashboard import PROGRESS_LABELS, Dashboard
from exchange.reference.models import District, Industry
from exchange.tables import Table


def scope_text(f) -> str:
    parts = [_("Year %(year)d", year=f.year)]
    if f.district:
        district = db.session.execute(db.select(District).where(
            District.code == f.district)).scalar_one_or_none()
        parts.append(district.name if district else f.district)
    if f.industry:
        industry = db.session.get(Industry, f.industry)
        parts.append(f"{f.industry} {industry.name}" if industry else f.industry)
    return " · ".join(parts)


def _area(title: str, rows) -> Table:
    return Table(title, [_("Area"), _("Training (person-times)"), _("Innovations"),
                         _("Patents"), _("Studios"), _("With party building")],
                 [[r.name, r.training, r.innovations, r.patents, r.studios, r.covered]
                  for r in rows])


def sections(d: Dashboard) -> list[Table]:
    f = d.filters
    funnel = d.funnel_figures
    return [
        Table(_("Targets"), [_("Target"), _("So far"), _("Target for %(year)d", year=f.year),
                             _("Progress (%)")],
              [[str(PROGRESS_LABELS[p.key]), p.actual, p.target, p.percent]
               for p in d.progress]),
        _area(_("By district"), d.districts),
        _area(_("By industry"), d.industries),
        Table(_("Achievements by month"), [_("Type")] + [str(m) for m in range(1, 13)],
              [[s.name, *s.values] for s in d.by_month.series]),
        Table(_("Patents"), [_("Kind and status"), _("Count")],
              [[str(label), count] for label, count, _link in d.patent_rows]),
        Table(_("Needs funnel"), [_("Stage"), _("Needs")],
              [[_("Needs posted"), funnel.posted],
               [_("Matched (inquiry opened)"), funnel.matched],
               [_("In negotiation"), funnel.negotiating], [_("Agreed"), funnel.agreed]]),
        Table(_("Agreements by deal type"), [_("Deal type"), _("Agreements")],
              [[bar.label, bar.value] for bar in d.deals.bars]),
        Table(_("Technology contracts"), [_("Area"), _("Contracts in force"), _("Turnover"),
                                          _("Registered contracts"), _("Registered amount")],
              [[_("All"), d.contracts.count, d.contracts.turnover, d.contracts.registered,
                d.contracts.registered_amount],
               *([name, c.count, c.turnover, c.registered, c.registered_amount]
                 for area in ("district", "section") for name, c in d.contract_areas[area])],
              frozenset({2, 4})),
        Table(_("Money by month"), [_("Month"), _("Received"), _("Allocated"), _("Paid out"),
                                    _("Payable at month end")],
              [[m.month, m.received, m.allocated, m.paid, m.payable] for m in d.money_rows],
              frozenset({1, 2, 3, 4})),
        Table(_("Studios without party building"), [_("Studio"), _("District"),
                                                    _("Honour level")],
              [[s.name, s.district, s.honour_level] for s in d.uncovered]),
    ]


