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


KIND = click.option("--kind", type=click.Choice(["all", *documents.KINDS]), default="all",
                    show_default=True, help="Which index.")


def _kinds(kind: str) -> list[str]:
    return list(documents.KINDS) if kind == "all" else [kind]


@search_cli.command("rebuild")
@KIND
def rebuild_command(kind):
    """Build a fresh index beside the live one and swap it in; searches keep working."""
    for name in _kinds(kind):
        backend = get_backend(name)
        started = time.perf_counter()
        with backend.lock():
            count = backend.rebuild(documents.all_documents(db.session, name))
        click.echo(f"{name}: indexed {count} documents in "
                   f"{time.perf_counter() - started:.1f} s")
    # Changes committed while the rebuild read the database wait in the outbox.
    sync.drain(raise_errors=True)


@search_cli.command("sync")
def sync_command():
    """Apply what is left in the outbox (after a crash, or when the index was locked)."""
    click.echo(f"applied {sync.drain(raise_errors=True)} outbox rows")


@search_cli.command("check")
@KIND
def check_command(kind):
    """List missing, stale and extra documents; exit 1 when there are any."""
    ok = True
    for name in _kinds(kind):
        report = get_backend(name).check(documents.expected_versions(db.session, name))
        for label, ids in (("missing", report.missing), ("stale", report.stale),
                           ("extra", report.extra)):
            shown = ", ".join(ids[:20]) + (" …" if len(ids) > 20 else "")
            click.echo(f"{name} {label}: {len(ids)}" + (f" ({shown})" if ids else ""))
        ok = ok and report.ok
    if not ok:
        sys.exit(1)
