from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db_types import UTCDateTime, utcnow
from exchange.enums import enum_column
from exchange.extensions import db
from exchange.feedback.kinds import FeedbackContext, FeedbackReason


class Feedback(db.Model):
    """One reason given, about one achievement: when an inquiry about it closed, when a
    party withdrew, or when a need's owner declined it as a match (need_id set; declined
    once per need and achievement)."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("context", "need_id", "achievement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    achievement_id: Mapped[int] = mapped_column(ForeignKey("achievements.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"), index=True)
    inquiry_id: Mapped[int | None] = mapped_column(ForeignKey("inquiries.id"), index=True)
    context: Mapped[FeedbackContext] = mapped_column(
        enum_column(FeedbackContext, "feedback_context", 20))
    reason: Mapped[FeedbackReason] = mapped_column(
        enum_column(FeedbackReason, "feedback_reason", 20))
    text: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    user = relationship("User")
