"""Innovation Exchange (劳模工匠创新成果交易平台): the Flask application."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from exchange import config as config_module

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        # One folder per host when several run from one checkout (docs/operations.md).
        instance_path=os.environ.get("INSTANCE_PATH") or None,
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config_module.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config_module.load_secret_key(app.instance_path)
    config_module.configure_logging(app.config["LOG_LEVEL"])
    problems = config_module.multi_host_problems(app.config)
    if problems:
        raise RuntimeError(f"WEB_HOSTS={app.config['WEB_HOSTS']} cannot work: "
                           + "; ".join(problems) + " (docs/operations.md)")

    from exchange import cli, errors, i18n, inputs, menu, sessions
    from exchange.extensions import bootstrap, csrf, db, limiter, mailman, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     include_object=_not_search_index)
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)
    mailman.init_app(app)
    i18n.init_app(app)
    sessions.init_app(app)
    inputs.init_app(app)  # before the routes: it bounds their <int:…> converter

    from exchange import api
    from exchange.achievements.blueprint import bp as achievements_bp
    from exchange.agreements.blueprint import bp as agreements_bp
    from exchange.agreements.blueprint import ledger_bp
    from exchange.audit.blueprint import bp as audit_bp
    from exchange.auth import init_app as init_auth
    from exchange.auth.blueprint import admin_bp, auth_bp
    from exchange.deadlines.blueprint import bp as deadlines_bp
    from exchange.deadlines.services import init_app as init_deadlines
    from exchange.favourites.blueprint import bp as favourites_bp
    from exchange.inquiries.blueprint import bp as inquiries_bp
    from exchange.jobs import services as jobs
    from exchange.jobs.blueprint import bp as jobs_bp
    from exchange.main.blueprint import bp as main_bp
    from exchange.matching.blueprint import bp as matching_bp
    from exchange.matching.services import init_app as init_matching
    from exchange.needs.blueprint import bp as needs_bp
    from exchange.notifications.blueprint import bp as notifications_bp
    from exchange.openlicences.blueprint import bp as openlicences_bp
    from exchange.openlicences.services import init_app as init_openlicences
    from exchange.programme.blueprint import bp as programme_bp
    from exchange.search import sync as search_sync
    from exchange.search.blueprint import bp as search_bp
    from exchange.studios.blueprint import bp as studios_bp
    from exchange.subscriptions.blueprint import bp as subscriptions_bp
    from exchange.subscriptions.services import init_app as init_subscriptions
    from exchange.webhooks.blueprint import bp as webhooks_bp
    from exchange.webhooks.services import init_app as init_webhooks

    init_auth(app)
    menu.init_app(app)
    init_matching(app)
    init_subscriptions(app)
    init_deadlines(app)
    init_webhooks(app)
    init_openlicences(app)
    search_sync.init_app(app)
    for blueprint in (main_bp, auth_bp, admin_bp, studios_bp, achievements_bp,
                      notifications_bp, search_bp, needs_bp, inquiries_bp, favourites_bp,
                      matching_bp, agreements_bp, ledger_bp, programme_bp, audit_bp, jobs_bp,
                      subscriptions_bp, deadlines_bp, webhooks_bp, openlicences_bp):
        app.register_blueprint(blueprint)
    api.init_app(app)
    _register_template_helpers(app)

    errors.init_app(app)
    cli.init_app(app)
    jobs.init_app(app)  # last: every domain has registered its job handlers by now
    return app


def _register_template_helpers(app: Flask) -> None:
    from exchange.money import format_money, format_yuan

    app.add_template_filter(format_yuan, "yuan")
    app.add_template_filter(format_money, "money")


def _not_search_index(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic ignores the PostgreSQL search backend's tables: they are derived data that
    the backend creates and swaps itself (search_index.postgres_backend)."""
    table = obj.table.name if type_ in ("column", "index") else name
    return not (reflected and str(table).startswith(("search_documents", "search_needs")))
