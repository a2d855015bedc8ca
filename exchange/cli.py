"""Flask CLI commands: `flask --app exchange demo-data | users create | reference sync`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.services_base import DomainError

users_cli = AppGroup("users", help="Manage accounts.")
reference_cli = AppGroup("reference", help="Shipped reference data.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--studio-id", type=int, default=None, help="For studio roles.")
@click.password_option()
def create_user_command(email, name, role, studio_id, password):
    """Create an account (admins and union staff are created this way)."""
    from exchange.auth import services
    from exchange.auth.validators import password_problems
    from exchange.studios.models import Studio

    role = Role(role)
    if password_problems(password, email, name):
        raise click.BadParameter(
            "too weak: use 10+ characters with letters and digits, not a common password",
            param_hint="password")
    studio = None
    if role.is_studio:
        studio = db.session.get(Studio, studio_id) if studio_id else None
        if studio is None:
            raise click.BadParameter("a studio role needs an existing --studio-id")
    try:
        user = services.create_user(email, name, password, role, studio=studio)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"created user {user.id} <{user.email}> as {role.value}")


@reference_cli.command("sync")
def sync_reference_command():
    """Insert or update districts and GB/T 4754-2017 industries from the shipped CSV files."""
    from exchange.reference.services import sync_reference_data

    counts = sync_reference_data()
    db.session.commit()
    click.echo(f"added {counts['districts']} districts, {counts['industries']} industries")


@click.command("demo-data")
@click.option("--if-empty", is_flag=True,
              help="Only when the database has no accounts yet (used by `make run`).")
def demo_data_command(if_empty):
    """Load realistic demo data; running it again changes nothing."""
    from exchange.auth.models import User
    from exchange.demo import DEMO_PASSWORD, load_demo_data

    if if_empty and db.session.execute(db.select(User.id).limit(1)).first() is not None:
        click.echo("accounts exist: demo data not loaded (run `flask demo-data` to add it)")
        return
    summary = load_demo_data()
    db.session.commit()
    click.echo("demo data: " + ", ".join(f"{k} +{v}" for k, v in summary.items()))
    click.echo(f"all demo accounts use the password: {DEMO_PASSWORD}")
    click.echo("  admin@demo.exchange.cn (admin), staff@demo.exchange.cn (union staff),")
    click.echo("  leader01@demo.exchange.cn (studio leader), member01@demo.exchange.cn "
               "(studio member), enterprise01@demo.exchange.cn (enterprise)")


def init_app(app: Flask) -> None:
    from exchange.agreements.cli import ledger_cli
    from exchange.jobs.cli import jobs_cli
    from exchange.matching.cli import matching_cli
    from exchange.needs.cli import needs_cli
    from exchange.search.cli import search_cli
    from exchange.storage.cli import files_cli

    app.cli.add_command(search_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(needs_cli)
    app.cli.add_command(ledger_cli)
    app.cli.add_command(matching_cli)
    app.cli.add_command(files_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(reference_cli)
    app.cli.add_command(demo_data_command)
