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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from exchange.matching import factors, query
from exchange.matching.profiles import AchievementProfile, NeedProfile
from exchange.matching.query import Query
from exchange.matching.terms import keyword_specificity, normalized_keywords
from exchange.matching.weights import FACTORS, resolve
from search_index.analysis import normalize
from search_index.schema import SearchBackend
from search_index.vocabulary import Vocabulary

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
    keywords: tuple[str, ...]  # keywords both sides list (normalised; the author's own)
    factors: tuple[Factor, ...]
    profile: AchievementProfile | NeedProfile
    # Of the above, what the platform supplied: keywords inferred from the query side's
    # text, and terms added from the index (associated keywords, feedback), not in the text.
    inferred: tuple[str, ...] = ()
    expanded: tuple[str, ...] = ()

    def factor(self, name: str) -> Factor:
        return next(f for f in self.factors if f.name == name)


def match_need(need: NeedProfile, backend: SearchBackend,
               lookup: Callable[[list[str]], Mapping[str, AchievementProfile]], *,
               limit: int | None = None, pool: int = POOL,
               weights: Mapping[str, float] | None = None, now: float | None = None,
               filters: dict[str, str] | None = None,
               vocabulary: Vocabulary | None = None) -> list[Match]:
    """Achievements for `need`, best first: `backend` indexes the published achievements,
    `lookup(ids)` returns {id: AchievementProfile} for those still to be offered. At most
    `limit` (default: every scored candidate, at most `pool`). With the achievements'
    `vocabulary`, the query is widened from it (query.py)."""
    asked = query.build(need.title, need.text, need.keywords, vocabulary)
    now = time.time() if now is None else now

    def deal(candidate: AchievementProfile) -> dict[str, float]:
        return _deal_factors(need, candidate, now, candidate.published_at)

    return _rank(asked, backend, lookup, deal, limit=limit, pool=pool, weights=weights,
                 filters=filters, vocabulary=vocabulary)


def match_achievement(achievement: AchievementProfile, backend: SearchBackend,
                      lookup: Callable[[list[str]], Mapping[str, NeedProfile]], *,
                      limit: int | None = None, pool: int = POOL,
                      weights: Mapping[str, float] | None = None, now: float | None = None,
                      filters: dict[str, str] | None = None) -> list[Match]:
    """Needs for `achievement`, best first: `backend` indexes the needs (with the same
    backends), `lookup(ids)` returns {id: NeedProfile} for the open ones. An achievement
    lists its keywords: its query is not widened."""
    asked = query.build(achievement.title, achievement.text, achievement.keywords)
    now = time.time() if now is None else now

    def deal(candidate: NeedProfile) -> dict[str, float]:
        return _deal_factors(candidate, achievement, now, candidate.published_at)

    return _rank(asked, backend, lookup, deal, limit=limit, pool=pool, weights=weights,
                 filters=filters)


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


def _retrieve(asked: Query, backend: SearchBackend, lookup: Lookup, pool: int,
              filters: dict[str, str] | None, known: Mapping[str, object] | None = None
              ) -> tuple[list[tuple[str, float]], Mapping[str, object]]:
    """The best `pool` hits still offered, and the profiles of all of them (`known` ones
    are not looked up again)."""
    hits = backend.retrieve(list(asked.terms), pool, filters) if asked.terms else []
    known = dict(known or {})
    missing = [doc_id for doc_id, _ in hits if doc_id not in known]
    if missing:
        known.update(lookup(missing))
    return [(doc_id, score) for doc_id, score in hits if doc_id in known], known


def _rank(asked: Query, backend: SearchBackend, lookup: Lookup,
          deal: Callable[[object], dict[str, float]], *, limit: int | None, pool: int,
          weights: Mapping[str, float] | None, filters: dict[str, str] | None,
          vocabulary: Vocabulary | None = None) -> list[Match]:
    weights = resolve(weights)
    hits, profiles = _retrieve(asked, backend, lookup, pool, filters)
    if vocabulary is not None and hits:
        widened = query.with_feedback(asked, vocabulary, (
            (profiles[doc_id].keywords, score) for doc_id, score in hits))
        if widened is not asked:
            asked = widened
            hits, profiles = _retrieve(asked, backend, lookup, pool, filters, profiles)
    if not hits:
        return []
    best = max(score for _, score in hits)
    terms = asked.terms
    total_weight = sum(w for _, w in terms)
    wanted = asked.wanted
    matches = []
    for doc_id, score in hits:
        candidate = profiles[doc_id]
        content = _content(candidate.text, tuple(candidate.keywords))
        shared = [t for t, _ in terms if t in content]
        coverage = sum(w for t, w in terms if t in content) / total_weight
        listed = wanted & normalized_keywords(candidate.keywords)
        keywords = sorted(listed & asked.keywords)  # the inferred ones are named apart
        values = {"text": factors.text(score, best, coverage),
                  "keywords": factors.keywords(
                      [keyword_specificity(k) * (query.INFERRED_SHARE if k in asked.inferred
                                                 else 1.0) for k in sorted(listed)],
                      len(wanted)),
                  **deal(candidate)}
        explained = tuple(Factor(name, values[name], weights[name], values[name] * weights[name])
                          for name in FACTORS)
        matches.append(Match(
            id=doc_id, score=sum(f.contribution for f in explained),
            terms=tuple(t for t in shared if t not in asked.expanded), keywords=tuple(keywords),
            factors=explained, profile=candidate,
            inferred=tuple(k for k in sorted(asked.inferred) if k in content),
            expanded=tuple(t for t in shared if t in asked.expanded)))
    matches.sort(key=lambda m: -m.score)  # stable: equal scores keep the retrieval order
    return matches if limit is None else matches[:limit]


@lru_cache(maxsize=4096)
def _content(text: str, keywords: tuple[str, ...]) -> str:
    """The normalised text key terms are looked for in (cached: the same candidates come
    up for many queries)."""
    return normalize(text + "\n" + " ".join(keywords))
