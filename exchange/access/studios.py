"""Studios (劳模创新工作室): who manages a studio and who awards its titles."""
from __future__ import annotations

from exchange.access import belongs_to_studio, is_staff
from exchange.auth.roles import Role


def can_manage(user, studio) -> bool:
    """Union staff and admins manage every studio; a leader manages only their own."""
    return is_staff(user) or (user.is_authenticated and user.role == Role.STUDIO_LEADER
                              and belongs_to_studio(user, studio.id))


def can_award_titles(user) -> bool:
    """Titles (劳模, honour levels, demonstration status) are the union's to award."""
    return is_staff(user)


def can_remove_leader(user) -> bool:
    return is_staff(user)
