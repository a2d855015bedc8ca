"""Saving and listing favourites. Flush only; the caller commits."""
from __future__ import annotations

from exchange.achievements.kinds import State
from exchange.extensions import db
from exchange.favourites.models import Favourite


def is_saved(user, achievement_id: int) -> bool:
    return (user.is_authenticated
            and db.session.get(Favourite, (user.id, achievement_id)) is not None)


def toggle(user, achievement) -> bool:
    """Save or unsave; returns whether it is saved now. Only published items can be saved
    (an unsaved item that was withdrawn since cannot come back)."""
    found = db.session.get(Favourite, (user.id, achievement.id))
    if found is not None:
        db.session.delete(found)
        db.session.flush()
        return False
    if achievement.state != State.PUBLISHED:
        raise LookupError(achievement.id)
    db.session.add(Favourite(user_id=user.id, achievement_id=achievement.id))
    db.session.flush()
    return True


def for_user(user_id: int):
    return (db.select(Favourite).where(Favourite.user_id == user_id)
            .order_by(Favourite.created_at.desc(), Favourite.achievement_id.desc()))
