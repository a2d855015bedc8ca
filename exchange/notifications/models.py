from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from exchange.db_types import UTCDateTime, utcnow
from exchange.enums import LabelledEnum, enum_column
from exchange.extensions import db


class Channel(LabelledEnum):
    """How a notification reaches its reader besides the bell."""

    IN_APP = "in_app"
    IMMEDIATE = "immediate"
    DIGEST = "digest"


Channel.set_labels({
    Channel.IN_APP: _l("In the app only"),
    Channel.IMMEDIATE: _l("E-mail at once"),
    Channel.DIGEST: _l("Daily digest e-mail (08:00)"),
})
CHANNEL_ENUM = enum_column(Channel, "notification_channel", 10)


class Category(LabelledEnum):
    """What a notification is about: the unit a user chooses a channel for."""

    REVIEW = "review"
    MATCH = "match"
    INQUIRY = "inquiry"
    AGREEMENT = "agreement"
    MONEY = "money"
    DEADLINE = "deadline"
    SUBSCRIPTION = "subscription"


Category.set_labels({
    Category.REVIEW: _l("Review outcomes and items to review"),
    Category.MATCH: _l("New matches"),
    Category.INQUIRY: _l("Inquiry messages"),
    Category.AGREEMENT: _l("Agreement steps"),
    Category.MONEY: _l("Money received and paid out"),
    Category.DEADLINE: _l("Deadlines"),
    Category.SUBSCRIPTION: _l("Subscriptions and saved searches"),
})


class Notification(db.Model):
    """A message key and its parameters, rendered at display time in the reader's language."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The channel chosen when it was created; a digest mail sets mailed_at.
    delivery: Mapped[Channel] = mapped_column(CHANNEL_ENUM, default=Channel.IN_APP,
                                              server_default=Channel.IN_APP.value)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NotificationPreference(db.Model):
    """A user's choice for one category; without a row the role's default holds."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    category: Mapped[Category] = mapped_column(enum_column(Category, "notification_category",
                                                           20))
    channel: Mapped[Channel] = mapped_column(CHANNEL_ENUM)
