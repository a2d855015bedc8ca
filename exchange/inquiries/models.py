from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.achievements.models import Achievement
from exchange.db_types import UTCDateTime, utcnow
from exchange.enums import enum_column
from exchange.extensions import db
from exchange.inquiries.kinds import InquiryState
from exchange.needs.models import Need


class Inquiry(db.Model):
    """An enterprise's inquiry about one achievement, possibly answering one of its needs."""

    __tablename__ = "inquiries"
    # The needs funnel asks "does this need have an inquiry in these states?" (0011).
    # One inquiry that is not closed per enterprise and achievement (0016): a second
    # visit or a double click is sent to it (issue 15, D.10; Trust rule: Exactly once).
    __table_args__ = (
        Index("ix_inquiries_need_id_state", "need_id", "state"),
        Index("uq_inquiries_enterprise_id_achievement_id_live", "enterprise_id",
              "achievement_id", unique=True, sqlite_where=text("state <> 'closed'"),
              postgresql_where=text("state <> 'closed'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    achievement_id: Mapped[int] = mapped_column(ForeignKey("achievements.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[InquiryState] = mapped_column(
        enum_column(InquiryState, "inquiry_state", 16), default=InquiryState.OPEN, index=True)
    close_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # Classes, not names: importing this module must register what it points at.
    achievement: Mapped[Achievement] = relationship()
    need: Mapped[Need | None] = relationship()
    enterprise = relationship("Enterprise")
    opened_by = relationship("User", foreign_keys=[opened_by_id])
    mediator = relationship("User", foreign_keys=[mediator_id])
    messages: Mapped[list[InquiryMessage]] = relationship(
        cascade="all, delete-orphan", order_by="InquiryMessage.id")


class InquiryMessage(db.Model):
    """One entry of the thread: a party's message, or an event (assignment, state change)
    written by the system in the actor's name."""

    __tablename__ = "inquiry_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"),
                                            index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16), default="message")  # or "event"
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User")
    attachments: Mapped[list[InquiryAttachment]] = relationship(
        cascade="all, delete-orphan", order_by="InquiryAttachment.id")


class InquiryAttachment(db.Model):
    """A file sent in a thread: checked and stored like an achievement's attachments."""

    __tablename__ = "inquiry_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("inquiry_messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
