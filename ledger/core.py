"""The pure core in one place: immutable values and free functions, no database.

    from ledger.core import allocate, receipt, payout, reversal, check

The definitions live in small modules (model, allocation, builders, validation); this
module is the name the rest of the code imports from.
"""
from ledger.allocation import WHOLE, allocate
from ledger.builders import payout, receipt, reversal
from ledger.model import (
    DEFAULT_CURRENCY,
    KINDS,
    Account,
    AccountKind,
    Breach,
    Posting,
    Transaction,
    clearing,
    payable_account,
    request_hash,
    revenue_account,
    share_account,
    valid_account_name,
)
from ledger.validation import balances, check, check_transaction, trial_balance

__all__ = [
    "DEFAULT_CURRENCY", "KINDS", "WHOLE", "Account", "AccountKind", "Breach", "Posting",
    "Transaction", "allocate", "balances", "check", "check_transaction", "clearing",
    "payable_account", "payout", "receipt", "request_hash", "revenue_account", "reversal",
    "share_account", "trial_balance", "valid_account_name",
]
