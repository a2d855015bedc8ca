"""Receipts, payouts, reversals and statements through the pages."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from exchange.agreements import statements
from exchange.agreements.models import Agreement
from exchange.extensions import db
from ledger import core, store


def _shares(agreement_id):
    db.session.expire_all()
    agreement = db.session.get(Agreement, agreement_id)
    return {s.beneficiary.name: (s.allocated, s.paid, s.payable)
            for s in statements.shares(statements.approved_beneficiaries(agreement))}


def _receipt(client, agreement, amount="100000.01", key="k-receipt-1", reference="银行回单 0001"):
    return client.post(f"/agreements/{agreement.id}/receipts/new", data={
        "key": key, "amount": amount, "on": "2026-11-20", "reference": reference})


def test_receipt_is_split_by_largest_remainder(client_for, active_agreement):
    client = client_for("union_staff")
    form = client.get(f"/agreements/{active_agreement.id}/receipts/new")
    assert 'name="key"' in form.text
    response = _receipt(client, active_agreement)
    assert response.status_code == 302
    # ¥100,000.01 = 10,000,001 fen at 50/30/15/5 %: 5,000,000.5 / 3,000,000.3 /
    # 1,500,000.15 / 500,000.05 -> the leftover fen goes to the largest remainder (inventor).
    assert _shares(active_agreement.id) == {
        "成员甲": (5_000_001, 0, 5_000_001), "工作室基金": (3_000_000, 0, 3_000_000),
        "无锡机床厂": (1_500_000, 0, 1_500_000), "平台": (500_000, 0, 500_000)}
    page = client.get(f"/agreements/{active_agreement.id}")
    assert "¥100,000.01" in page.text and "¥50,000.01" in page.text


def test_double_submission_posts_once(client_for, active_agreement):
    client = client_for("union_staff")
    _receipt(client, active_agreement)
    again = _receipt(client, active_agreement)
    assert again.status_code == 302
    assert statements.revenue(db.session.get(Agreement, active_agreement.id)) == 10_000_001
    # The same key with another amount is refused, not silently accepted.
    changed = _receipt(client, active_agreement, amount="5")
    assert changed.status_code == 200
    assert "该表单已以其他数值提交过，请刷新页面后重新填写。" in changed.text  # zh_Hans default
    db.session.expire_all()
    assert statements.revenue(db.session.get(Agreement, active_agreement.id)) == 10_000_001


def test_payout_never_exceeds_the_payable(client_for, active_agreement):
    client = client_for("union_staff")
    _receipt(client, active_agreement, amount="1000")
    inventor = next(b for b in active_agreement.in_force.beneficiaries if b.name == "成员甲")
    too_much = client.post(f"/agreements/{active_agreement.id}/payouts/new", data={
        "key": "p1", "beneficiary_id": inventor.id, "amount": "500.01", "on": "2026-11-21"})
    assert too_much.status_code == 200
    assert _shares(active_agreement.id)["成员甲"] == (50_000, 0, 50_000)
    paid = client.post(f"/agreements/{active_agreement.id}/payouts/new", data={
        "key": "p2", "beneficiary_id": inventor.id, "amount": "300", "on": "2026-11-21",
        "reference": "工资卡"})
    assert paid.status_code == 302
    assert _shares(active_agreement.id)["成员甲"] == (50_000, 30_000, 20_000)


def test_reversals_undo_without_changing_history(client_for, active_agreement):
    client = client_for("union_staff")
    _receipt(client, active_agreement, amount="1000")
    inventor = next(b for b in active_agreement.in_force.beneficiaries if b.name == "成员甲")
    client.post(f"/agreements/{active_agreement.id}/payouts/new", data={
        "key": "p1", "beneficiary_id": inventor.id, "amount": "100", "on": "2026-11-21"})
    rows = db.session.execute(statements.agreement_transactions(
        db.session.get(Agreement, active_agreement.id))).all()
    payout_row, receipt_row = rows
    # The receipt cannot go while part of it has been paid out.
    refused = client.post(f"/agreements/{active_agreement.id}/entries/{receipt_row.id}/reverse",
                          data={"key": "r1", "reason": "退款"})
    assert refused.status_code == 200
    assert client.post(f"/agreements/{active_agreement.id}/entries/{payout_row.id}/reverse",
                       data={"key": "r2", "reason": "付错人"}).status_code == 302
    assert client.post(f"/agreements/{active_agreement.id}/entries/{receipt_row.id}/reverse",
                       data={"key": "r3", "reason": "对方退票"}).status_code == 302
    assert all(v == (0, 0, 0) for v in _shares(active_agreement.id).values())
    agreement = db.session.get(Agreement, active_agreement.id)
    assert statements.revenue(agreement) == 0
    assert len(db.session.execute(statements.agreement_transactions(agreement)).all()) == 4
    from ledger.checks import check_database
    assert check_database(db.session.connection()) == []


def test_inventor_reads_their_statement_and_exports(client_for, active_agreement, deal):
    _receipt(client_for("union_staff"), active_agreement)
    inventor = client_for("studio_member")
    page = inventor.get("/statements/mine")
    assert "¥50,000.01" in page.text and active_agreement.code in page.text
    data = inventor.get("/statements/mine.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert ["50000.01", "0.00", "50000.01"] == rows[2][4:]
    book = load_workbook(io.BytesIO(client_for("union_staff").get(
        f"/agreements/{active_agreement.id}/statement.xlsx").data))
    shares = list(book.worksheets[0].values)
    assert shares[1][4] == pytest.approx(50000.01)
    assert len(book.worksheets) == 2
    # Nobody else is named: other users get an empty statement, not this one.
    assert "¥50,000.01" not in client_for("enterprise").get("/statements/mine").text


def test_studio_statement_and_trial_balance(client_for, active_agreement, studio):
    _receipt(client_for("union_staff"), active_agreement, amount="2000")
    page = client_for("studio_leader").get(f"/studios/{studio.id}/statement")
    assert "¥2,000.00" in page.text
    ledger = client_for("union_staff").get("/ledger/")
    assert 'id="total-debit">¥4,000.00' in ledger.text  # clearing + allocations
    assert f"成员甲 · {active_agreement.code}" in ledger.text  # who holds each account
    csv_text = client_for("union_staff").get("/ledger/trial-balance.csv").data.decode("utf-8-sig")
    assert "Assets:Clearing" in csv_text


def test_beancount_export_passes_bean_check(client_for, active_agreement, tmp_path):
    beancount_loader = pytest.importorskip("beancount.loader")
    _receipt(client_for("union_staff"), active_agreement, reference='单号 "7"')
    text = client_for("union_staff").get("/ledger/ledger.beancount").data.decode()
    path = tmp_path / "book.beancount"
    path.write_text(text, encoding="utf-8")
    _entries, errors, _options = beancount_loader.load_file(str(path))
    assert errors == []


def test_royalty_report_sets_the_amount_due(client_for, db, deal):
    from datetime import date

    from exchange.agreements.kinds import InstallmentKind, PaymentKind, RoyaltyBase, RoyaltyPeriod
    from exchange.agreements.models import Installment
    from tests.support import factories

    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "draft")
    version = agreement.versions[0]
    version.payment_kind, version.royalty_rate_bp = PaymentKind.ROYALTY, 350
    version.royalty_base, version.royalty_period = RoyaltyBase.SALES, RoyaltyPeriod.QUARTER
    version.installments = [Installment(position=0, kind=InstallmentKind.ROYALTY,
                                        due_on=date(2026, 4, 30), period_start=date(2026, 1, 1),
                                        period_end=date(2026, 3, 31))]
    db.session.commit()
    from exchange.agreements import services
    from exchange.agreements.kinds import Party
    services.propose(version, deal["mediator"], True)
    services.accept(version, deal["enterprise"], Party.ENTERPRISE, confirmed=True)
    services.accept(version, deal["leader"], Party.STUDIO, confirmed=True)
    services.accept(version, deal["mediator"], Party.EMPLOYER_UNIT, "函")
    services.approve(version, deal["approver"])
    db.session.commit()
    line = version.installments[0]
    client = client_for("union_staff")
    client.post(f"/agreements/{agreement.id}/installments/{line.id}/report",
                data={"base": "1000000"})
    db.session.expire_all()
    assert db.session.get(Installment, line.id).amount_fen == 3_500_000
    page = client.get(f"/agreements/{agreement.id}")
    assert 'data-status="overdue"' in page.text


def test_store_balance_matches_statement(db, active_agreement):
    from datetime import date
    shares = [(b.id, b.share_bp) for b in active_agreement.in_force.beneficiaries]
    store.post(db.session.connection(), core.receipt("direct", date(2026, 11, 1), 999,
                                                     active_agreement.id, shares))
    parts = core.allocate(999, [s for _, s in shares])
    assert [s.allocated for s in statements.shares(active_agreement.in_force.beneficiaries)] \
        == parts


def test_overdue_lines_are_flagged_in_the_list(client_for, active_agreement):
    from datetime import date, timedelta

    line = active_agreement.in_force.installments[0]
    line.due_on = date.today() - timedelta(days=3)
    db.session.commit()
    page = client_for("union_staff").get("/agreements/")
    assert 'data-overdue="1"' in page.text
    _receipt(client_for("union_staff"), active_agreement, amount="100000")
    page = client_for("union_staff").get("/agreements/")
    assert "data-overdue" not in page.text and "¥100,000.00" in page.text


def test_payout_choices_are_in_the_users_language(client_for, active_agreement):
    client = client_for("union_staff")
    _receipt(client, active_agreement, amount="1000")
    page = client.get(f"/agreements/{active_agreement.id}/payouts/new").text
    assert "成员甲 · " in page and "待支付 ¥500" in page
    assert "payable" not in page
