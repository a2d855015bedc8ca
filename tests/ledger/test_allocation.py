"""Largest-remainder allocation: exact examples and the properties that hold."""
from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ledger.core import WHOLE, allocate


@st.composite
def shares(draw, min_size=1, max_size=8):
    """Non-negative basis points summing to 10000 (zeros included on purpose)."""
    n = draw(st.integers(min_size, max_size))
    cuts = sorted(draw(st.lists(st.integers(0, WHOLE), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, WHOLE]
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


@st.composite
def split(draw):
    parts = draw(shares())
    order = draw(st.permutations(range(len(parts))))
    return parts, list(order)


amounts = st.integers(0, 10**13)


def test_examples():
    assert allocate(100, [3333, 3333, 3334]) == [33, 33, 34]
    assert allocate(100001, [3333, 3333, 3334]) == [33330, 33330, 33341]
    assert allocate(1, [5000, 5000]) == [1, 0]  # tie: the earlier beneficiary
    assert allocate(1, [5000, 5000], order=[1, 0]) == [0, 1]
    assert allocate(0, [10000]) == [0]
    assert allocate(7, [0, 10000, 0]) == [0, 7, 0]
    assert allocate(2, [3334, 3333, 3333]) == [1, 1, 0]


@pytest.mark.parametrize("args", [
    (100, [5000, 4999]),            # sums to 9999
    (100, [10001, -1]),             # negative share
    (-1, [10000]),                  # negative amount: reversals negate, never re-split
    (True, [10000]),                # bool is not an amount
    (1.5, [10000]),                 # no floats near money
    (100, []),
    (100, [5000, 5000], [0, 0]),    # priorities must be distinct
    (100, [5000, 5000], [0]),
])
def test_refuses(args):
    with pytest.raises(ValueError):
        allocate(*args)


@given(amounts, split())
def test_parts_sum_to_the_amount_and_stay_within_a_unit(amount, shares_and_order):
    parts_bp, order = shares_and_order
    parts = allocate(amount, parts_bp, order)
    assert sum(parts) == amount
    assert len(parts) == len(parts_bp)
    for part, share in zip(parts, parts_bp, strict=True):
        # |part - amount * share / 10000| < 1, in integers
        assert abs(part * WHOLE - amount * share) < WHOLE
        assert part >= 0


@given(amounts, shares())
def test_deterministic_and_default_order_is_position(amount, parts_bp):
    first = allocate(amount, parts_bp)
    assert allocate(amount, list(parts_bp)) == first
    assert allocate(amount, parts_bp, order=range(len(parts_bp))) == first


@given(amounts, split())
def test_a_larger_share_never_gets_a_smaller_part(amount, shares_and_order):
    parts_bp, order = shares_and_order
    parts = allocate(amount, parts_bp, order)
    for i, j in ((i, j) for i in range(len(parts)) for j in range(len(parts))):
        if parts_bp[i] > parts_bp[j]:
            assert parts[i] >= parts[j]
        if parts_bp[i] == parts_bp[j] and order[i] < order[j]:
            # equal shares: the earlier one first, never more than a unit apart
            assert 0 <= parts[i] - parts[j] <= 1


@given(amounts, split(), st.data())
def test_moving_basis_points_never_lowers_the_receiver(amount, shares_and_order, data):
    parts_bp, order = shares_and_order
    assume(len(parts_bp) >= 2)
    giver = data.draw(st.sampled_from([i for i, s in enumerate(parts_bp) if s > 0]))
    taker = data.draw(st.sampled_from([i for i in range(len(parts_bp)) if i != giver]))
    moved = data.draw(st.integers(1, parts_bp[giver]))
    after_bp = list(parts_bp)
    after_bp[giver] -= moved
    after_bp[taker] += moved
    before = allocate(amount, parts_bp, order)
    after = allocate(amount, after_bp, order)
    assert after[taker] >= before[taker]
    assert after[giver] <= before[giver]


@given(amounts, shares())
def test_zero_share_gets_nothing_and_divisible_amounts_are_exact(amount, parts_bp):
    parts = allocate(amount, parts_bp)
    assert all(part == 0 for part, share in zip(parts, parts_bp, strict=True) if share == 0)
    exact = allocate(amount * WHOLE, parts_bp)
    assert exact == [amount * share for share in parts_bp]


def test_not_monotone_in_the_amount():
    # The Alabama paradox: one more fen received, one fen less for the first share. This
    # is why each receipt is split on its own and running totals are never re-split.
    assert allocate(3, [1200, 4400, 4400]) == [1, 1, 1]
    assert allocate(4, [1200, 4400, 4400]) == [0, 2, 2]
