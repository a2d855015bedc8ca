"""The factors of a match score. Each is a pure function with a value in [0, 1].

A factor that cannot be judged (a side did not say) is NEUTRAL: it neither rewards nor
penalises the pair relative to the others. Money is integer fen; only the ratio of budget
to price is a float.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable

NEUTRAL = 0.5
SAME_SECTION = 0.5  # industry value for the same section, different division
SAME_CITY = 0.5  # locality value for the same city (first four digits), another district
RELATED_MODE = 0.5  # mode value when the only shared thing is the kind of deal
FRESHNESS_HALF_LIFE_DAYS = 365.0
# A side open to negotiation (面议) recovers this share of what exceeding the budget costs.
NEGOTIATION_CREDIT = 0.25

# Kinds of deal: rights change hands (transfer and licences), the studio works for or
# with the enterprise (service, joint development), or the studio invests (equity).
MODE_FAMILY = {
    "transfer": "rights", "license_exclusive": "rights", "license_sole": "rights",
    "license_general": "rights", "technical_service": "work", "joint_development": "work",
    "equity": "equity",
}
# The least TRL each mode calls for: a transfer or licence is of something ready to
# produce (7: prototype proven in the operational environment); a service applies a
# working technique (5); joint development or equity can start from a proven concept (3).
MODE_TRL = {
    "transfer": 7, "license_exclusive": 7, "license_sole": 7, "license_general": 7,
    "technical_service": 5, "joint_development": 3, "equity": 3,
}
DEFAULT_TRL = 6  # when the need names no mode


def clamp(value: float) -> float:
    return 0.0 if value < 0 else 1.0 if value > 1 else float(value)


def text(score: float, best: float, coverage: float) -> float:
    """Text relevance: half the retrieval score relative to the best candidate's, half
    the share of the query's key-term weight the candidate's text contains."""
    relative = score / best if best > 0 else 0.0
    return clamp(0.5 * clamp(relative) + 0.5 * clamp(coverage))


def keywords(shared: Iterable[float], wanted: int) -> float:
    """Keywords both sides list, each counted by its specificity in [0, 1] (an everyday
    word such as '中国' counts 0): two specific ones are a full match, one of two given is
    0.5; when the query side gives a single keyword, sharing it is a full match."""
    needed = min(2, wanted)
    return clamp(sum(shared) / needed) if needed > 0 else 0.0


def industry(division_a: str | None, section_a: str | None,
             division_b: str | None, section_b: str | None) -> float:
    if division_a and division_a == division_b:
        return 1.0
    if section_a and section_a == section_b:
        return SAME_SECTION
    return 0.0


def mode(wanted: Collection[str], offered: Collection[str]) -> float:
    """1 when the achievement offers a mode the need wants; RELATED_MODE when one of the
    same kind of deal; NEUTRAL when either side names none."""
    if not wanted or not offered:
        return NEUTRAL
    if set(wanted) & set(offered):
        return 1.0
    families = {MODE_FAMILY.get(m) for m in wanted} & {MODE_FAMILY.get(m) for m in offered}
    return RELATED_MODE if families - {None} else 0.0


def trl(level: int | None, wanted_modes: Collection[str]) -> float:
    """1 when the achievement is at least as mature as the need's most lenient mode calls
    for, falling linearly to 0 at TRL 1; NEUTRAL when the TRL is unknown."""
    if level is None:
        return NEUTRAL
    target = min((MODE_TRL.get(m, DEFAULT_TRL) for m in wanted_modes), default=DEFAULT_TRL)
    if level >= target:
        return 1.0
    return clamp((level - 1) / (target - 1))


def budget(budget_min_fen: int | None, budget_max_fen: int | None, need_negotiable: bool,
           price_fen: int | None, price_negotiable: bool) -> float:
    """1 when the asking price is within the budget (below its minimum too: cheaper is
    fine), else budget / price, raised by NEGOTIATION_CREDIT when either side negotiates;
    NEUTRAL when there is no price or no budget to compare."""
    if price_fen is None or (budget_min_fen is None and budget_max_fen is None):
        return NEUTRAL
    if budget_max_fen is None or price_fen <= budget_max_fen:
        return 1.0
    ratio = max(budget_max_fen, 0) / price_fen  # price_fen > budget_max_fen >= 0 here
    if need_negotiable or price_negotiable:
        ratio += (1.0 - ratio) * NEGOTIATION_CREDIT
    return clamp(ratio)


def locality(district_a: str | None, district_b: str | None) -> float:
    if not district_a or not district_b:
        return 0.0
    if district_a == district_b:
        return 1.0
    if len(district_a) == len(district_b) == 6 and district_a[:4] == district_b[:4]:
        return SAME_CITY
    return 0.0


def freshness(published_at: float, now: float,
              half_life_days: float = FRESHNESS_HALF_LIFE_DAYS) -> float:
    """0.5 ** (age / half-life); 1 for anything dated in the future; 0 when undated."""
    if published_at <= 0:
        return 0.0
    age_days = max(0.0, now - published_at) / 86_400
    return clamp(0.5 ** (age_days / half_life_days))
