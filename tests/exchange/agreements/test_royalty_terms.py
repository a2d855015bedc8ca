"""Royalty terms through the form: whole periods, and a clear refusal past the cap
(issue 15, H)."""
from __future__ import annotations

from datetime import date

from exchange.agreements.kinds import InstallmentKind
from exchange.agreements.models import Agreement
from exchange.extensions import db
from tests.exchange.agreements.test_lifecycle import TERMS
from tests.support import factories

ROYALTY = dict(TERMS, payment_kind="royalty", royalty_rate="3.5", royalty_base="sales",
               royalty_period="quarter", term_start="2026-11-30", term_end="2027-11-29")


def _royalty_lines(agreement_id):
    db.session.expire_all()
    version = db.session.get(Agreement, agreement_id).versions[0]
    return [(i.period_start, i.period_end, i.due_on) for i in version.installments
            if i.kind == InstallmentKind.ROYALTY]


def test_a_one_year_quarterly_term_has_four_periods(client_for, deal):
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "draft")
    response = client_for("union_staff").post(
        f"/agreements/{agreement.id}/versions/1/edit", data=ROYALTY)
    assert response.status_code == 302
    assert _royalty_lines(agreement.id) == [
        (date(2026, 11, 30), date(2027, 2, 27), date(2027, 3, 27)),
        (date(2027, 2, 28), date(2027, 5, 29), date(2027, 6, 29)),
        (date(2027, 5, 30), date(2027, 8, 29), date(2027, 9, 29)),
        (date(2027, 8, 30), date(2027, 11, 29), date(2027, 12, 29))]


def test_a_term_needing_more_than_forty_periods_is_refused_on_the_field(client_for, deal):
    """Before: the schedule silently stopped after 40 periods, leaving the rest of the term
    without a royalty line."""
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "draft")
    before = _royalty_lines(agreement.id)
    response = client_for("union_staff").post(
        f"/agreements/{agreement.id}/versions/1/edit",
        data=dict(ROYALTY, term_start="2026-01-01", term_end="2040-12-31"))
    assert response.status_code == 200
    assert "提成期数最多为 40 期" in response.text
    assert 'value="2040-12-31"' in response.text  # what was typed is kept
    assert _royalty_lines(agreement.id) == before
