"""Factor definitions and bounds: every factor lies in [0, 1] for any input."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exchange.matching import factors
from exchange.matching.weights import DEFAULT_WEIGHTS, FACTORS, resolve

WAN = 10_000 * 100  # 万元 in fen
fen = st.none() | st.integers(min_value=0, max_value=10**13)
modes = st.frozensets(st.sampled_from(sorted(factors.MODE_FAMILY) + ["barter"]))
districts = st.none() | st.sampled_from(["320213", "320211", "320505", "110101", "", "x"])


def in_unit(value: float) -> bool:
    return 0.0 <= value <= 1.0


@given(fen, fen, st.booleans(), fen, st.booleans())
def test_budget_is_bounded(low, high, need_negotiable, price, price_negotiable):
    assert in_unit(factors.budget(low, high, need_negotiable, price, price_negotiable))


@given(st.integers(0, 10**12), st.integers(1, 10**12), st.integers(1, 10**12),
       st.booleans())
def test_budget_falls_as_the_price_rises_above_it(high, price, extra, negotiable):
    lower = factors.budget(None, high, negotiable, price, False)
    higher = factors.budget(None, high, negotiable, price + extra, False)
    assert higher <= lower
    if price <= high:
        assert lower == 1.0


def test_budget_values():
    assert factors.budget(10 * WAN, 50 * WAN, False, 30 * WAN, False) == 1.0
    assert factors.budget(10 * WAN, 50 * WAN, False, 5 * WAN, False) == 1.0  # cheaper
    assert factors.budget(None, 50 * WAN, False, 100 * WAN, False) == 0.5
    assert factors.budget(None, 50 * WAN, True, 100 * WAN, False) == pytest.approx(0.625)
    assert factors.budget(None, None, True, 100 * WAN, False) == factors.NEUTRAL
    assert factors.budget(None, 50 * WAN, False, None, True) == factors.NEUTRAL
    assert factors.budget(0, 0, False, 1, False) == 0.0


@given(st.none() | st.sampled_from(["34", "35", "44"]), st.none() | st.sampled_from("CD"),
       st.none() | st.sampled_from(["34", "35", "44"]), st.none() | st.sampled_from("CD"))
def test_industry_is_bounded(division_a, section_a, division_b, section_b):
    assert in_unit(factors.industry(division_a, section_a, division_b, section_b))


def test_industry_prefers_division_over_section():
    assert factors.industry("34", "C", "34", "C") == 1.0
    assert factors.industry("34", "C", "35", "C") == factors.SAME_SECTION
    assert factors.industry("34", "C", "44", "D") == 0.0
    assert factors.industry(None, None, None, None) == 0.0


@given(modes, modes)
def test_mode_is_bounded(wanted, offered):
    assert in_unit(factors.mode(wanted, offered))


def test_mode_values():
    assert factors.mode({"transfer"}, {"transfer", "equity"}) == 1.0
    assert factors.mode({"transfer"}, {"license_general"}) == factors.RELATED_MODE
    assert factors.mode({"transfer"}, {"technical_service"}) == 0.0
    assert factors.mode(set(), {"transfer"}) == factors.NEUTRAL


@given(st.none() | st.integers(1, 9), modes)
def test_trl_is_bounded(level, wanted):
    assert in_unit(factors.trl(level, wanted))


def test_trl_fits_the_deal():
    assert factors.trl(7, {"transfer"}) == 1.0
    assert factors.trl(4, {"transfer"}) == pytest.approx(0.5)
    assert factors.trl(4, {"transfer", "joint_development"}) == 1.0  # the most lenient mode
    assert factors.trl(1, {"license_general"}) == 0.0
    assert factors.trl(None, {"transfer"}) == factors.NEUTRAL


@given(districts, districts)
def test_locality_is_bounded(a, b):
    assert in_unit(factors.locality(a, b))


def test_locality_values():
    assert factors.locality("320213", "320213") == 1.0
    assert factors.locality("320213", "320211") == factors.SAME_CITY
    assert factors.locality("320213", "110101") == 0.0
    assert factors.locality(None, "320213") == 0.0


@given(st.floats(-1e10, 1e10), st.floats(0, 1e10))
def test_freshness_is_bounded(published_at, now):
    assert in_unit(factors.freshness(published_at, now))


def test_freshness_halves_every_half_life():
    now = 1_750_000_000.0
    half_life = factors.FRESHNESS_HALF_LIFE_DAYS * 86_400
    assert factors.freshness(now, now) == 1.0
    assert factors.freshness(now - half_life, now) == pytest.approx(0.5)
    assert factors.freshness(now + 86_400, now) == 1.0
    assert factors.freshness(0.0, now) == 0.0


@given(st.floats(0, 1e6), st.floats(0, 1e6), st.floats(0, 2))
def test_text_is_bounded(score, best, coverage):
    assert in_unit(factors.text(score, best, coverage))


@given(st.lists(st.floats(0, 1), max_size=10), st.integers(0, 10))
def test_keywords_is_bounded(shared, wanted):
    assert in_unit(factors.keywords(shared, wanted))


def test_keywords_values():
    assert factors.keywords([1.0, 1.0], 4) == 1.0
    assert factors.keywords([1.0], 4) == 0.5
    assert factors.keywords([1.0], 1) == 1.0
    assert factors.keywords([0.0], 3) == 0.0  # an everyday word shared
    assert factors.keywords([], 0) == 0.0


def test_weights_resolve():
    assert resolve() == dict(DEFAULT_WEIGHTS)
    assert sum(DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)
    assert tuple(resolve({"text": 1})) == FACTORS
    assert resolve({"text": 1})["text"] == 1.0
    for bad in ({"nope": 1.0}, {"text": -0.1}, {"text": float("nan")}):
        with pytest.raises(ValueError):
            resolve(bad)
