"""`flask needs expire`: close published needs past their deadline (safe from cron)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from exchange.db_types import local_today
from exchange.extensions import db
from exchange.needs import workflow

needs_cli = AppGroup("needs", help="Technical needs.")


@needs_cli.command("expire")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Treat this day as today (default: the real one).")
def expire_command(today):
    """Close every published need whose deadline has passed and notify its enterprise."""
    closed = workflow.expire(today.date() if today else local_today())
    db.session.commit()
    click.echo(f"closed {len(closed)} expired needs")
