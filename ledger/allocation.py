"""Splitting an amount by basis-point shares, by largest remainder on integer minor units."""
from __future__ import annotations

from collections.abc import Sequence

WHOLE = 10_000  # basis points in 100 %


def _check_int(value, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be an int, not {value!r}")


def allocate(amount: int, shares_bp: Sequence[int],
             order: Sequence[int] | None = None) -> list[int]:
    """Split `amount` (>= 0) into parts proportional to `shares_bp` (which sum to 10000).

    Each part is first the floor of amount * share / 10000; the few leftover units go one
    each to the largest fractional remainders, ties going to the lower `order` value (each
    share's priority; by default its position). So the parts sum exactly to `amount` and
    each differs from its exact share by less than one unit.

    What holds for monotonicity (and is tested): within one split a larger share never
    gets a smaller part, and moving basis points from one share to another never lowers
    the receiving part. Largest remainder is *not* monotone in the amount (the Alabama
    paradox): a larger receipt can give one share a unit less, which is why each receipt
    is split on its own and running totals are never re-split.
    """
    _check_int(amount, "amount")
    if amount < 0:
        raise ValueError("amount must not be negative (reversals negate, never re-split)")
    shares = list(shares_bp)
    if not shares:
        raise ValueError("no shares to allocate to")
    for share in shares:
        _check_int(share, "share")
        if share < 0:
            raise ValueError(f"shares must not be negative: {share}")
    if sum(shares) != WHOLE:
        raise ValueError(f"shares sum to {sum(shares)} basis points, not {WHOLE}")
    if order is None:
        priority = list(range(len(shares)))
    else:
        priority = list(order)
        if len(priority) != len(shares) or len(set(priority)) != len(priority):
            raise ValueError("order must give each share a distinct priority")
    parts, remainders = [], []
    for share in shares:
        whole, remainder = divmod(amount * share, WHOLE)
        parts.append(whole)
        remainders.append(remainder)
    leftover = amount - sum(parts)  # < len(shares): each remainder is < one unit
    ranked = sorted(range(len(shares)), key=lambda i: (-remainders[i], priority[i]))
    for i in ranked[:leftover]:
        parts[i] += 1
    return parts
