from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from exchange.db_types import UTCDateTime, utcnow
from exchange.enums import LabelledEnum, enum_column
from exchange.extensions import db


class DeadlineKind(LabelledEnum):
    INQUIRY_ANSWER = "inquiry_answer"
    ACCEPTANCE = "acceptance"
    REVIEW = "review"


DeadlineKind.set_labels({
    DeadlineKind.INQUIRY_ANSWER: _l("Studio's first answer to an inquiry"),
    DeadlineKind.ACCEPTANCE: _l("A party's acceptance of agreement terms"),
    DeadlineKind.REVIEW: _l("Review of a submitted item"),
})


class Deadline(db.Model):
    """Something someone must do by `due_at`. `key` names the occasion (an inquiry, a
    version and party, a submission) so that opening it twice opens one; reminded_at and
    alerted_at are set by conditional updates, so each is sent once."""

    __tablename__ = "deadlines"
    __table_args__ = (Index("ix_deadlines_met_at_due_at", "met_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[DeadlineKind] = mapped_column(enum_column(DeadlineKind, "deadline_kind", 20))
    title: Mapped[str] = mapped_column(String(200))
    link: Mapped[str] = mapped_column(String(200))
    # Who must act (reminded), and who is alerted when it is late (empty: all staff).
    actor_ids: Mapped[list] = mapped_column(JSON, default=list)
    mediator_id: Mapped[int | None]
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
