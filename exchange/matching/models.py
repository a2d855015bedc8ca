from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from exchange.db_types import UTCDateTime, utcnow
from exchange.enums import enum_column
from exchange.extensions import db
from exchange.matching.kinds import MatchStage


class MatchEvent(db.Model):
    """A need–achievement match reaching a stage, once per pair and stage (the first
    time): who it was shown to or who took it further, and the score it was shown with."""

    __tablename__ = "match_events"
    __table_args__ = (UniqueConstraint("need_id", "achievement_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"))  # the unique key leads
    achievement_id: Mapped[int] = mapped_column(ForeignKey("achievements.id"), index=True)
    stage: Mapped[MatchStage] = mapped_column(enum_column(MatchStage, "match_stage", 12))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    score: Mapped[float | None]  # when shown: the match's score then
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
