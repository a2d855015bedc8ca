"""Attachment files: checked by content (not by name), stored by SHA-256 in the file
store (exchange.storage: a folder, or the database on the server profile)."""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.utils import secure_filename

from exchange import signals
from exchange.achievements.models import Achievement, Attachment
from exchange.extensions import db
from exchange.services_base import DomainError
from exchange.storage.services import store as file_store

# Magic numbers: what the bytes are, whatever the file name or browser claims.
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
MAX_ATTACHMENTS = 10


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, suffix in SIGNATURES:
        if head.startswith(magic):
            return content_type, suffix
    return None


AREA = "attachments"


def _display_name(original: str, suffix: str) -> str:
    stem = Path(original or "").stem.strip()
    # secure_filename drops CJK characters; keep them but strip path and control parts.
    cleaned = "".join(ch for ch in stem if ch.isalnum() or ch in "-_ .()（）")[:80].strip()
    return (cleaned or secure_filename(stem) or "attachment") + suffix


def save_upload(stream, original_name: str) -> dict:
    """Check one uploaded file by its size and its bytes, store it under its SHA-256 and
    return the columns an attachment row keeps (filename, content_type, size, sha256).
    Inquiry threads use the same rules (exchange/inquiries)."""
    data = stream.read(current_app.config["MAX_CONTENT_LENGTH"] + 1)
    if not data:
        raise DomainError(_l("The file is empty."), "file")
    if len(data) > current_app.config["MAX_CONTENT_LENGTH"]:
        raise DomainError(_l("The file is larger than the allowed size."), "file")
    kind = sniff(data[:16])
    if kind is None:
        raise DomainError(_l("Only PDF, PNG and JPEG files can be attached."), "file")
    content_type, suffix = kind
    digest = hashlib.sha256(data).hexdigest()
    file_store().put(AREA, digest, data)
    return {"filename": _display_name(original_name, suffix), "content_type": content_type,
            "size": len(data), "sha256": digest}


def store(actor, achievement: Achievement, stream, original_name: str) -> Attachment:
    """Check and store one uploaded file; flushes the Attachment row."""
    if len(achievement.attachments) >= MAX_ATTACHMENTS:
        raise DomainError(_l("An item has at most %(count)d attachments.",
                             count=MAX_ATTACHMENTS), "file")
    attachment = Attachment(**save_upload(stream, original_name), uploaded_by_id=actor.id)
    achievement.attachments.append(attachment)
    db.session.flush()
    return attachment


def remove(achievement: Achievement, attachment: Attachment) -> None:
    """Drop the row only. The file is content-addressed and may back other rows; deleting
    it before the transaction commits could lose a file whose row survives a rollback.
    A domain that relies on the file (an open licence's evaluation report) may refuse."""
    for reason in signals.vetoes(signals.attachment_removing, attachment):
        raise DomainError(reason)
    achievement.attachments.remove(attachment)
    db.session.flush()
