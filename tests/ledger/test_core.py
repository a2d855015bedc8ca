"""The pure core: names, values, builders, request hashes and the in-memory checks."""
from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

from ledger import core
from ledger.core import Account, AccountKind, Posting, Transaction
from tests.ledger.book import DAY, all_accounts, payout, receipt, short_receipt


def test_account_kinds():
    assert [k.normal for k in AccountKind] == [1, -1, 1, -1]
    assert all(k.floor for k in AccountKind)
    assert AccountKind("payable") is AccountKind.PAYABLE and AccountKind.PAYABLE == "payable"


def test_account_names_come_from_ids():
    assert core.clearing() == Account("Assets:Clearing", AccountKind.CLEARING, "CNY", "")
    assert core.revenue_account(12).name == "Income:Agreement:A0012"
    assert core.revenue_account(12).ref == "A0012"
    assert core.share_account(42).name == "Expenses:Allocated:B0042"
    assert core.payable_account(42) == Account("Liabilities:Payable:B0042",
                                               AccountKind.PAYABLE, "CNY", "B0042")
    assert core.payable_account(123456).ref == "B123456"
    # An account row holds one currency: other currencies get their own name.
    assert core.payable_account(42, "USD").name == "Liabilities:Payable:B0042:USD"
    assert core.clearing("USD").name == "Assets:Clearing:USD"


@pytest.mark.parametrize("bad", [0, -3, True, "7", 1.0])
def test_account_ids_must_be_positive_ints(bad):
    with pytest.raises(ValueError):
        core.payable_account(bad)


@pytest.mark.parametrize("name, ok", [
    ("Liabilities:Payable:张三", True),
    ("Liabilities:Payable:B0042", True),
    ("Liabilities:Payable:0042-x", True),
    ("Liabilities:Payable:inventor-zhang", False),
    ("Liabilities:Payable:(张三)", False),
    ("Liabilities:Payable:张 三", False),
    ("Liabilities:Payable:张三_1", False),
    ("Liabilities::B1", False),
    ("Debts:Payable:B1", False),
    ("Liabilities", False),
])
def test_beancount_account_name_rule(name, ok):
    assert core.valid_account_name(name) is ok


def test_account_refuses_bad_values():
    with pytest.raises(ValueError):
        Account("Assets:Payable:B1", AccountKind.PAYABLE)  # root does not fit the kind
    with pytest.raises(ValueError):
        Account("Assets:Clearing", AccountKind.CLEARING, "cny")
    with pytest.raises(ValueError):
        Account("Liabilities:Payable:B1", AccountKind.PAYABLE, ref="x" * 21)


@pytest.mark.parametrize("amount", [0, True, 1.0, "100"])
def test_posting_amount_is_a_nonzero_int(amount):
    with pytest.raises(ValueError):
        Posting("Assets:Clearing", amount)


def test_transaction_validation():
    legs = (Posting("Assets:Clearing", 1), Posting("Income:Agreement:A0001", -1))
    with pytest.raises(ValueError):
        Transaction("", DAY, "receipt", "", legs)
    with pytest.raises(ValueError):
        Transaction("k" * 65, DAY, "receipt", "", legs)
    with pytest.raises(ValueError):
        Transaction("k", datetime.datetime(2026, 3, 2), "receipt", "", legs)
    with pytest.raises(ValueError):
        Transaction("k", DAY, "refund", "", legs)
    with pytest.raises(ValueError):
        Transaction("k", DAY, "reversal", "", legs)  # names nothing to reverse
    with pytest.raises(ValueError):
        Transaction("k", DAY, "receipt", "", legs, reverses="x")
    assert Transaction("k", DAY, "receipt", "", list(legs)).postings == legs


def test_receipt_splits_and_posts_both_sides():
    txn = core.receipt("r1", DAY, 100001, 1, [(1, 3333), (2, 3333), (3, 3334)],
                       reference="INV-1", narration="首期款")
    assert txn.kind == "receipt" and txn.reference == "INV-1" and txn.reverses is None
    assert [(p.account, p.amount) for p in txn.postings] == [
        ("Assets:Clearing", 100001), ("Income:Agreement:A0001", -100001),
        ("Expenses:Allocated:B0001", 33330), ("Liabilities:Payable:B0001", -33330),
        ("Expenses:Allocated:B0002", 33330), ("Liabilities:Payable:B0002", -33330),
        ("Expenses:Allocated:B0003", 33341), ("Liabilities:Payable:B0003", -33341)]
    assert core.check_transaction(txn) == []


def test_receipt_omits_zero_parts_and_refuses_nonsense():
    txn = core.receipt("r1", DAY, 1, 1, [(1, 5000), (2, 5000)])
    assert [p.account for p in txn.postings] == [
        "Assets:Clearing", "Income:Agreement:A0001", "Expenses:Allocated:B0001",
        "Liabilities:Payable:B0001"]
    with pytest.raises(ValueError):
        core.receipt("r", DAY, 0, 1, [(1, 10000)])
    with pytest.raises(ValueError):
        core.receipt("r", DAY, 100, 1, [(1, 5000), (1, 5000)])
    with pytest.raises(ValueError):
        core.receipt("r", DAY, 100, 1, [(1, 5000), (2, 4000)])


