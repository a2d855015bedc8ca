"""Every file the app sends: exports, reports, the ledger and uploaded attachments.

One content type per kind (text types get `charset=utf-8` once, from Werkzeug), and the
file name in Content-Disposition as RFC 6266 wants it: an ASCII `filename=` for old
clients plus `filename*=UTF-8''…` for the real (often Chinese) name. Header values stay
ASCII, so a strict server (gunicorn) never refuses the response.
"""
from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from flask import Response, abort, send_file, stream_with_context

from exchange import tables
from exchange.db_types import local_today
from exchange.storage.services import LocalStore
from exchange.storage.services import store as file_store

MEDIA = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "beancount": "text/plain",
}
# Control characters and path separators never belong in a file name.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f/\\]+")
_RFC5987_SAFE = "!#$&+-.^_`|~"  # attr-char besides letters and digits, as Werkzeug uses
MAX_NAME = 150


def clean_name(name: str) -> str:
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", name or "")).strip(" ._")
    return name[-MAX_NAME:]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def ascii_name(name: str) -> str:
    """A readable ASCII stand-in: accents folded, other characters dropped, the
    extension kept (专利说明书.pdf -> download.pdf)."""
    path = Path(clean_name(name))
    stem = clean_name(_fold(path.stem).replace('"', "'")) or "download"
    suffix = _fold(path.suffix)
    return stem + (suffix if len(suffix) > 1 else "")


def send(source: bytes | Path | tuple[Iterator[bytes], int], filename: str, mimetype: str,
         fallback: str = "") -> Response:
    """Send bytes, a file, or (chunks, size) streamed from the file store as an attachment
    called `filename`. `fallback` is the ASCII name for clients without RFC 6266 (default:
    `filename` folded to ASCII)."""
    name = clean_name(filename) or clean_name(fallback) or "download"
    if isinstance(source, tuple):
        chunks, size = source
        # The store reads through the request's database session: keep it while streaming.
        response = Response(stream_with_context(chunks), mimetype=mimetype)
        response.content_length = size
        response.headers.set("Content-Disposition", "attachment", filename=name)
    else:
        body = io.BytesIO(source) if isinstance(source, bytes) else source
        response = send_file(body, mimetype=mimetype, as_attachment=True, download_name=name,
                             max_age=0)
    if not name.isascii():
        response.headers.set("Content-Disposition", "attachment",
                             filename=ascii_name(fallback or name),
                             **{"filename*": "UTF-8''" + quote(name, safe=_RFC5987_SAFE)})
    response.cache_control.private = True  # statements and files of one person
    return response


def send_upload(attachment, area: str = "attachments") -> Response:
    """An uploaded attachment under its original name, from the file store (404 when its
    file is not there); ASCII fallback attachment-<id>.ext."""
    files = file_store()
    size = files.size(area, attachment.sha256)
    if size is None:
        abort(404)
    source = (files.path(area, attachment.sha256) if isinstance(files, LocalStore)
              else (files.chunks(area, attachment.sha256, size), size))
    suffix = Path(clean_name(attachment.filename)).suffix
    return send(source, attachment.filename, attachment.content_type,
                fallback=f"attachment-{attachment.id}{suffix}")


def dated(stem: str, extension: str) -> str:
    """stem-YYYYMMDD.ext, dated by the Beijing calendar."""
    return f"{stem}-{local_today():%Y%m%d}.{extension}"


def send_tables(sections: list[tables.Table], stem: str, fmt: str, title: str = "",
                **options) -> Response:
    """The sections as a dated CSV or XLSX attachment; any other format is a 404. `stem`
    is ASCII; `title`, when given, is the localised name the user sees."""
    if fmt not in tables.WRITERS:
        abort(404)
    body = tables.WRITERS[fmt](sections, **options)
    return send(body, dated(title or stem, fmt), MEDIA[fmt], fallback=dated(stem, fmt))
