"""`flask search-index rebuild | sync | check`."""
from __future__ import annotations

import sys
import time

import click
from flask.cli import AppGroup

from exchange.extensions import db
from exchange.search import documents, sync
from exchange.search.backend import get_backend

search_cli = AppGroup("search-index", help="Maintain the full-text index.")


@search_cli.command("rebuild")
def rebuild_command():
    """Build a fresh index beside the live one and swap it in; searches keep working."""
    backend = get_backend()
    started = time.perf_counter()
    with backend.lock():
        count = backend.rebuild(documents.all_documents(db.session))
    # Changes committed while the rebuild read the database wait in the outbox.
    sync.drain(raise_errors=True)
    click.echo(f"indexed {count} documents in {time.perf_counter() - started:.1f} s")


@search_cli.command("sync")
def sync_command():
    """Apply what is left in the outbox (after a crash, or when the index was locked)."""
    click.echo(f"applied {sync.drain(raise_errors=True)} outbox rows")


@search_cli.command("check")
def check_command():
    """List missing, stale and extra documents; exit 1 when there are any."""
    report = get_backend().check(documents.expected_versions(db.session))
    for label, ids in (("missing", report.missing), ("stale", report.stale),
                       ("extra", report.extra)):
        shown = ", ".join(ids[:20]) + (" …" if len(ids) > 20 else "")
        click.echo(f"{label}: {len(ids)}" + (f" ({shown})" if ids else ""))
    if not report.ok:
        sys.exit(1)
