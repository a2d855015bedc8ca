"""How notifications leave the app: each user's channel per category (with defaults per
role), a mail at once, or the daily digest at 08:00 Beijing time; and the signed
one-click unsubscribe. Flush only; the caller (or the job runner) commits."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from exchange.auth.models import User
from exchange.auth.roles import Role
from exchange.db_types import LOCAL_ZONE, utcnow
from exchange.extensions import db
from exchange.jobs import services as jobs
from exchange.jobs.registry import handler
from exchange.mail import services as mail
from exchange.navigation import path_for
from exchange.notifications.models import Category, Channel, Notification, NotificationPreference

IN, NOW, DAILY = Channel.IN_APP, Channel.IMMEDIATE, Channel.DIGEST
# What a role gets without having chosen: what asks them to act arrives at once, what
# informs arrives in the digest (staff see every submission: a digest, not a mail each).
_PEOPLE = {Category.REVIEW: NOW, Category.MATCH: DAILY, Category.INQUIRY: NOW,
           Category.AGREEMENT: NOW, Category.MONEY: NOW, Category.DEADLINE: NOW,
           Category.SUBSCRIPTION: DAILY}
DEFAULTS: dict[Role, dict[Category, Channel]] = {
    Role.ENTERPRISE: _PEOPLE,
    Role.STUDIO_MEMBER: _PEOPLE,
    Role.STUDIO_LEADER: _PEOPLE,
    Role.UNION_STAFF: {**_PEOPLE, Category.REVIEW: DAILY, Category.MATCH: IN,
                       Category.MONEY: DAILY},
    Role.ADMIN: {**{c: IN for c in Category}, Category.DEADLINE: DAILY},
}
# Notification kinds by the prefix of their name; the rest are review outcomes.
_PREFIXES = (("match_", Category.MATCH), ("inquiry_", Category.INQUIRY),
             ("agreement_", Category.AGREEMENT), ("share_", Category.MONEY),
             ("deadline_", Category.DEADLINE), ("subscription_", Category.SUBSCRIPTION))
DIGEST_HOUR = 8  # local (Beijing) time
UNSUBSCRIBE_SALT = "notification-unsubscribe"


def category_of(kind: str) -> Category:
    return next((category for prefix, category in _PREFIXES if kind.startswith(prefix)),
                Category.REVIEW)


def choices(user: User) -> dict[Category, Channel]:
    """The channel of every category for this user: their choice, else the default."""
    chosen = dict(db.session.execute(db.select(
        NotificationPreference.category, NotificationPreference.channel).where(
        NotificationPreference.user_id == user.id)).all())
    defaults = DEFAULTS[user.role]
    return {category: chosen.get(category, defaults[category]) for category in Category}


def channel_for(user: User, kind: str) -> Channel:
    category = category_of(kind)
    chosen = db.session.execute(db.select(NotificationPreference.channel).where(
        NotificationPreference.user_id == user.id,
        NotificationPreference.category == category)).scalar_one_or_none()
    return chosen or DEFAULTS[user.role][category]


def set_choices(user: User, wanted: dict[Category, Channel]) -> None:
    rows = {p.category: p for p in db.session.execute(db.select(NotificationPreference).where(
        NotificationPreference.user_id == user.id)).scalars()}
    for category, channel in wanted.items():
        row = rows.get(category)
        if row is None:
            db.session.add(NotificationPreference(user_id=user.id, category=category,
                                                  channel=channel))
        else:
            row.channel = channel
    db.session.flush()


QUIET = "notifications_quiet"  # session.info flag: history being loaded, nobody is told


def deliver(note: Notification, text) -> None:
    """Called for each new notification: remember its channel, mail it if at once."""
    if db.session.info.get(QUIET):
        return
    user = db.session.get(User, note.user_id)
    if user is None or not user.active:
        return
    note.delivery = channel_for(user, note.kind)
    if note.delivery == Channel.IMMEDIATE:
        mail.queue(user, "notice", kind=note.kind, note=note, text=text,
                   link=mail.absolute(note.link or path_for("notifications.index")),
                   unsubscribe_path=unsubscribe_path(user, category_of(note.kind)))
        note.mailed_at = utcnow()


# --- the daily digest ------------------------------------------------------------------

def digest_cutoff(now: datetime | None = None) -> datetime | None:
    """The latest 08:00 Beijing time not after now (aware UTC); None before the first."""
    local = (now or utcnow()).astimezone(LOCAL_ZONE)
    today_at = datetime.combine(local.date(), time(DIGEST_HOUR), tzinfo=LOCAL_ZONE)
    return today_at if local >= today_at else today_at - timedelta(days=1)


@handler("notifications.digests", minute="*/10")
def queue_digests(now: datetime | None = None) -> int:
    """Every ten minutes: one digest job per user with digest notifications from
    before today's 08:00, keyed by user and day (a second run asks for the same job)."""
    cutoff = digest_cutoff(now)
    day = cutoff.astimezone(LOCAL_ZONE).date().isoformat()
    user_ids = db.session.execute(db.select(Notification.user_id).where(
        Notification.delivery == Channel.DIGEST, Notification.mailed_at.is_(None),
        Notification.read_at.is_(None), Notification.created_at < cutoff)
        .group_by(Notification.user_id)).scalars().all()
    for user_id in user_ids:
        jobs.enqueue("notifications.digest", key=f"digest:{user_id}:{day}", user_id=user_id,
                     cutoff=cutoff.isoformat())
    return len(user_ids)


@handler("notifications.digest")
def send_digest(user_id: int, cutoff: str) -> None:
    from exchange.notifications.services import text

    user = db.session.get(User, user_id)
    notes = db.session.execute(db.select(Notification).where(
        Notification.user_id == user_id, Notification.delivery == Channel.DIGEST,
        Notification.mailed_at.is_(None), Notification.read_at.is_(None),
        Notification.created_at < datetime.fromisoformat(cutoff))
        .order_by(Notification.created_at, Notification.id)).scalars().all()
    if not notes or user is None or not user.active:
        return
    mail.queue(user, "digest", notes=notes, text=text,
               link_of=lambda n: mail.absolute(n.link or path_for("notifications.index")),
               unsubscribe_path=unsubscribe_path(user, None))
    for note in notes:
        note.mailed_at = utcnow()
    db.session.flush()


# --- unsubscribe ---------------------------------------------------------------------

def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_path(user: User, category: Category | None) -> str:
    """A one-click link that stops this category's mails (None: the daily digest)."""
    token = _signer().dumps([user.id, category.value if category else ""])
    return path_for("notifications.unsubscribe", token=token)


def read_unsubscribe(token: str) -> tuple[User, Category | None] | None:
    try:
        user_id, category = _signer().loads(token)
        user = db.session.get(User, int(user_id))
        return (user, Category(category) if category else None) if user else None
    except (BadSignature, ValueError, TypeError):
        return None


def unsubscribe(user: User, category: Category | None) -> None:
    """Mails of this category stop (in the app only); None: every category that went to
    the digest goes to the app only."""
    current = choices(user)
    if category is None:
        set_choices(user, {c: IN for c, ch in current.items() if ch == DAILY})
    else:
        set_choices(user, {category: IN})
