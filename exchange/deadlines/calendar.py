"""Working days on the Chinese calendar: public holidays and the make-up working days
(调休) announced each year, from the maintained `chinese-calendar` package. Beyond the
years it knows (it raises NotImplementedError), Monday to Friday count, and that is
logged once so that an operator updates the package."""
from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

import chinese_calendar

from exchange.db_types import LOCAL_ZONE

log = logging.getLogger(__name__)
_warned: set[int] = set()


def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        if day.year not in _warned:
            _warned.add(day.year)
            log.warning("chinese-calendar has no data for %s: counting Monday to Friday; "
                        "update the package", day.year)
        return day.weekday() < 5


def due_after(start: datetime, working_days: int) -> datetime:
    """The deadline `working_days` working days after `start` (aware): the end of that
    many working days counted from the day after start's local date, i.e. 00:00 Beijing
    time of the day after the last of them. 0 days: the end of start's own day."""
    day = start.astimezone(LOCAL_ZONE).date()
    counted = 0
    while counted < working_days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=LOCAL_ZONE)


def working_days_between(start: datetime, end: datetime) -> int:
    """Working days whose end lies in (start, end]: how long a deadline is overdue."""
    first = start.astimezone(LOCAL_ZONE).date()
    last = end.astimezone(LOCAL_ZONE).date()
    return sum(1 for n in range((last - first).days)
               if is_working_day(first + timedelta(days=n)))
