"""Matching benchmark data: shared records and needs -> matching profiles.

Achievements are the records as the search benchmarks index them (bench/search_corpus.py
`to_document`: industry from discipline_industry.tsv, keywords as given, the other facets
drawn from a SHA-1 of the id), plus an asking price drawn the same way. Needs carry their
own keywords and the industry of their discipline; their modes, budget and district are
drawn from their id, so the deal factors vary the way real listings would without telling
anything about relevance (the judgments rest on keywords and disciplines only).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.search_corpus import (  # noqa: E402
    EPOCH_SPAN,
    EPOCH_START,
    MODES,
    _draw,
    _weighted,
    disciplines,
    districts,
)
from exchange.matching.profiles import AchievementProfile, NeedProfile  # noqa: E402
from search_index.schema import Document  # noqa: E402

# "Now" for freshness: the end of the span the records' dates are drawn from.
NOW = float(EPOCH_START + EPOCH_SPAN)
YUAN = 100  # fen


def _one(doc: Document, name: str) -> str | None:
    values = doc.facets.get(name) or ()
    return values[0] if values else None


def _amount_fen(key: str, salt: str) -> int:
    """10,000 to 5,000,000 yuan, spread log-uniformly, in fen."""
    steps = (10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000,
             5_000_000)
    return steps[_draw(key, salt) % len(steps)] * YUAN


def achievement_profile(doc: Document) -> AchievementProfile:
    negotiable = _draw(doc.id, "negotiable") % 10 < 3
    # Half the negotiable ones give no price at all (面议 only).
    price = None if negotiable and _draw(doc.id, "price-shown") % 2 else _amount_fen(
        doc.id, "price")
    trl = _one(doc, "trl")
    return AchievementProfile(
        id=doc.id, title=doc.title, abstract=doc.abstract, keywords=doc.keywords,
        division=_one(doc, "division"), section=_one(doc, "section"),
        modes=frozenset(doc.facets.get("mode", ())), trl=int(trl) if trl else None,
        price_fen=price, negotiable=negotiable, district=_one(doc, "district"),
        published_at=doc.published_at)


def need_profile(record: dict) -> NeedProfile:
    nid = record["id"]
    section, division = disciplines().get(record.get("discipline") or "", (None, None))
    modes = {_weighted(nid, f"need-mode{n}", MODES) for n in range(1 + _draw(nid, "nm") % 2)}
    budget_max = _amount_fen(nid, "budget")
    open_budget = _draw(nid, "budget-open") % 5 == 0  # 面议, no figure
    return NeedProfile(
        id=nid, title=record["title"], description=record.get("description") or "",
        keywords=tuple(record.get("keywords") or ()), division=division, section=section,
        modes=frozenset(modes),
        budget_min_fen=None if open_budget else budget_max // 10,
        budget_max_fen=None if open_budget else budget_max,
        negotiable=open_budget or _draw(nid, "need-negotiable") % 3 == 0,
        district=_weighted(nid, "need-district", districts()),
        # Needs are recent: within the last year of the span.
        published_at=NOW - _draw(nid, "need-published") % (365 * 86_400))


def strict_qrels(qrels: dict[str, dict[str, int]], needs: list[dict],
                 discipline_of: dict[str, str | None]) -> dict[str, dict[str, int]]:
    """The stricter reading of the need judgments: grade-1 pairs only where the record's
    discipline is the need's (grade 1 resting on the category alone is the weakest)."""
    need_discipline = {n["id"]: n.get("discipline") for n in needs}
    strict = {}
    for qid, judged in qrels.items():
        kept = {d: g for d, g in judged.items()
                if g >= 2 or discipline_of.get(d) == need_discipline.get(qid)}
        if any(g > 0 for g in kept.values()):
            strict[qid] = kept
    return strict
