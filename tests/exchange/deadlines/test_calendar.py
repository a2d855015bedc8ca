"""Working days on the Chinese calendar (holidays and make-up working days)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.db_types import LOCAL_ZONE
from exchange.deadlines.calendar import due_after, is_working_day, working_days_between


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL_ZONE)


def test_a_weekend_does_not_count():
    # Friday 27 November 2026: Monday, Tuesday, Wednesday -> by the end of Wednesday.
    assert due_after(local(2026, 11, 27, 10), 3) == local(2026, 12, 3)


def test_national_day_does_not_count_and_its_make_up_saturday_does():
    # Wednesday 30 September 2026; 1-7 October are holidays; Saturday 10 October is a
    # make-up working day (调休): Thursday 8, Friday 9, Saturday 10 -> end of the 10th.
    assert not is_working_day(date(2026, 10, 5)) and is_working_day(date(2026, 10, 10))
    assert due_after(local(2026, 9, 30, 10), 3) == local(2026, 10, 11)


def test_zero_days_is_the_end_of_the_same_day():
    assert due_after(local(2026, 11, 27, 23, 59), 0) == local(2026, 11, 28)


def test_years_the_library_does_not_know_count_monday_to_friday(caplog):
    assert due_after(local(2031, 1, 3, 9), 1) == local(2031, 1, 7)  # Fri -> Mon
    assert "update the package" in caplog.text


def test_late_by_counts_working_days_only():
    assert working_days_between(local(2026, 10, 1), local(2026, 10, 9, 12)) == 1  # the 8th


@settings(max_examples=200, deadline=None)
@given(start=st.datetimes(min_value=datetime(2005, 1, 1), max_value=datetime(2035, 12, 31)),
       days=st.integers(min_value=0, max_value=30))
def test_deadlines_end_a_working_day_and_grow_with_the_days(start, days):
    start = start.replace(tzinfo=LOCAL_ZONE)
    due = due_after(start, days)
    assert due.hour == due.minute == 0 and due > start
    last_day = (due - timedelta(days=1)).date()
    assert days == 0 or is_working_day(last_day)
    assert due_after(start, days + 1) > due
    assert working_days_between(start, due) >= days
