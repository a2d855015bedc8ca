"""The weights of the matching score, in one place.

A match's score is Σ weight × value over the factors below; every value lies in [0, 1]
(see factors.py for each definition), so with the defaults, which sum to 1, a score lies
in [0, 1] too. The app passes `app.config["MATCH_WEIGHTS"]` (any subset of the names) to
override them; a weight of 0 switches a factor off.

The defaults were chosen on the development judgments (bench/matching.py,
../shared/data/needs-dev.jsonl): text and shared keywords decide most of the ranking;
industry separates a term used in two trades (主轴 of a machine tool vs of a wind
turbine); the deal factors (mode, TRL, budget, place, age) order otherwise close
matches and are kept small, because the text cannot tell whether they were met.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType

DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType({
    # How well the candidate's text covers the query's key terms, by weight (terms.py).
    "text": 0.40,
    # Keywords listed by both sides (compared after normalisation).
    "keywords": 0.25,
    # Same GB/T 4754 division (1), else same section (0.5).
    "industry": 0.15,
    # A transaction mode both accept (1), a related one (0.5).
    "mode": 0.05,
    # The achievement is as mature as the need's modes call for.
    "trl": 0.05,
    # Asking price within the budget.
    "budget": 0.05,
    # Same district (1), same city (0.5).
    "locality": 0.03,
    # Newer candidates first: halves every FRESHNESS_HALF_LIFE_DAYS.
    "freshness": 0.02,
})
FACTORS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)


def resolve(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The default weights with `overrides` applied; unknown names and negative or
    non-finite weights are errors (a typo in the configuration must not pass silently)."""
    weights = dict(DEFAULT_WEIGHTS)
    for name, value in (overrides or {}).items():
        if name not in weights:
            raise ValueError(f"unknown matching factor {name!r}: one of {', '.join(FACTORS)}")
        value = float(value)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"weight of {name!r} must be a finite number >= 0, not {value}")
        weights[name] = value
    return weights
