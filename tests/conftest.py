"""Fixtures for every test: one app per test on each database engine.

`TEST_DATABASES` (default "sqlite,postgresql") chooses the engines; any test that uses
`app`, `db` or a client runs once per engine, with ids [sqlite] and [postgresql].
The schema is built once per engine by the Alembic revisions (so migrations are tested
too); after each test every non-reference table is emptied.
"""
from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import event

from exchange import create_app
from exchange.auth.roles import Role
from exchange.extensions import db as _db
from tests.support import factories
from tests.support.audit_reset import reset_audit
from tests.support.ledger_reset import reset_ledger
from tests.support.postgres import throwaway_postgres

ROOT = Path(__file__).resolve().parent.parent
DATABASES = [d for d in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",") if d]
REFERENCE_TABLES = {"districts", "industries", "alembic_version"}
pytest_plugins = ("tests.support.clock",)  # beijing_0400: a frozen "today"


def pytest_sessionstart(session):
    # Catalogs are build output (not committed); compile them so a bare `pytest` works too.
    CommandLineInterface().run(
        ["pybabel", "-q", "compile", "-d", str(ROOT / "exchange" / "translations")]
    )


def make_config(database_url: str, tmp_path: Path, **overrides) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-only-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast in tests; scrypt in production
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "ATTACHMENT_DIR": str(tmp_path / "attachments"),
        "IMPORT_DIR": str(tmp_path / "imports"),
        "LOG_LEVEL": "WARNING",
        # Tests publish and read back at once: the vocabulary follows every change.
        "MATCH_VOCABULARY_CHECK": 0,
        # Jobs run in the committing process, right after the commit (the worker's tests
        # turn this off and start a real worker); mail stays in memory (mailman.outbox).
        "JOBS_EAGER": True,
        "JOBS_DB": str(tmp_path / "jobs.sqlite3"),
        "MAIL_BACKEND": "locmem",
        **overrides,
    }


def _migrate(url: str, tmp_path: Path) -> None:
    app = create_app(make_config(url, tmp_path))
    with app.app_context():
        upgrade()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite")
    url = f"sqlite:///{folder / 'exchange.db'}"
    _migrate(url, folder)
    return url


@pytest.fixture(scope="session")
def postgresql_url(tmp_path_factory):
    from pytest_postgresql.janitor import DatabaseJanitor

    with throwaway_postgres() as server:
        with DatabaseJanitor(user=server["user"], host=server["host"], port=server["port"],
                             dbname="exchange_test"):
            url = (f"postgresql+psycopg://{server['user']}@/exchange_test"
                   f"?host={server['host']}&port={server['port']}")
            _migrate(url, tmp_path_factory.mktemp("pg"))
            yield url


@pytest.fixture(params=DATABASES)
def database_url(request):
    return request.getfixturevalue(f"{request.param}_url")


def _empty_tables() -> None:
    # DELETE in dependency order: on a handful of small tables it is several times
    # faster than TRUNCATE on PostgreSQL, and works the same on SQLite.
    reset_ledger(_db.session.connection())  # the ledger's own tables, past its triggers
    reset_audit(_db.session.connection())  # the audit trail too, past its triggers
    for table in reversed(_db.metadata.sorted_tables):
        if table.name not in REFERENCE_TABLES:
            _db.session.execute(table.delete())
    _db.session.commit()


class IsolatedClient(FlaskClient):
    """Each request gets its own app context, as in production.

    Without this a request would reuse the test's context (the `db` fixture) and so its
    `g` (Flask-Login's cached user) and its database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app_config():
    """Override in a test module (or parametrize) to change the app's config."""
    return {}


@pytest.fixture(scope="session")
def _app_cache(tmp_path_factory):
    return {"dir": tmp_path_factory.mktemp("apps"), "apps": {}}


@pytest.fixture
def app(database_url, app_config, _app_cache):
    """One app per engine and config, reused across tests: compiling templates and SQL
    anew for every test would triple the suite's time. Tables are emptied after each test.
    """
    key = (database_url, repr(sorted(app_config.items())))
    application = _app_cache["apps"].get(key)
    if application is None:
        folder = _app_cache["dir"] / str(len(_app_cache["apps"]))
        application = create_app(make_config(database_url, folder, **app_config))
        application.test_client_class = IsolatedClient
        _app_cache["apps"][key] = application
    application.extensions["mailman"].outbox = []  # locmem's sent mails, per test
    yield application
    with application.app_context():
        _db.session.rollback()
        _empty_tables()
    # The index is derived data: it starts empty with the tables.
    backends = application.extensions.get("search_backends") or {}
    if application.config["SEARCH_BACKEND"] == "postgres":
        for backend in backends.values():
            backend.rebuild(iter(()))
    shutil.rmtree(application.config["SEARCH_INDEX_DIR"], ignore_errors=True)
    application.extensions["search_backends"] = {}


@pytest.fixture
def db(app):
    with app.app_context():
        yield _db
        _db.session.rollback()


@pytest.fixture
def count_queries(db):
    """`with count_queries() as statements:` lists the SQL statements run inside the block
    (Indico's fixture): a page that grows a query per item shows here."""
    @contextmanager
    def counting():
        statements: list[str] = []

        def record(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counting


@pytest.fixture
def outbox(app):
    """The mails sent so far in this test (flask_mailman's locmem backend)."""
    return app.extensions["mailman"].outbox


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def studio(db):
    return factories.make_studio()


@pytest.fixture
def other_studio(db):
    return factories.make_studio()


@pytest.fixture
def users(db, studio):
    """One account per role; studio roles belong to `studio`."""
    return {
        "studio_member": factories.make_user(Role.STUDIO_MEMBER, studio=studio, name="成员甲"),
        "studio_leader": factories.make_user(Role.STUDIO_LEADER, studio=studio, name="领衔人乙"),
        "enterprise": factories.make_user(Role.ENTERPRISE, name="企业丙"),
        "union_staff": factories.make_user(Role.UNION_STAFF, name="工会丁"),
        "admin": factories.make_user(Role.ADMIN, name="管理员戊"),
    }


@pytest.fixture
def client_for(app, users):
    """client_for('union_staff') -> a test client logged in with that role; 'visitor' -> anon."""

    def make(role: str):
        client = app.test_client()
        if role != "visitor":
            factories.login(client, users[role])
        return client

    return make


@pytest.fixture
def member_client(client_for):
    return client_for("studio_member")


@pytest.fixture
def leader_client(client_for):
    return client_for("studio_leader")


@pytest.fixture
def enterprise_client(client_for):
    return client_for("enterprise")


@pytest.fixture
def staff_client(client_for):
    return client_for("union_staff")


@pytest.fixture
def admin_client(client_for):
    return client_for("admin")


_ENGINE_ID = re.compile(r"[\[-](sqlite|postgresql)[\]-]")


def pytest_terminal_summary(terminalreporter):
    """Say how many database tests ran on each engine, so CI output shows both did."""
    counts: Counter = Counter()
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            match = _ENGINE_ID.search(getattr(report, "nodeid", ""))
            if match and getattr(report, "when", "call") in ("call", "setup"):
                if outcome == "passed" and report.when != "call":
                    continue
                counts[(match.group(1), outcome)] += 1
    if counts:
        terminalreporter.section("database engines")
        for engine in ("sqlite", "postgresql"):
            parts = [f"{counts[(engine, o)]} {o}" for o in ("passed", "failed", "error", "skipped")
                     if counts[(engine, o)]]
            terminalreporter.write_line(f"{engine}: {', '.join(parts) or 'no tests'}")
