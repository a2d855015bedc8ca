"""The two-step import: check an upload and keep it, then import it on confirmation.

The file waits under instance/imports between the preview and the confirmation, so the
confirmation re-checks exactly what was previewed (the database may have changed since).
"""
from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from flask import current_app

from exchange.achievements import services, spreadsheets

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
KEEP_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(current_app.config["IMPORT_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check(studio_id: int, data: bytes, filename: str) -> spreadsheets.ImportResult:
    table = spreadsheets.read_table(data, filename)
    return spreadsheets.check(table, services.members_by_name(studio_id),
                              services.industry_codes())


def stash(data: bytes, filename: str) -> str:
    _forget_old()
    token = secrets.token_urlsafe(24)
    suffix = ".xlsx" if data.startswith(b"PK\x03\x04") else ".csv"
    (_folder() / (token + suffix)).write_bytes(data)
    return token


def _path(token: str) -> Path | None:
    if not TOKEN.match(token or ""):
        return None
    for suffix in (".xlsx", ".csv"):
        path = _folder() / (token + suffix)
        if path.exists():
            return path
    return None


def run(actor, studio_id: int, token: str):
    """Re-check and import a stashed file: (created achievements, result) or (None, None)."""
    path = _path(token)
    if path is None:
        return None, None
    result = check(studio_id, path.read_bytes(), path.name)
    created = services.create_many(actor, studio_id, result.rows) if result.ok else []
    return created, result


def discard(token: str) -> None:
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _forget_old() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in _folder().iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
