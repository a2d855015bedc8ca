"""Builders for the three kinds of transaction the book holds."""
from __future__ import annotations

import datetime
from collections.abc import Sequence

from ledger.allocation import allocate
from ledger.model import (
    DEFAULT_CURRENCY,
    Posting,
    Transaction,
    clearing,
    payable_account,
    revenue_account,
    share_account,
)


def _positive(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError(f"amount must be a positive int number of minor units, not {amount!r}")


def receipt(key: str, date: datetime.date, amount: int, agreement_id: int,
            beneficiaries: Sequence[tuple[int, int]], reference: str = "",
            narration: str = "", currency: str = DEFAULT_CURRENCY) -> Transaction:
    """Revenue `amount` received under an agreement, split among its beneficiaries.

    `beneficiaries` is (beneficiary_id, share_bp) in the agreement's order, which breaks
    ties between equal remainders. One transaction: Clearing +X, Revenue -X and, for each
    beneficiary with a non-zero part p, Allocated +p and Payable -p.
    """
    _positive(amount)
    ids = [beneficiary_id for beneficiary_id, _ in beneficiaries]
    if len(set(ids)) != len(ids):
        raise ValueError("a beneficiary appears twice in the split")
    parts = allocate(amount, [share for _, share in beneficiaries])
    postings = [Posting(clearing(currency).name, amount, currency),
                Posting(revenue_account(agreement_id, currency).name, -amount, currency)]
    for beneficiary_id, part in zip(ids, parts, strict=True):
        if part:
            postings.append(Posting(share_account(beneficiary_id, currency).name, part,
                                    currency))
            postings.append(Posting(payable_account(beneficiary_id, currency).name, -part,
                                    currency))
    return Transaction(key, date, "receipt", narration, tuple(postings), reference)


def payout(key: str, date: datetime.date, amount: int, beneficiary_id: int,
           reference: str = "", narration: str = "",
           currency: str = DEFAULT_CURRENCY) -> Transaction:
    """`amount` paid out to a beneficiary: Payable +Y, Clearing -Y."""
    _positive(amount)
    postings = (Posting(payable_account(beneficiary_id, currency).name, amount, currency),
                Posting(clearing(currency).name, -amount, currency))
    return Transaction(key, date, "payout", narration, postings, reference)


def reversal(original: Transaction, key: str, date: datetime.date,
             narration: str) -> Transaction:
    """Every posting of `original` negated; the new transaction points at it by key.
    A reversal itself is never reversed: post the original again instead."""
    if original.kind == "reversal":
        raise ValueError("a reversal cannot be reversed; post the original again")
    postings = tuple(Posting(p.account, -p.amount, p.currency) for p in original.postings)
    return Transaction(key, date, "reversal", narration, postings, original.reference,
                       reverses=original.key)
