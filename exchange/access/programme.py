"""The activity log and targets of 双创双提升: who records, sees, changes and verifies."""
from __future__ import annotations

from exchange.access import belongs_to_studio, is_staff


def can_record(user, studio_id: int | None) -> bool:
    return is_staff(user) or belongs_to_studio(user, studio_id)


def can_view(user, activity) -> bool:
    return is_staff(user) or belongs_to_studio(user, activity.studio_id)


def can_change(user, activity) -> bool:
    """Edit or delete: staff always; the entry's studio only while it is unverified."""
    return is_staff(user) or (belongs_to_studio(user, activity.studio_id)
                              and not activity.verified)


def can_verify(user) -> bool:
    return is_staff(user)


def can_set_targets(user) -> bool:
    return is_staff(user)


def sees_every_studio(user) -> bool:
    """Staff list and filter every studio's entries; a studio sees its own."""
    return is_staff(user)
