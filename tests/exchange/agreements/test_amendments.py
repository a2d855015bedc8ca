"""An amendment keeps each beneficiary's ledger accounts: one person, one row, one account
per agreement (issue 15, H)."""
from __future__ import annotations

import csv
import io

from exchange.agreements import money, services, statements
from exchange.agreements.kinds import BeneficiaryKind, Party
from exchange.agreements.models import Agreement, Beneficiary
from exchange.extensions import db
from ledger import schema
from ledger.checks import check_database

# Shares after the amendment: the inventor's rises, the fund's falls; the rows are written
# anew, as the terms form does.
AMENDED = [("inventor", "成员甲", 6000), ("studio_fund", "工作室基金", 2000),
           ("employer_unit", "无锡机床厂", 1500), ("platform", "平台", 500)]


def _receipt(client, agreement, key, amount):
    response = client.post(f"/agreements/{agreement.id}/receipts/new", data={
        "key": key, "amount": amount, "on": "2026-11-20", "reference": key})
    assert response.status_code == 302


def _amend(agreement, deal) -> None:
    amendment = services.start_version(agreement, deal["mediator"])
    amendment.beneficiaries.clear()
    db.session.flush()
    amendment.beneficiaries = [
        Beneficiary(position=i, kind=BeneficiaryKind(kind), name=name, share_bp=bp,
                    user_id=deal["inventor"].id if kind == "inventor" else None)
        for i, (kind, name, bp) in enumerate(AMENDED)]
    db.session.flush()
    services.propose(amendment, deal["mediator"], acknowledged=True)
    services.accept(amendment, deal["enterprise"], Party.ENTERPRISE, confirmed=True)
    services.accept(amendment, deal["leader"], Party.STUDIO, confirmed=True)
    services.accept(amendment, deal["mediator"], Party.EMPLOYER_UNIT, "同意函")
    services.approve(amendment, deal["approver"])
    db.session.commit()


def test_an_amendment_keeps_one_row_and_one_account_per_person(client_for, active_agreement,
                                                               deal):
    staff = client_for("union_staff")
    _receipt(staff, active_agreement, "before", "1000")  # 50/30/15/5 %
    _amend(active_agreement, deal)
    _receipt(staff, active_agreement, "after", "1000")  # 60/20/15/5 %
    db.session.expire_all()
    agreement = db.session.get(Agreement, active_agreement.id)

    rows = statements.shares(statements.approved_beneficiaries(agreement))
    assert {r.beneficiary.name: r.allocated for r in rows} == {
        "成员甲": 110_000, "工作室基金": 50_000, "无锡机床厂": 30_000, "平台": 10_000}
    assert all(r.beneficiary.version.number == 2 for r in rows)  # today's names and shares
    # The trial balance: one share and one payable account per person, not two.
    kinds = db.session.execute(db.select(schema.accounts.c.kind, db.func.count())
                               .group_by(schema.accounts.c.kind)).all()
    assert dict(kinds) == {"clearing": 1, "revenue": 1, "share": 4, "payable": 4}

    page = staff.get(f"/agreements/{agreement.id}").text
    assert page.count("<tr data-beneficiary=") == 4  # 收益分配: no zero row for version 1
    statement = staff.get(f"/agreements/{agreement.id}/statement.csv").data.decode("utf-8-sig")
    names = [row[1] for row in csv.reader(io.StringIO(statement)) if len(row) > 1]
    assert names.count("成员甲") == 1 and names.count("工作室基金") == 1
    payout_form = staff.get(f"/agreements/{agreement.id}/payouts/new").text
    assert payout_form.count('<option value="') == 4 + payout_form.count('<option value=""')

    mine = statements.for_user(deal["inventor"].id)
    assert [(a.id, [(s.allocated, s.payable) for s in shares]) for a, shares in mine] == [
        (agreement.id, [(110_000, 110_000)])]
    inventor_csv = client_for("studio_member").get("/statements/mine.csv").data
    assert inventor_csv.decode("utf-8-sig").count(agreement.code) == 1

    # Paying the inventor draws on the one payable that holds both receipts' shares.
    inventor_row = next(r for r in rows if r.beneficiary.name == "成员甲")
    money.record_payout(agreement, deal["approver"], key="pay-all",
                        beneficiary_id=inventor_row.beneficiary.id, amount_fen=110_000,
                        on=inventor_row.beneficiary.version.term_start, reference="")
    db.session.commit()
    assert check_database(db.session.connection()) == []


def test_someone_new_in_an_amendment_gets_their_own_accounts(active_agreement, deal):
    amendment = services.start_version(active_agreement, deal["mediator"])
    amendment.beneficiaries[1].name = "另一基金"  # a different fund: not the same person
    db.session.flush()
    services.propose(amendment, deal["mediator"], acknowledged=True)
    for user, party in ((deal["enterprise"], Party.ENTERPRISE), (deal["leader"], Party.STUDIO),
                        (deal["mediator"], Party.EMPLOYER_UNIT)):
        services.accept(amendment, user, party, "同意函", confirmed=True)
    services.approve(amendment, deal["approver"])
    first, second = active_agreement.versions
    assert [b.code for b in second.beneficiaries] == [
        first.beneficiaries[0].code, f"B{second.beneficiaries[1].id:04d}",
        first.beneficiaries[2].code, first.beneficiaries[3].code]
    assert len(statements.approved_beneficiaries(active_agreement)) == 5
