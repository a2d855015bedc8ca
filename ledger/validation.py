"""Checks over transactions held in memory: the same rules the database enforces."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ledger.model import Account, AccountKind, Breach, Transaction


def check_transaction(txn: Transaction) -> list[str]:
    """What is wrong with one transaction on its own ([] when it may be posted)."""
    problems = []
    if len(txn.postings) < 2:
        problems.append(f"{txn.key}: {len(txn.postings)} posting(s), at least 2 needed")
    sums: Counter = Counter()
    for posting in txn.postings:
        # Posting refuses zero amounts; this guards values built around its checks.
        if posting.amount == 0:
            problems.append(f"{txn.key}: zero amount on {posting.account}")
        sums[posting.currency] += posting.amount
    for currency, total in sorted(sums.items()):
        if total:
            problems.append(f"{txn.key}: {currency} postings sum to {total}, not 0")
    return problems


def balances(transactions: Iterable[Transaction]) -> dict[tuple[str, str], int]:
    """Raw signed sums (debit positive) per (account, currency)."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for txn in transactions:
        for posting in txn.postings:
            totals[(posting.account, posting.currency)] += posting.amount
    return dict(totals)


def trial_balance(transactions: Iterable[Transaction]) -> dict[str, int]:
    """Sum of every posting per currency: 0 in a healthy book."""
    totals: dict[str, int] = defaultdict(int)
    for txn in transactions:
        for posting in txn.postings:
            totals[posting.currency] += posting.amount
    return dict(totals)


def _negates(reversal: Transaction, original: Transaction) -> bool:
    net: Counter = Counter()
    for posting in original.postings:
        net[(posting.account, posting.currency)] += posting.amount
    for posting in reversal.postings:
        net[(posting.account, posting.currency)] += posting.amount
    return not any(net.values()) and len(reversal.postings) == len(original.postings)


def _check_reversal(txn: Transaction, seen: Mapping[str, Transaction],
                    reversed_by: dict[str, str]) -> list[Breach]:
    original = seen.get(txn.reverses)
    if original is None:
        return [Breach("reversal_unknown", f"{txn.key} reverses {txn.reverses}, which is not "
                       "earlier in the book", txn.key)]
    found = []
    if original.kind == "reversal":
        found.append(Breach("reversal_of_reversal",
                            f"{txn.key} reverses {original.key}, itself a reversal", txn.key))
    if txn.reverses in reversed_by:
        found.append(Breach("double_reversal", f"{txn.key} reverses {txn.reverses}, already "
                            f"reversed by {reversed_by[txn.reverses]}", txn.key))
    else:
        reversed_by[txn.reverses] = txn.key
    if not _negates(txn, original):
        found.append(Breach("reversal_not_negation",
                            f"{txn.key} does not negate every posting of {original.key}",
                            txn.key))
    return found


def _check_allocated(txn: Transaction, accounts: Mapping[str, Account]) -> list[Breach]:
    """A receipt shares out all it receives: per currency, its share legs add up to its
    revenue leg (the dashboard reads "allocated" as the money received)."""
    if txn.kind != "receipt":
        return []
    gap: Counter = Counter()
    for posting in txn.postings:
        account = accounts.get(posting.account)
        if account is None or account.currency != posting.currency:
            return []  # reported as such already
        if account.kind in (AccountKind.SHARE, AccountKind.REVENUE):
            gap[posting.currency] += posting.amount
    return [Breach("receipt_unallocated", f"{txn.key}: {currency} shares differ from the "
                   f"revenue by {total}", txn.key)
            for currency, total in sorted(gap.items()) if total]


def check(transactions: Sequence[Transaction] | Iterable[Transaction],
          accounts: Mapping[str, Account]) -> list[Breach]:
    """Every rule of the book over `transactions` in posting order ([] when healthy).

    Floors are checked after each transaction, as the database does at each closing row:
    a book that dips below zero and recovers is still reported, once per account.
    """
    found: list[Breach] = []
    seen: dict[str, Transaction] = {}
    reversed_by: dict[str, str] = {}
    running: dict[str, int] = defaultdict(int)
    dipped: set[str] = set()
    currency_totals: dict[str, int] = defaultdict(int)
    for txn in transactions:
        if txn.key in seen:
            found.append(Breach("duplicate_key", f"key {txn.key} is used twice", txn.key))
        found.extend(Breach("unbalanced", problem, txn.key)
                     for problem in check_transaction(txn))
        if txn.reverses is not None:
            found.extend(_check_reversal(txn, seen, reversed_by))
        seen.setdefault(txn.key, txn)
        touched = set()
        for posting in txn.postings:
            currency_totals[posting.currency] += posting.amount
            account = accounts.get(posting.account)
            if account is None:
                found.append(Breach("unknown_account", f"{txn.key} posts to unknown account "
                                    f"{posting.account}", posting.account))
                continue
            if account.currency != posting.currency:
                found.append(Breach("currency_mismatch", f"{txn.key} posts {posting.currency} "
                                    f"to {account.name}, a {account.currency} account",
                                    posting.account))
                continue
            running[account.name] += posting.amount
            touched.add(account)
        found.extend(_check_allocated(txn, accounts))
        for account in sorted(touched, key=lambda a: a.name):
            normal_balance = account.normal * running[account.name]
            if account.floor and normal_balance < 0 and account.name not in dipped:
                dipped.add(account.name)
                found.append(Breach("negative_balance", f"{account.name} is {normal_balance} "
                                    f"after {txn.key}", account.name))
    for currency, total in sorted(currency_totals.items()):
        if total:
            found.append(Breach("trial_balance", f"{currency} postings sum to {total}, not 0",
                                currency))
    return found
