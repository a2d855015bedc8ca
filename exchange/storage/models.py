from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from exchange.db_types import UTCDateTime, utcnow
from exchange.extensions import db


class StoredFile(db.Model):
    """One file kept in the database (FILE_STORAGE=database): an attachment under its
    SHA-256, or an import file under its token. Sizes are bounded by MAX_CONTENT_LENGTH
    and the import limit before anything is stored."""

    __tablename__ = "stored_files"

    area: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