def test_payout_and_reversal():
    pay = payout("p1", 500, 3, reference="转账 1")
    assert [(p.account, p.amount) for p in pay.postings] == [
        ("Liabilities:Payable:B0003", 500), ("Assets:Clearing", -500)]
    back = core.reversal(pay, "p1-undo", DAY, "退回")
    assert back.kind == "reversal" and back.reverses == "p1" and back.reference == "转账 1"
    assert [(p.account, p.amount) for p in back.postings] == [
        ("Liabilities:Payable:B0003", -500), ("Assets:Clearing", 500)]
    with pytest.raises(ValueError):
        core.reversal(back, "again", DAY, "")
    with pytest.raises(ValueError):
        core.payout("p", DAY, -5, 1)


def test_request_hash_covers_everything_but_the_key():
    txn = receipt("r1", 1000, narration="a")
    same = Transaction("other-key", txn.date, txn.kind, txn.narration,
                       tuple(reversed(txn.postings)), txn.reference)
    assert core.request_hash(txn) == core.request_hash(same)
    assert len(core.request_hash(txn)) == 64
    assert core.request_hash(txn) != core.request_hash(receipt("r1", 1000, narration="b"))
    assert core.request_hash(txn) != core.request_hash(receipt("r1", 1001, narration="a"))
    assert core.request_hash(txn) != core.request_hash(
        receipt("r1", 1000, narration="a", reference="x"))


def test_check_transaction_reports_each_problem():
    one = Transaction("t", DAY, "receipt", "", (Posting("Assets:Clearing", 5),))
    assert core.check_transaction(one) == [
        "t: 1 posting(s), at least 2 needed", "t: CNY postings sum to 5, not 0"]
    mixed = Transaction("m", DAY, "receipt", "", (
        Posting("Assets:Clearing", 5), Posting("Income:Agreement:A0001", -5, "USD")))
    assert len(core.check_transaction(mixed)) == 2


def test_balances_and_trial_balance():
    book = [receipt("r1", 1000), payout("p1", 200, 1)]
    totals = core.balances(book)
    assert totals[("Assets:Clearing", "CNY")] == 800
    assert totals[("Liabilities:Payable:B0001", "CNY")] == -300
    assert totals[("Income:Agreement:A0001", "CNY")] == -1000
    assert core.trial_balance(book) == {"CNY": 0}


def _codes(breaches):
    return sorted(b.code for b in breaches)


def test_check_is_empty_on_a_healthy_book():
    accounts = {a.name: a for a in all_accounts()}
    pay = payout("p1", 200, 1)
    book = [receipt("r1", 1000), pay, receipt("r2", 999, 2),
            core.reversal(pay, "p1-x", DAY, "wrong account")]
    assert core.check(book, accounts) == []


def test_check_reports_each_rule():
    accounts = {a.name: a for a in all_accounts()}
    r1 = receipt("r1", 1000)
    back = core.reversal(r1, "r1-x", DAY, "")
    assert _codes(core.check([payout("p0", 1, 1), r1], accounts)) == [
        "negative_balance", "negative_balance"]  # payable and clearing, before any receipt
    twice = _codes(core.check([r1, back, core.reversal(r1, "r1-y", DAY, "")], accounts))
    assert twice.count("double_reversal") == 1
    assert twice.count("negative_balance") == 8  # every account of the receipt, once
    assert _codes(core.check([r1, back, Transaction(
        "x", DAY, "reversal", "", tuple(Posting(p.account, -p.amount) for p in back.postings),
        reverses="r1-x")], accounts)) == ["reversal_of_reversal"]
    assert "reversal_unknown" in _codes(core.check([back], accounts))
    half = Transaction("h", DAY, "reversal", "", r1.postings[:2], reverses="r1")
    assert "reversal_not_negation" in _codes(core.check([r1, half], accounts))
    assert _codes(core.check([r1, r1], accounts)) == ["duplicate_key"]
    stranger = core.receipt("r9", DAY, 10, 9, [(1, 10000)])
    assert _codes(core.check([stranger], accounts)) == ["unknown_account"]
    usd = Transaction("u", DAY, "receipt", "", (
        Posting("Assets:Clearing", 5, "USD"), Posting("Income:Agreement:A0001", -5, "USD")))
    assert _codes(core.check([usd], accounts)) == ["currency_mismatch", "currency_mismatch"]
    lopsided = Transaction("l", DAY, "receipt", "", (
        Posting("Assets:Clearing", 7), Posting("Income:Agreement:A0001", -5)))
    assert _codes(core.check([lopsided], accounts)) == [
        "receipt_unallocated", "trial_balance", "unbalanced"]
    assert _codes(core.check([short_receipt()], accounts)) == ["receipt_unallocated"]


def test_the_ledger_never_imports_flask_or_the_app():
    code = ("import pkgutil, importlib, sys, ledger\n"
            "for m in pkgutil.iter_modules(ledger.__path__):\n"
            "    importlib.import_module('ledger.' + m.name)\n"
            "bad = sorted(m for m in sys.modules\n"
            "             if m.split('.')[0] in ('flask', 'flask_sqlalchemy', 'exchange'))\n"
            "sys.exit(str(bad) if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
