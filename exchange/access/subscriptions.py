"""Subscriptions: who may subscribe, and whose a subscription is."""
from __future__ import annotations

from exchange.access import STUDIO_ROLES


def can_subscribe(user) -> bool:
    return user.is_authenticated


def can_watch_studio_needs(user) -> bool:
    return user.is_authenticated and user.role in STUDIO_ROLES and user.studio_id is not None


def can_manage(user, subscription) -> bool:
    return user.is_authenticated and subscription.user_id == user.id
