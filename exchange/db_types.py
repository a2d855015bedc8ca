"""Column types shared by every domain."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC: SQLite keeps no zone, PostgreSQL would shift it."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store aware UTC datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


# The programme counts by the calendar of the people who run it (Beijing time): an item
# published at 2026-12-31 20:00 UTC belongs to 2027.
LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


def local_year_bounds(year: int) -> tuple[datetime, datetime]:
    """[start, end) of the local calendar year as aware UTC instants."""
    return (datetime(year, 1, 1, tzinfo=LOCAL_ZONE).astimezone(UTC),
            datetime(year + 1, 1, 1, tzinfo=LOCAL_ZONE).astimezone(UTC))


def local_month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar month as aware UTC instants."""
    following = (year + month // 12, month % 12 + 1)
    return (datetime(year, month, 1, tzinfo=LOCAL_ZONE).astimezone(UTC),
            datetime(*following, 1, tzinfo=LOCAL_ZONE).astimezone(UTC))


def local_today() -> date:
    """Today in Beijing: the one "today" of the app (defaults, "not after today" checks,
    deadlines, file names). Tests freeze it with time-machine (tests/support/clock.py)."""
    return datetime.now(LOCAL_ZONE).date()
