"""Inquiries: who takes part, opening, messages, mediation. Flush only; the caller commits."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from exchange import signals
from exchange.access import require_confirmed_email
from exchange.access.inquiries import can_assign, can_open, is_mediator, is_party
from exchange.achievements import attachments
from exchange.achievements.kinds import State
from exchange.achievements.models import Achievement
from exchange.audit import services as audit
from exchange.auth.models import User
from exchange.auth.roles import Role
from exchange.db_types import utcnow
from exchange.extensions import db
from exchange.feedback import services as feedback
from exchange.feedback.kinds import FeedbackContext, FeedbackReason
from exchange.inquiries.kinds import MOVES, InquiryState
from exchange.inquiries.models import Inquiry, InquiryAttachment, InquiryMessage
from exchange.navigation import path_for
from exchange.notifications import services as notifications
from exchange.services_base import DomainError, Refused, insert_once
from ledger.store import begin_write

MAX_MESSAGE = 5000


def party_ids(inquiry: Inquiry) -> set[int]:
    studio_people = db.session.execute(db.select(User.id).where(
        User.studio_id == inquiry.achievement.studio_id, User.active.is_(True))).scalars()
    enterprise_people = db.session.execute(db.select(User.id).where(
        User.enterprise_id == inquiry.enterprise_id, User.active.is_(True))).scalars()
    ids = {*studio_people, *enterprise_people}
    if inquiry.mediator_id:
        ids.add(inquiry.mediator_id)
    return ids


def _tell(inquiry: Inquiry, actor_id: int | None, kind: str, **params) -> None:
    for user_id in sorted(party_ids(inquiry) - {actor_id}):
        notifications.notify(user_id, kind,
                             link=path_for("inquiries.detail", inquiry_id=inquiry.id),
                             title=inquiry.achievement.title, **params)


def _body(text: str) -> str:
    body = (text or "").strip()
    if not body:
        raise DomainError(_l("Write a message."), "body")
    if len(body) > MAX_MESSAGE:
        raise DomainError(_l("Enter at most %(max)d characters.", max=MAX_MESSAGE), "body")
    return body


class AlreadyOpen(Exception):  # noqa: N818 - a redirect, not an error to the user
    """The enterprise already has an inquiry on this achievement that is not closed."""

    def __init__(self, inquiry_id: int):
        super().__init__(inquiry_id)
        self.inquiry_id = inquiry_id


def live_inquiry_id(enterprise_id: int, achievement_id: int) -> int | None:
    """The enterprise's inquiry on this achievement that is not closed, if any."""
    return db.session.scalar(db.select(Inquiry.id).where(
        Inquiry.enterprise_id == enterprise_id, Inquiry.achievement_id == achievement_id,
        Inquiry.state != InquiryState.CLOSED))


def open_inquiry(actor, achievement, text: str, need=None) -> Inquiry:
    """Open an inquiry, at most one live per enterprise and achievement: AlreadyOpen
    names the existing one. The database's partial unique index holds the rule when
    two requests race (a double click); the loser is sent to the winner's inquiry."""
    if not can_open(actor):
        raise Refused("only enterprises open inquiries")
    require_confirmed_email(actor)
    if achievement.state != State.PUBLISHED:
        raise DomainError(_l("Inquiries are possible on published achievements only."))
    if need is not None and need.enterprise_id != actor.enterprise_id:
        raise Refused("not this enterprise's need")
    body = _body(text)
    begin_write(db.session.connection())  # SQLite: writers queue before the check
    existing = live_inquiry_id(actor.enterprise_id, achievement.id)
    if existing is not None:
        raise AlreadyOpen(existing)
    inquiry = Inquiry(achievement=achievement, need=need, enterprise_id=actor.enterprise_id,
                      opened_by_id=actor.id, state=InquiryState.OPEN)
    inquiry.messages.append(InquiryMessage(author_id=actor.id, body=body))
    refused = insert_once(inquiry)  # PostgreSQL: a refused INSERT spoils no more
    if refused is not None:
        existing = live_inquiry_id(actor.enterprise_id, achievement.id)
        if existing is None:
            raise refused
        raise AlreadyOpen(existing)
    _tell(inquiry, actor.id, "inquiry_opened")
    # Nobody mediates it yet: every staff member hears of it (issue 15, D.11).
    notifications.notify_staff("inquiry_unassigned",
                               path_for("inquiries.detail", inquiry_id=inquiry.id),
                               title=achievement.title)
    signals.inquiry_changed.send(inquiry, actor=actor)
    return inquiry


