"""Create, count and read notifications. Flush only; the caller commits."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange import signals
from exchange.db_types import utcnow
from exchange.extensions import db
from exchange.notifications import delivery
from exchange.notifications.models import Notification

MESSAGES = {
    "achievement_published": _l("Your achievement “%(title)s” was published."),
    "achievement_returned": _l("Your achievement “%(title)s” was returned: %(reason)s"),
    "achievement_withdrawn": _l("Your achievement “%(title)s” was withdrawn."),
    "achievement_traded": _l("Your achievement “%(title)s” was marked as traded."),
    "need_published": _l("Your technical need “%(title)s” was published."),
    "need_returned": _l("Your technical need “%(title)s” was returned: %(reason)s"),
    "need_expired": _l("Your technical need “%(title)s” passed its deadline and was closed."),
    "inquiry_opened": _l("New inquiry about “%(title)s”."),
    "inquiry_unassigned": _l("A new inquiry about “%(title)s” awaits a mediator."),
    "achievement_submitted": _l("The achievement “%(title)s” was submitted for review."),
    "need_submitted": _l("The technical need “%(title)s” was submitted for review."),
    "inquiry_message": _l("New message in the inquiry about “%(title)s”."),
    "inquiry_assigned": _l("%(mediator)s mediates the inquiry about “%(title)s”."),
    "inquiry_state": _l("The inquiry about “%(title)s” changed state."),
    "agreement_proposed": _l("Terms of the agreement on “%(title)s” await your acceptance."),
    "agreement_changes": _l("Changes were requested to the agreement on “%(title)s”: "
                            "%(reason)s"),
    "agreement_accepted": _l("All parties accepted the agreement on “%(title)s”; it awaits "
                             "approval."),
    "agreement_approved": _l("The agreement on “%(title)s” was approved and is in force."),
    "agreement_refused": _l("Approval of the agreement on “%(title)s” was refused: "
                            "%(reason)s"),
    "agreement_open_licence": _l("%(enterprise)s took the open licence on “%(title)s”: the "
                                 "licence agreement is in force and awaits the first "
                                 "payment."),
    "declaration_submitted": _l("The open-licence declaration on “%(title)s” awaits review."),
    "declaration_approved": _l("The open-licence declaration on “%(title)s” was approved: "
                               "the patentee files it with CNIPA."),
    "declaration_returned": _l("The open-licence declaration on “%(title)s” was returned: "
                               "%(reason)s"),
    "declaration_effective": _l("CNIPA announced the open licence on “%(title)s”; it is in "
                                "the catalogue."),
    "declaration_withdrawal": _l("Withdrawal of the open licence on “%(title)s” awaits "
                                 "review."),
    "declaration_withdrawn": _l("The open licence on “%(title)s” is withdrawn; licences "
                                "already taken stay in force."),
    "agreement_completed": _l("The agreement on “%(title)s” was completed."),
    "agreement_terminated": _l("The agreement on “%(title)s” was terminated: %(reason)s"),
    "share_allocated": _l("¥%(amount)s of a receipt under “%(title)s” was allocated to you."),
    "share_paid": _l("¥%(amount)s was paid out to you under “%(title)s”."),
    "match_for_need": _l("“%(title)s” may solve your need “%(need)s”."),
    "match_for_achievement": _l("Your achievement “%(title)s” matches the need “%(need)s”."),
    "subscription_match": _l("New for your subscription “%(name)s”: “%(title)s” (%(reason)s)."),
    "deadline_reminder": _l("Reminder: “%(title)s” awaits you by the end of %(day)s."),
    "deadline_overdue": _l("Overdue: “%(title)s” has waited past the end of %(day)s."),
    "webhook_disabled": _l("Your webhook to %(url)s failed too often and was switched off; "
                           "fix the receiver, then switch it on again."),
}


def notify(user_id: int, kind: str, link: str = "", **params) -> Notification:
    if kind not in MESSAGES:
        raise ValueError(kind)
    note = Notification(user_id=user_id, kind=kind, link=link, params=params)
    db.session.add(note)
    db.session.flush()
    delivery.deliver(note, text)
    signals.notified.send(note)
    return note


def save_preferences(user, wanted: dict, language: str) -> None:
    """The user's channel per category and the language of their mails."""
    delivery.set_choices(user, wanted)
    user.locale = language
    db.session.flush()


def text(note: Notification) -> str:
    return str(MESSAGES[note.kind]) % note.params


def for_user(user_id: int):
    return (db.select(Notification).where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def mark_read(user_id: int, note_id: int | None = None) -> None:
    stmt = (db.update(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .values(read_at=utcnow()))
    if note_id is not None:
        stmt = stmt.where(Notification.id == note_id)
    db.session.execute(stmt)


def staff_ids() -> list[int]:
    """The active union staff: who reviews items and assigns mediators."""
    from exchange.auth.models import User
    from exchange.auth.roles import Role

    return list(db.session.execute(db.select(User.id).where(
        User.role == Role.UNION_STAFF, User.active.is_(True)).order_by(User.id)).scalars())


def notify_staff(kind: str, link: str, except_id: int | None = None, **params) -> None:
    for user_id in staff_ids():
        if user_id != except_id:
            notify(user_id, kind, link=link, **params)


