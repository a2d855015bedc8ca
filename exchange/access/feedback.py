"""Coded feedback: an achievement's feedback is for its studio and union staff."""
from __future__ import annotations

from exchange.access import belongs_to_enterprise, belongs_to_studio, is_staff


def can_read_for(user, achievement) -> bool:
    return is_staff(user) or belongs_to_studio(user, achievement.studio_id)


def can_decline_for(user, need) -> bool:
    return belongs_to_enterprise(user, need.enterprise_id)
