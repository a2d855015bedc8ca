"""Pure rules of agreements: percentages, schedules, legal-minimum warnings."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.achievements.kinds import AchievementType, LegalStatus
from exchange.agreements.kinds import BeneficiaryKind, DealType, InstallmentKind, PaymentKind
from exchange.agreements.legal import warnings_for
from exchange.agreements.schedule import (
    MAX_ROYALTY_PERIODS,
    build_lines,
    hold_against,
    one_year_from,
    royalty_due,
    royalty_periods,
    too_many_periods,
)
from exchange.money import bp_to_input, format_money, parse_percent_bp


@given(st.integers(min_value=0, max_value=10000))
def test_percent_round_trips_every_basis_point(bp):
    assert parse_percent_bp(bp_to_input(bp)) == bp
    assert parse_percent_bp(bp_to_input(bp) + "%") == bp


@given(st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=4))
def test_percent_accepts_exactly_two_decimals_in_range(value):
    text = str(value)
    if not 0 <= value <= 100:
        with pytest.raises(ValueError, match="range"):
            parse_percent_bp(text)
    elif value * 100 != (value * 100).to_integral_value():
        with pytest.raises(ValueError, match="precision"):
            parse_percent_bp(text)
    else:
        assert parse_percent_bp(text) == int(value * 100)


@pytest.mark.parametrize("text", ["", "abc", "NaN", "Infinity", "1e400x"])
def test_percent_refuses_non_numbers(text):
    with pytest.raises(ValueError):
        parse_percent_bp(text)


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_money_always_shows_fen_and_separators(fen):
    text = format_money(fen)
    assert text.lstrip("-").startswith("¥")
    assert Decimal(text.replace("¥", "").replace(",", "")) * 100 == fen
    assert text.endswith(f"{abs(fen) % 100:02d}")


def test_money_example():
    assert format_money(123456) == "¥1,234.56"
    assert format_money(10000001) == "¥100,000.01"


def test_royalty_lines_cover_the_term_and_fall_due_a_month_after_each_period():
    lines = build_lines(PaymentKind.ENTRY_FEE_ROYALTY, consideration_fen=None,
                        first_due_on=date(2026, 1, 15), instalments=[],
                        entry_fee_fen=5_000_000, term_start=date(2026, 1, 1),
                        term_end=date(2026, 12, 31), period_months=3)
    assert [line.kind for line in lines] == [InstallmentKind.ENTRY_FEE] + [
        InstallmentKind.ROYALTY] * 4
    assert lines[1].period_start == date(2026, 1, 1) and lines[1].period_end == date(2026, 3, 31)
    assert lines[-1].period_end == date(2026, 12, 31)
    assert lines[1].due_on == date(2026, 4, 30)
    assert all(line.amount_fen is None for line in lines[1:])


def test_royalty_due_rounds_half_up_to_the_fen():
    assert royalty_due(1_000_000, 350) == 35_000
    assert royalty_due(1, 5000) == 1  # 0.5 fen rounds up
    assert royalty_due(1, 4999) == 0


def _line(position, due, amount):
    return SimpleNamespace(position=position, due_on=due, amount_fen=amount)


def test_money_received_settles_the_oldest_lines_first():
    lines = [_line(1, date(2026, 6, 1), 300), _line(0, date(2026, 3, 1), 500),
             _line(2, date(2026, 9, 1), None)]
    statuses = hold_against(lines, 600, today=date(2026, 7, 1))
    assert [(s.installment.position, s.received_fen, s.status) for s in statuses] == [
        (0, 500, "paid"), (1, 100, "overdue"), (2, 0, "awaiting_report")]
    assert statuses[1].outstanding_fen == 200
    early = hold_against(lines, 100, today=date(2026, 1, 1))
    assert [s.status for s in early] == ["part_paid", "due", "awaiting_report"]


def _people(*pairs):
    return [SimpleNamespace(kind=kind, share_bp=bp) for kind, bp in pairs]


@pytest.mark.parametrize(("deal", "inventor_bp", "warned"), [
    (DealType.TRANSFER, 4999, True), (DealType.TRANSFER, 5000, False),
    (DealType.LICENSE, 3000, True), (DealType.EQUITY, 5000, False),
    (DealType.EQUITY, 4000, True), (DealType.SERVICE, 499, True),
    (DealType.CO_DEVELOPMENT, 500, False),
])
def test_art45_minimums_by_deal_type(deal, inventor_bp, warned):
    achievement = SimpleNamespace(type=AchievementType.TECHNICAL_INNOVATION, legal_status=None)
    people = _people((BeneficiaryKind.INVENTOR, inventor_bp),
                     (BeneficiaryKind.EMPLOYER_UNIT, 10000 - inventor_bp))
    codes = [w.code for w in warnings_for(deal, people, achievement)]
    assert codes == (["art45"] if warned else [])


def test_granted_patents_remind_the_art93_reward():
    people = _people((BeneficiaryKind.INVENTOR, 6000), (BeneficiaryKind.PLATFORM, 4000))
    granted = SimpleNamespace(type=AchievementType.INVENTION_PATENT,
                              legal_status=LegalStatus.GRANTED)
    pending = SimpleNamespace(type=AchievementType.UTILITY_MODEL,
                              legal_status=LegalStatus.PENDING)
    found = warnings_for(DealType.TRANSFER, people, granted)
    assert [w.code for w in found] == ["art93"]
    assert "4,000" in str(found[0].message)
    assert warnings_for(DealType.TRANSFER, people, pending) == []


# Royalty periods (issue 15, H): they tile the term exactly, in calendar months.

@pytest.mark.parametrize("start", [date(2026, 12, 2), date(2026, 11, 30), date(2027, 1, 31),
                                   date(2024, 2, 29), date(2027, 12, 31)])
@pytest.mark.parametrize("months", [3, 6, 12])
def test_a_one_year_term_has_whole_periods_and_no_stub(start, months):
    """Before: the default term ran 365 days and each period was chained from the last, so a
    one-year quarterly term got a fifth, one-day period ('2027-12-02 – 2027-12-02')."""
    end = one_year_from(start)
    periods = royalty_periods(start, end, months)
    assert len(periods) == 12 // months
    assert [begin for begin, _ in periods] == [
        start + relativedelta(months=months * k) for k in range(12 // months)]
    assert periods[-1][1] == end


def test_a_new_agreement_runs_one_year_to_the_day_before_the_anniversary(db, deal):
    from tests.support import factories

    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"])
    version = agreement.versions[0]
    assert version.term_end == one_year_from(version.term_start)
    assert version.installments[0].due_on == version.term_start + relativedelta(months=1)


def test_royalty_falls_due_a_calendar_month_after_the_period():
    """'A month after the period ends' (the form's words) is a calendar month, not 30 days."""
    lines = build_lines(PaymentKind.ROYALTY, consideration_fen=None, first_due_on=None,
                        instalments=[], entry_fee_fen=None, term_start=date(2026, 11, 1),
                        term_end=date(2027, 10, 31), period_months=3)
    assert [(line.period_end, line.due_on) for line in lines] == [
        (date(2027, 1, 31), date(2027, 2, 28)), (date(2027, 4, 30), date(2027, 5, 30)),
        (date(2027, 7, 31), date(2027, 8, 31)), (date(2027, 10, 31), date(2027, 11, 30))]


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
       st.integers(min_value=0, max_value=3700), st.sampled_from([3, 6, 12]))
def test_royalty_periods_tile_any_term(start, days, months):
    end = start + timedelta(days=days)
    try:
        periods = royalty_periods(start, end, months)
    except ValueError:
        assert too_many_periods(start, end, months)
        return
    assert periods[0][0] == start and periods[-1][1] == end
    for (_, stop), (begin, _) in zip(periods, periods[1:], strict=False):
        assert begin == stop + timedelta(days=1)  # no gap, no overlap
    for k, (begin, stop) in enumerate(periods):
        assert begin == start + relativedelta(months=months * k)  # calendar months, no drift
        assert begin <= stop
        if len(periods) > 1:  # no stub: every period spans at least a month
            assert stop >= begin + relativedelta(months=1) - timedelta(days=1)
    assert len(periods) <= MAX_ROYALTY_PERIODS


def test_percentages_are_exact_and_never_overflow():
    """Trust rule: no input gives a 500, and a share is never rounded silently."""
    for text, reason in (("1e999999", "range"), ("1e-999999", "precision"),
                         ("12.0000000000000000000000000001", "precision")):
        with pytest.raises(ValueError) as caught:
            parse_percent_bp(text)
        assert str(caught.value) == reason
