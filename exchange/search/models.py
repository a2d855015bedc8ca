from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from exchange.db_types import UTCDateTime, utcnow
from exchange.extensions import db


class SearchOutbox(db.Model):
    """A document whose indexed form may have changed, written in the changing transaction.

    Rows are applied to the index after the commit and deleted; whatever a crash leaves
    behind is applied by `flask search-index sync`.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
