"""API rules: whose tokens and webhooks a user manages, what a token's scope allows."""
from __future__ import annotations


def can_manage_token(user, token) -> bool:
    return user.is_authenticated and token.user_id == user.id


def can_write_with(token) -> bool:
    """A read token reads; only a write token changes anything (and reads too)."""
    return token is not None and token.writes


def can_manage_webhook(user, webhook) -> bool:
    return user.is_authenticated and webhook.user_id == user.id

