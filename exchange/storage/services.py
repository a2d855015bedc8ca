"""Two stores with one interface, chosen by FILE_STORAGE: `local` (folders under
instance/, the embedded default) and `database` (the stored_files table: any host reads
what another wrote, and a file commits or rolls back with the row that names it).

Areas: "attachments" (key: the SHA-256 of the bytes; written once, never changed) and
"imports" (key: a token's file name; removed after the import or after a day).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func

from exchange.db_types import utcnow
from exchange.extensions import db
from exchange.services_base import insert_ignoring
from exchange.storage.models import StoredFile

AREAS = {"attachments": "ATTACHMENT_DIR", "imports": "IMPORT_DIR"}
CHUNK = 256 * 1024  # bytes read at a time when a file is sent


class LocalStore:
    """Files in the folders ATTACHMENT_DIR and IMPORT_DIR (one host)."""

    name = "local"

    def __init__(self, roots: dict[str, Path]):
        self.roots = roots

    def path(self, area: str, key: str) -> Path:
        root = self.roots[area]
        return root / key[:2] / key if area == "attachments" else root / key

    def put(self, area: str, key: str, data: bytes) -> None:
        target = self.path(area, key)
        if area == "attachments" and target.exists():
            return  # content-addressed: the same bytes are there
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write beside, then rename: a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)

    def size(self, area: str, key: str) -> int | None:
        path = self.path(area, key)
        return path.stat().st_size if path.is_file() else None

    def read(self, area: str, key: str) -> bytes | None:
        path = self.path(area, key)
        return path.read_bytes() if path.is_file() else None

    def delete(self, area: str, key: str) -> None:
        self.path(area, key).unlink(missing_ok=True)

    def keys(self, area: str, older_than: datetime | None = None) -> list[str]:
        root = self.roots[area]
        if not root.is_dir():
            return []
        files = root.glob("*/*") if area == "attachments" else root.glob("*")
        cutoff = older_than.timestamp() if older_than else None
        return sorted(p.name for p in files if p.is_file() and not p.name.startswith("tmp")
                      and (cutoff is None or p.stat().st_mtime < cutoff))


class DatabaseStore:
    """Files in the stored_files table (every host). Writes join the caller's
    transaction; reads are bounded by the sizes checked before storing."""

    name = "database"

    def put(self, area: str, key: str, data: bytes) -> None:
        insert_ignoring(StoredFile, [{
            "area": area, "key": key, "size": len(data), "data": data, "created_at": utcnow(),
            "sha256": hashlib.sha256(data).hexdigest()}], ["area", "key"])

    def size(self, area: str, key: str) -> int | None:
        return db.session.scalar(db.select(StoredFile.size).where(
            StoredFile.area == area, StoredFile.key == key))

    def read(self, area: str, key: str) -> bytes | None:
        return db.session.scalar(db.select(StoredFile.data).where(
            StoredFile.area == area, StoredFile.key == key))

    def chunks(self, area: str, key: str, size: int) -> Iterator[bytes]:
        """The file of `size` bytes (as `size()` said), CHUNK bytes at a time (SUBSTR on
        bytea or blob), so a download never holds more than one chunk in the worker's
        memory."""
        for start in range(0, size, CHUNK):
            yield db.session.scalar(db.select(func.substr(StoredFile.data, start + 1, CHUNK))
                                    .where(StoredFile.area == area, StoredFile.key == key))

    def delete(self, area: str, key: str) -> None:
        db.session.execute(delete(StoredFile).where(StoredFile.area == area,
                                                    StoredFile.key == key))

    def keys(self, area: str, older_than: datetime | None = None) -> list[str]:
        query = db.select(StoredFile.key).where(StoredFile.area == area)
        if older_than is not None:
            query = query.where(StoredFile.created_at < older_than)
        return list(db.session.execute(query.order_by(StoredFile.key)).scalars())


def local_store() -> LocalStore:
    return LocalStore({area: Path(current_app.config[name]) for area, name in AREAS.items()})


def store() -> LocalStore | DatabaseStore:
    """The store FILE_STORAGE names (`local` or `database`)."""
    return DatabaseStore() if current_app.config["FILE_STORAGE"] == "database" \
        else local_store()


def expired(area: str, age: timedelta) -> list[str]:
    return store().keys(area, utcnow() - age)
