"""Technical needs (技术需求): who sees, edits and moves a need, and sees its contact."""
from __future__ import annotations

from exchange.access import belongs_to_enterprise, is_staff
from exchange.needs.kinds import NeedState

EDITABLE = frozenset({NeedState.DRAFT, NeedState.RETURNED})


def can_view(user, need) -> bool:
    return (need.state in (NeedState.PUBLISHED, NeedState.CLOSED) or is_staff(user)
            or belongs_to_enterprise(user, need.enterprise_id))


def can_see_history(user, need) -> bool:
    return is_staff(user) or belongs_to_enterprise(user, need.enterprise_id)


def can_see_contact(user, need) -> bool:
    # Contact details are for signed-in users: the union asked not to feed scrapers.
    return user.is_authenticated and can_view(user, need)


def can_edit(user, need) -> bool:
    return belongs_to_enterprise(user, need.enterprise_id) and need.state in EDITABLE


def may_act(user, need, action) -> bool:
    owner = belongs_to_enterprise(user, need.enterprise_id)
    staff = is_staff(user)
    return {"owner": owner, "staff": staff, "owner_or_staff": owner or staff}[action.actor]


def is_audience(user, need) -> bool:
    """Whom a need's matches are for: its enterprise's accounts (the matching funnel
    counts what they were shown and took further)."""
    return belongs_to_enterprise(user, need.enterprise_id)
