"""The studios' activity log and the programme's yearly targets."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from exchange.db_types import UTCDateTime, utcnow
from exchange.enums import enum_column
from exchange.extensions import db
from exchange.programme.kinds import ActivityKind

# The 双创双提升 programme's yearly targets unless union staff set others for a year.
DEFAULT_TARGETS = {"training": 2000, "innovations": 500, "patents": 50, "party_building": 42}


class Activity(db.Model):
    """One training, tackling project or party-building activity of a studio. Union staff
    verify entries; only verified trainings count towards the training target."""

    __tablename__ = "studio_activities"
    __table_args__ = (
        CheckConstraint("participants >= 0", name="participants_not_negative"),
        Index("ix_studio_activities_kind_held_on", "kind", "held_on"),
        # The dashboard's sums of verified trainings read only these columns (0011).
        Index("ix_studio_activities_counted", "kind", "held_on", "verified_at", "studio_id",
              "participants"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studios.id"), index=True)
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind, "activity_kind", 16))
    held_on: Mapped[date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(String(200))
    # Person-times for a training; people taking part otherwise.
    participants: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    studio = relationship("Studio")
    created_by = relationship("User", foreign_keys=[created_by_id])
    verified_by = relationship("User", foreign_keys=[verified_by_id])

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


class Target(db.Model):
    """The programme's targets for one year."""

    __tablename__ = "programme_targets"
    __table_args__ = (
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
        CheckConstraint("training >= 0 AND innovations >= 0 AND patents >= 0 "
                        "AND party_building >= 0", name="targets_not_negative"),
    )

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    training: Mapped[int] = mapped_column(Integer, default=DEFAULT_TARGETS["training"])
    innovations: Mapped[int] = mapped_column(Integer, default=DEFAULT_TARGETS["innovations"])
    patents: Mapped[int] = mapped_column(Integer, default=DEFAULT_TARGETS["patents"])
    party_building: Mapped[int] = mapped_column(Integer,
                                                default=DEFAULT_TARGETS["party_building"])
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