def post(actor, inquiry: Inquiry, text: str, upload=None) -> InquiryMessage:
    """A message, with at most one file (`upload`: a FileStorage) checked by its bytes."""
    if not is_party(actor, inquiry):
        raise Refused("not a party")
    if inquiry.state in (InquiryState.AGREED, InquiryState.CLOSED):
        raise DomainError(_l("This inquiry is %(state)s: the thread is read-only.",
                             state=inquiry.state.label))
    message = InquiryMessage(author_id=actor.id, body=_body(text))
    if upload is not None and upload.filename:
        message.attachments.append(InquiryAttachment(
            **attachments.save_upload(upload.stream, upload.filename),
            uploaded_by_id=actor.id))
    inquiry.messages.append(message)
    inquiry.updated_at = utcnow()  # a new message brings the inquiry to the top of lists
    db.session.flush()
    _tell(inquiry, actor.id, "inquiry_message")
    signals.inquiry_changed.send(inquiry, actor=actor)
    return message


def assign(actor, inquiry: Inquiry, mediator: User) -> None:
    if not can_assign(actor):
        raise Refused("staff assign mediators")
    if mediator.role != Role.UNION_STAFF or not mediator.active:
        raise DomainError(_l("Choose an active union staff member."), "mediator")
    inquiry.mediator_id = mediator.id
    inquiry.messages.append(InquiryMessage(author_id=actor.id, kind="event",
                                           body=f"mediator:{mediator.name}"))
    db.session.flush()
    _tell(inquiry, actor.id, "inquiry_assigned", mediator=mediator.name)
    signals.inquiry_changed.send(inquiry, actor=actor)


def move(actor, inquiry: Inquiry, target: InquiryState, reason: str = "",
         confirmed: bool = False, reason_code: str | None = None) -> None:
    """The mediator moves the inquiry on; a party (the enterprise or the studio) may
    withdraw, which closes it. Closing records a coded reason (`reason_code` from the
    short list; without one, the text is an "other" reason) for the studio and the
    dashboard. Agreed cannot be undone: it needs `confirmed` (the "I confirm" box)."""
    withdrawing = (target == InquiryState.CLOSED and not is_mediator(actor, inquiry)
                   and is_party(actor, inquiry))
    if not (is_mediator(actor, inquiry) or withdrawing):
        raise Refused("mediator only")
    if target not in MOVES[inquiry.state]:
        raise DomainError(_l("An inquiry that is %(state)s cannot become %(target)s.",
                             state=inquiry.state.label, target=target.label))
    reason = (reason or "").strip()
    coded = None
    if target == InquiryState.CLOSED:
        if not (reason_code or reason):
            raise DomainError(_l("Say why the inquiry is closed."), "reason_code")
        coded = feedback.parse_reason(reason_code or FeedbackReason.OTHER.value, reason)
        reason = reason or str(coded[0].label)
    if target == InquiryState.AGREED and not confirmed:
        raise DomainError(_l("Tick the box to confirm: an agreed inquiry cannot be reopened."),
                          "confirm")
    if coded is not None:
        feedback.record(actor, FeedbackContext.WITHDRAWN if withdrawing
                        else FeedbackContext.INQUIRY_CLOSED, *coded,
                        achievement_id=inquiry.achievement_id, need_id=None,
                        inquiry_id=inquiry.id)
    before = inquiry.state
    inquiry.state = target
    inquiry.close_reason = reason if target == InquiryState.CLOSED else ""
    inquiry.messages.append(InquiryMessage(author_id=actor.id, kind="event",
                                           body=f"state:{target.value}" +
                                           (f":{reason}" if reason else "")))
    db.session.flush()
    if target == InquiryState.AGREED:
        audit.record(actor, "inquiry.agreed", "inquiry", inquiry.id, before={"state": before},
                     after={"state": target})
    _tell(inquiry, actor.id, "inquiry_state", state=target.value)
    signals.inquiry_changed.send(inquiry, actor=actor)


def visible_to(user):
    """The inquiries a user's list shows: their own side's, or every one for staff."""
    # What the list shows of each inquiry, loaded for the page instead of per row.
    stmt = db.select(Inquiry).options(
        selectinload(Inquiry.achievement).selectinload(Achievement.studio),
        selectinload(Inquiry.enterprise), selectinload(Inquiry.mediator))
    if user.role == Role.ENTERPRISE:
        stmt = stmt.where(Inquiry.enterprise_id == user.enterprise_id)
    elif user.role.is_studio:
        stmt = stmt.join(Inquiry.achievement).where(Achievement.studio_id == user.studio_id)
    return stmt.order_by(Inquiry.updated_at.desc(), Inquiry.id.desc())


def mediators() -> list[User]:
    return list(db.session.execute(db.select(User).where(
        User.role == Role.UNION_STAFF, User.active.is_(True)).order_by(User.name)).scalars())
