"""The ledger's immutable values: account kinds, accounts, postings, transactions, breaches.

Money is an integer number of minor units (fen) with a currency code; a posting's amount
is positive for a debit. Account names follow Beancount's grammar and are built from ids,
never from people's names (names are not unique and often not valid Beancount).
"""
from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_CURRENCY = "CNY"
KINDS = ("receipt", "payout", "reversal")
MAX_KEY = 64  # ledger_transactions.idempotency_key
MAX_REFERENCE = 120
MAX_REF = 20

_CURRENCY = re.compile(r"[A-Z]{3}\Z")
_ROOTS = ("Assets", "Liabilities", "Equity", "Income", "Expenses")


class AccountKind(StrEnum):
    """StrEnum: a str and an Enum, as the app expects (AccountKind(str, Enum))."""

    CLEARING = "clearing"
    REVENUE = "revenue"
    SHARE = "share"
    PAYABLE = "payable"

    @property
    def normal(self) -> int:
        """+1 for a debit-normal account, -1 for a credit-normal one."""
        return _NORMAL[self]

    @property
    def floor(self) -> bool:
        """True when the balance, in normal terms, must never go below zero."""
        return True  # all four kinds: nothing here can be owed the other way round

    @property
    def root(self) -> str:
        return _ROOT[self]


_NORMAL = {AccountKind.CLEARING: 1, AccountKind.REVENUE: -1, AccountKind.SHARE: 1,
           AccountKind.PAYABLE: -1}
_ROOT = {AccountKind.CLEARING: "Assets", AccountKind.REVENUE: "Income",
         AccountKind.SHARE: "Expenses", AccountKind.PAYABLE: "Liabilities"}


def _is_lead(char: str) -> bool:
    return ("A" <= char <= "Z") or ("0" <= char <= "9") or (not char.isascii() and char.isalnum())


def _is_tail(char: str) -> bool:
    if char.isascii():
        return char.isalnum() or char == "-"
    return char.isalnum()


def valid_account_name(name: str) -> bool:
    """Beancount's rule: a root type, then parts that start with an upper-case letter, a
    digit or a CJK character and hold only letters, digits and hyphens."""
    parts = name.split(":")
    if len(parts) < 2 or parts[0] not in _ROOTS:
        return False
    return all(part and _is_lead(part[0]) and all(_is_tail(c) for c in part[1:])
               for part in parts[1:])


def _check_currency(currency: str) -> None:
    if not isinstance(currency, str) or not _CURRENCY.match(currency):
        raise ValueError(f"currency must be three upper-case letters, not {currency!r}")


def _check_id(value: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{what} must be a positive int, not {value!r}")


@dataclass(frozen=True)
class Account:
    name: str
    kind: AccountKind
    currency: str = DEFAULT_CURRENCY
    ref: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", AccountKind(self.kind))
        _check_currency(self.currency)
        if not valid_account_name(self.name):
            raise ValueError(f"not a Beancount account name: {self.name!r}")
        if self.name.split(":")[0] != self.kind.root:
            raise ValueError(f"a {self.kind.value} account lives under {self.kind.root}:")
        if len(self.ref) > MAX_REF:
            raise ValueError(f"ref longer than {MAX_REF}: {self.ref!r}")

    @property
    def normal(self) -> int:
        return self.kind.normal

    @property
    def floor(self) -> bool:
        return self.kind.floor


def _suffix(currency: str) -> str:
    # An account row holds one currency, so a non-CNY account needs its own name.
    _check_currency(currency)
    return "" if currency == DEFAULT_CURRENCY else f":{currency}"


def clearing(currency: str = DEFAULT_CURRENCY) -> Account:
    return Account(f"Assets:Clearing{_suffix(currency)}", AccountKind.CLEARING, currency)


def revenue_account(agreement_id: int, currency: str = DEFAULT_CURRENCY) -> Account:
    _check_id(agreement_id, "agreement_id")
    ref = f"A{agreement_id:04d}"
    return Account(f"Income:Agreement:{ref}{_suffix(currency)}", AccountKind.REVENUE,
                   currency, ref)


def share_account(beneficiary_id: int, currency: str = DEFAULT_CURRENCY) -> Account:
    _check_id(beneficiary_id, "beneficiary_id")
    ref = f"B{beneficiary_id:04d}"
    return Account(f"Expenses:Allocated:{ref}{_suffix(currency)}", AccountKind.SHARE,
                   currency, ref)


def payable_account(beneficiary_id: int, currency: str = DEFAULT_CURRENCY) -> Account:
    _check_id(beneficiary_id, "beneficiary_id")
    ref = f"B{beneficiary_id:04d}"
    return Account(f"Liabilities:Payable:{ref}{_suffix(currency)}", AccountKind.PAYABLE,
                   currency, ref)


@dataclass(frozen=True)
class Posting:
    account: str
    amount: int
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise ValueError(f"amount must be an int number of minor units, not {self.amount!r}")
        if self.amount == 0:
            raise ValueError(f"zero posting on {self.account}")
        if not isinstance(self.account, str) or not self.account:
            raise ValueError("posting without an account")
        _check_currency(self.currency)


@dataclass(frozen=True)
class Transaction:
    key: str
    date: datetime.date
    kind: str
    narration: str
    postings: tuple[Posting, ...]
    reference: str = ""
    reverses: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "postings", tuple(self.postings))
        if not isinstance(self.key, str) or not 0 < len(self.key) <= MAX_KEY:
            raise ValueError(f"idempotency key must be 1-{MAX_KEY} characters: {self.key!r}")
        # datetime is a date subclass; a time of day would leak into the request hash.
        if isinstance(self.date, datetime.datetime) or not isinstance(self.date, datetime.date):
            raise ValueError(f"date must be a datetime.date, not {self.date!r}")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if (self.kind == "reversal") != (self.reverses is not None):
            raise ValueError("a reversal, and only a reversal, names the key it reverses")
        if len(self.reference) > MAX_REFERENCE:
            raise ValueError(f"reference longer than {MAX_REFERENCE} characters")
        if not all(isinstance(p, Posting) for p in self.postings):
            raise ValueError("postings must be Posting values")


def request_hash(txn: Transaction) -> str:
    """sha256 of everything but the key, in a canonical form: the same request retried
    under its key hashes the same, whatever order its postings come back in."""
    body = {
        "date": txn.date.isoformat(),
        "kind": txn.kind,
        "narration": txn.narration,
        "postings": sorted([p.account, p.currency, p.amount] for p in txn.postings),
        "reference": txn.reference,
        "reverses": txn.reverses,
    }
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Breach:
    """One broken rule, found by `check` (pure) or `checks.check_database` (SQL)."""

    code: str
    message: str
    ref: str = ""
