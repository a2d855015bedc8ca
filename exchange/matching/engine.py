"""Matching: rank achievements for a need, or needs for an achievement, with reasons.

1. The query side's key terms (terms.py) are retrieved from a search index (any
   `search_index` backend: achievements for a need, needs for an achievement) as a
   weighted OR: the best POOL candidates by text.
2. The caller's `lookup` turns the candidate ids into profiles (ids it does not return —
   no longer published, closed — are dropped).
3. Each candidate is scored Σ weight × value over the factors (factors.py, weights.py)
   and the candidates are ordered by that score.

Every match carries its explanation: the shared terms and keywords (to highlight) and each
factor's value, weight and contribution; the contributions add up to the score.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache

from exchange.matching import factors
from exchange.matching.profiles import AchievementProfile, NeedProfile
from exchange.matching.terms import key_terms, keyword_specificity, normalized_keywords
from exchange.matching.weights import FACTORS, resolve
from search_index.analysis import normalize
from search_index.schema import SearchBackend

POOL = 200  # candidates retrieved by text and scored with every factor

Lookup = Callable[[list[str]], Mapping[str, object]]


@dataclass(frozen=True)
class Factor:
    name: str
    value: float  # in [0, 1]
    weight: float
    contribution: float  # value × weight


@dataclass(frozen=True)
class Match:
    id: str
    score: float  # the sum of the factors' contributions
    terms: tuple[str, ...]  # key terms the candidate's text contains, heaviest first
    keywords: tuple[str, ...]  # keywords both sides list (normalised)
    factors: tuple[Factor, ...]
    profile: AchievementProfile | NeedProfile

    def factor(self, name: str) -> Factor:
        return next(f for f in self.factors if f.name == name)


def match_need(need: NeedProfile, backend: SearchBackend,
               lookup: Callable[[list[str]], Mapping[str, AchievementProfile]], *,
               limit: int | None = None, pool: int = POOL,
               weights: Mapping[str, float] | None = None, now: float | None = None,
               filters: dict[str, str] | None = None) -> list[Match]:
    """Achievements for `need`, best first: `backend` indexes the published achievements,
    `lookup(ids)` returns {id: AchievementProfile} for those still to be offered. At most
    `limit` (default: every scored candidate, at most `pool`)."""
    terms = key_terms(need.text, need.keywords)
    now = time.time() if now is None else now

    def deal(candidate: AchievementProfile) -> dict[str, float]:
        return _deal_factors(need, candidate, now, candidate.published_at)

    return _rank(terms, need.keywords, backend, lookup, deal, limit=limit, pool=pool,
                 weights=weights, filters=filters)


def match_achievement(achievement: AchievementProfile, backend: SearchBackend,
                      lookup: Callable[[list[str]], Mapping[str, NeedProfile]], *,
                      limit: int | None = None, pool: int = POOL,
                      weights: Mapping[str, float] | None = None, now: float | None = None,
                      filters: dict[str, str] | None = None) -> list[Match]:
    """Needs for `achievement`, best first: `backend` indexes the needs (with the same
    backends), `lookup(ids)` returns {id: NeedProfile} for the open ones."""
    terms = key_terms(achievement.text, achievement.keywords)
    now = time.time() if now is None else now

    def deal(candidate: NeedProfile) -> dict[str, float]:
        return _deal_factors(candidate, achievement, now, candidate.published_at)

    return _rank(terms, achievement.keywords, backend, lookup, deal, limit=limit, pool=pool,
                 weights=weights, filters=filters)


def _deal_factors(need: NeedProfile, achievement: AchievementProfile, now: float,
                  candidate_date: float) -> dict[str, float]:
    """The factors beyond text, the same in both directions (freshness is the candidate's)."""
    return {
        "industry": factors.industry(need.division, need.section,
                                     achievement.division, achievement.section),
        "mode": factors.mode(need.modes, achievement.modes),
        "trl": factors.trl(achievement.trl, need.modes),
        "budget": factors.budget(need.budget_min_fen, need.budget_max_fen, need.negotiable,
                                 achievement.price_fen, achievement.negotiable),
        "locality": factors.locality(need.district, achievement.district),
        "freshness": factors.freshness(candidate_date, now),
    }


def _rank(terms: list[tuple[str, float]], query_keywords: Collection[str],
          backend: SearchBackend, lookup: Lookup, deal: Callable[[object], dict[str, float]],
          *, limit: int | None, pool: int, weights: Mapping[str, float] | None,
          filters: dict[str, str] | None) -> list[Match]:
    weights = resolve(weights)
    hits = backend.retrieve(terms, pool, filters) if terms else []
    profiles = lookup([doc_id for doc_id, _ in hits]) if hits else {}
    hits = [(doc_id, score) for doc_id, score in hits if doc_id in profiles]
    if not hits:
        return []
    best = max(score for _, score in hits)
    total_weight = sum(w for _, w in terms)
    wanted = normalized_keywords(query_keywords)
    matches = []
    for doc_id, score in hits:
        candidate = profiles[doc_id]
        content = _content(candidate.text, tuple(candidate.keywords))
        shared = [t for t, _ in terms if t in content]
        coverage = sum(w for t, w in terms if t in content) / total_weight
        keywords = sorted(wanted & normalized_keywords(candidate.keywords))
        values = {"text": factors.text(score, best, coverage),
                  "keywords": factors.keywords(map(keyword_specificity, keywords),
                                               len(wanted)),
                  **deal(candidate)}
        explained = tuple(Factor(name, values[name], weights[name], values[name] * weights[name])
                          for name in FACTORS)
        matches.append(Match(id=doc_id, score=sum(f.contribution for f in explained),
                             terms=tuple(shared), keywords=tuple(keywords),
                             factors=explained, profile=candidate))
    matches.sort(key=lambda m: -m.score)  # stable: equal scores keep the retrieval order
    return matches if limit is None else matches[:limit]


@lru_cache(maxsize=4096)
def _content(text: str, keywords: tuple[str, ...]) -> str:
    """The normalised text key terms are looked for in (cached: the same candidates come
    up for many queries)."""
    return normalize(text + "\n" + " ".join(keywords))
