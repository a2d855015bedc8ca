"""`flask files …`: move uploaded files into the database store, and check a store."""
from __future__ import annotations

import hashlib

import click
from flask.cli import AppGroup

from exchange.extensions import db
from exchange.storage.services import AREAS, DatabaseStore, local_store, store

files_cli = AppGroup("files", help="Uploaded files (attachments, pending imports).")


def _problem(area: str, key: str, data: bytes | None) -> str | None:
    """Why a stored file is not what its name says, or None."""
    if data is None:
        return "missing"
    if area == "attachments" and hashlib.sha256(data).hexdigest() != key:
        return "its SHA-256 is not its name"
    return None


@files_cli.command("migrate")
def migrate_command():
    """Copy every file of ATTACHMENT_DIR and IMPORT_DIR into the database store
    (stored_files), then read each back and compare its SHA-256. Files already there are
    kept; a damaged file is reported and not copied. Safe to run again."""
    source, target = local_store(), DatabaseStore()
    copied = failed = 0
    for area in AREAS:
        for key in source.keys(area):
            data = source.read(area, key)
            problem = _problem(area, key, data)
            if problem is None:
                target.put(area, key, data)
                db.session.commit()
                back = target.read(area, key)
                if back is None or hashlib.sha256(back).digest() != hashlib.sha256(data).digest():
                    problem = "read back different"
            if problem:
                failed += 1
                click.echo(f"{area}/{key}: {problem}", err=True)
            else:
                copied += 1
    click.echo(f"{copied} files in the database, SHA-256 verified; {failed} refused")
    if failed:
        raise SystemExit(1)


@files_cli.command("check")
def check_command():
    """Read every file of the configured store (FILE_STORAGE) and check each attachment's
    SHA-256 against its name, and that every attachment row has its file: after a restore,
    what the database names is there and intact."""
    from exchange.achievements.models import Attachment
    from exchange.inquiries.models import InquiryAttachment

    files = store()
    bad = 0
    for area in AREAS:
        for key in files.keys(area):
            problem = _problem(area, key, files.read(area, key))
            if problem:
                bad += 1
                click.echo(f"{area}/{key}: {problem}", err=True)
    named = set(db.session.execute(db.select(Attachment.sha256)).scalars()) | set(
        db.session.execute(db.select(InquiryAttachment.sha256)).scalars())
    for digest in sorted(named):
        if files.size("attachments", digest) is None:
            bad += 1
            click.echo(f"attachments/{digest}: named by a row, missing", err=True)
    click.echo(f"{files.name} store: {len(named)} attachments named, {bad} problems")
    if bad:
        raise SystemExit(1)
