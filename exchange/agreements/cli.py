"""`flask ledger check|export`: verify the book from the database; export it."""
from __future__ import annotations

import sys
import time

import click
from flask.cli import AppGroup

from exchange.extensions import db

ledger_cli = AppGroup("ledger", help="The revenue ledger.")


@ledger_cli.command("check")
def check_command():
    """Verify every ledger invariant in the database; exit 1 on any breach."""
    from ledger.checks import check_database

    started = time.perf_counter()
    breaches = check_database(db.session.connection())
    elapsed = time.perf_counter() - started
    for breach in breaches:
        click.echo(f"BREACH {breach.code} {breach.ref}: {breach.message}", err=True)
    if breaches:
        click.echo(f"{len(breaches)} breaches ({elapsed:.2f} s)", err=True)
        sys.exit(1)
    click.echo(f"ledger ok ({elapsed:.2f} s)")


@ledger_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["beancount", "csv", "xlsx"]),
              default="beancount", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              default="-", help="File to write (default: standard output; beancount only).")
def export_command(fmt, output):
    """Export the whole book (beancount) or the trial balance (csv, xlsx)."""
    if fmt == "beancount":
        from ledger.beancount import write_beancount

        stream = click.open_file(output, "w", encoding="utf-8")
        with stream:
            write_beancount(db.session.connection(), stream, title="Innovation Exchange")
        return
    if output == "-":
        raise click.UsageError("csv and xlsx need --output FILE")
    from exchange import tables
    from exchange.agreements import exports

    sections = [exports.trial_balance_table()]
    data = tables.to_csv(sections) if fmt == "csv" else tables.to_xlsx(sections)
    with open(output, "wb") as handle:
        handle.write(data)
    click.echo(f"wrote {output}")
