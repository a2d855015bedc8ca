"""A frozen clock for "today" tests: 20:00 UTC on New Year's Eve is already 04:00 on
1 January in Beijing, so the UTC date, the UTC year and the local ones all differ."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

UTC_EVENING = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)
BEIJING_TODAY = date(2027, 1, 1)


@pytest.fixture
def beijing_0400():
    """Travel to UTC_EVENING (the clock ticks on from there) for the whole test. List it
    first among a test's fixtures so the app and its data are made at the same time."""
    with time_machine.travel(UTC_EVENING, tick=True):
        yield BEIJING_TODAY
