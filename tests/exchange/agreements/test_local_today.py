"""Agreement and money dates follow the Beijing calendar: at 20:00 UTC on 31 December it is
already 1 January 2027 in Beijing.

Trust rule: money is recorded on the day the union's staff live in; a receipt dated
"today" is never refused for the eight morning hours when the UTC date lags behind."""
from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from exchange.agreements import money
from exchange.agreements.kinds import InstallmentKind, PaymentKind, RoyaltyBase, RoyaltyPeriod
from exchange.agreements.models import Agreement, Installment
from exchange.extensions import db
from tests.support import factories
from tests.support.clock import BEIJING_TODAY

UTC_DAY = BEIJING_TODAY - timedelta(days=1)


def test_receipt_dated_beijing_today_is_accepted(beijing_0400, client_for, active_agreement):
    client = client_for("union_staff")
    form = client.get(f"/agreements/{active_agreement.id}/receipts/new").text
    assert f'value="{BEIJING_TODAY.isoformat()}"' in form  # the default date
    response = client.post(f"/agreements/{active_agreement.id}/receipts/new", data={
        "key": "k-local-today", "amount": "100", "on": BEIJING_TODAY.isoformat(),
        "reference": "回单"})
    assert response.status_code == 302, response.text
    tomorrow = client.post(f"/agreements/{active_agreement.id}/receipts/new", data={
        "key": "k-local-tomorrow", "amount": "100",
        "on": (BEIJING_TODAY + timedelta(days=1)).isoformat(), "reference": "回单"})
    assert tomorrow.status_code == 200  # still refused: the future is the Beijing future


def test_drafted_terms_start_on_the_beijing_day(beijing_0400, deal):
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "draft")
    version = agreement.versions[0]
    assert version.term_start == BEIJING_TODAY
    assert version.installments[0].due_on == BEIJING_TODAY + relativedelta(months=1)


def test_a_line_due_yesterday_in_beijing_is_overdue(beijing_0400, client_for, active_agreement):
    line = db.session.get(Agreement, active_agreement.id).in_force.installments[0]
    line.due_on = UTC_DAY  # still "today" by the UTC date
    db.session.commit()
    page = client_for("union_staff").get(f"/agreements/{active_agreement.id}").text
    assert 'data-status="overdue"' in page


def test_royalty_period_ending_today_can_be_reported(beijing_0400, db, deal):
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "draft")
    version = agreement.versions[0]
    version.payment_kind, version.royalty_rate_bp = PaymentKind.ROYALTY, 350
    version.royalty_base, version.royalty_period = RoyaltyBase.SALES, RoyaltyPeriod.QUARTER
    version.installments = [Installment(position=0, kind=InstallmentKind.ROYALTY,
                                        due_on=date(2027, 1, 31), period_start=date(2026, 10, 2),
                                        period_end=BEIJING_TODAY)]
    db.session.commit()
    from exchange.agreements import services
    from exchange.agreements.kinds import Party
    services.propose(version, deal["mediator"], True)
    services.accept(version, deal["enterprise"], Party.ENTERPRISE, confirmed=True)
    services.accept(version, deal["leader"], Party.STUDIO, confirmed=True)
    services.accept(version, deal["mediator"], Party.EMPLOYER_UNIT, "函")
    services.approve(version, deal["approver"])
    money.report_royalty(agreement, version.installments[0], deal["mediator"], 1_000_000)
    assert version.installments[0].amount_fen == 35_000


def test_export_file_names_carry_the_beijing_date(beijing_0400, client_for, active_agreement):
    client = client_for("union_staff")
    stamp = BEIJING_TODAY.strftime("%Y%m%d")
    for url in (f"/agreements/{active_agreement.id}/statement.csv", "/ledger/trial-balance.xlsx",
                "/ledger/ledger.beancount", "/achievements/export.csv",
                "/programme/report.xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert stamp in response.headers["Content-Disposition"], url
