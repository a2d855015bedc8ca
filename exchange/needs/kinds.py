"""Need states and closing reasons."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum


class NeedState(LabelledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    RETURNED = "returned"
    CLOSED = "closed"


NeedState.set_labels({
    NeedState.DRAFT: _l("Draft"),
    NeedState.SUBMITTED: _l("Awaiting review"),
    NeedState.PUBLISHED: _l("Published"),
    NeedState.RETURNED: _l("Returned"),
    NeedState.CLOSED: _l("Closed"),
})


class CloseReason(LabelledEnum):
    SOLVED = "solved"
    EXPIRED = "expired"


CloseReason.set_labels({
    CloseReason.SOLVED: _l("Solved"),
    CloseReason.EXPIRED: _l("Expired"),
})

# How far ahead a deadline may be set: needs are short-lived, a year-old one misleads.
MAX_DEADLINE_DAYS = 730
