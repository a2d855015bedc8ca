from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from exchange.db_types import UTCDateTime, utcnow
from exchange.extensions import db


class Subscription(db.Model):
    """What a user watches: achievements or needs, with a query (every term must occur),
    keywords (any of them) and facet filters (facet -> accepted codes, any of them)."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "achievements" or "needs"
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[str] = mapped_column(String(200), default="")
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_matched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SubscriptionHit(db.Model):
    """One item delivered to one subscription: never twice (the delivery job may run
    again; the unique pair refuses the second)."""

    __tablename__ = "subscription_hits"
    __table_args__ = (UniqueConstraint("subscription_id", "doc_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True)
    doc_id: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
