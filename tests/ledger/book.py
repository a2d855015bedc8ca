"""Helpers shared by the ledger tests: a small book of accounts and receipts."""
from __future__ import annotations

import datetime

from ledger import core

DAY = datetime.date(2026, 3, 2)
# Two agreements; beneficiaries 1-3 share the first, 3-4 the second.
SPLITS = {1: [(1, 5000), (2, 3000), (3, 2000)], 2: [(3, 7000), (4, 3000)]}


def all_accounts(splits=SPLITS, currency="CNY") -> list[core.Account]:
    found = [core.clearing(currency)]
    for agreement_id, shares in splits.items():
        found.append(core.revenue_account(agreement_id, currency))
        for beneficiary_id, _ in shares:
            found += [core.share_account(beneficiary_id, currency),
                      core.payable_account(beneficiary_id, currency)]
    return list({a.name: a for a in found}.values())


def receipt(key: str, amount: int, agreement_id: int = 1, **kw) -> core.Transaction:
    return core.receipt(key, DAY, amount, agreement_id, SPLITS[agreement_id], **kw)


def payout(key: str, amount: int, beneficiary_id: int = 1, **kw) -> core.Transaction:
    return core.payout(key, DAY, amount, beneficiary_id, **kw)
