"""Two processes writing to one PostgreSQL index at once lose nothing.

Each child process makes its own engine: connections must not cross a fork.
"""
import multiprocessing
import os

import pytest
from sqlalchemy import create_engine, text

from search_index.postgres_backend import PostgresBackend
from search_index.schema import Document, Query

TABLE = "search_race"

pytestmark = pytest.mark.skipif(
    "postgresql" not in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(","),
    reason="TEST_DATABASES leaves out postgresql")


def _drop(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
    engine.dispose()


def _writer(url: str, start: int, count: int) -> None:
    engine = create_engine(url)
    backend = PostgresBackend(engine, table=TABLE)
    for n in range(start, start + count):
        with backend.lock():  # what the app's outbox drain holds
            backend.upsert([Document(id=f"achievement:{n}", version="v", title=f"液压系统{n}",
                                     facets={"type": ("invention_patent",)})])
    engine.dispose()


def _bare(url: str, start: int) -> None:
    engine = create_engine(url)
    backend = PostgresBackend(engine, table=TABLE)
    for n in range(start, start + 30):
        backend.upsert([Document(id=f"achievement:{n}", version="v", title="齿轮箱")])
    engine.dispose()


def _race(target, *args_per_worker) -> None:
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=target, args=args) for args in args_per_worker]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0


def test_two_processes_lose_nothing(postgresql_url):
    _drop(postgresql_url)
    engine = create_engine(postgresql_url)
    PostgresBackend(engine, table=TABLE).ensure_schema()  # the table exists before the race
    engine.dispose()  # no pooled connection crosses the fork
    _race(_writer, (postgresql_url, 0, 40), (postgresql_url, 1000, 40))
    engine = create_engine(postgresql_url)
    try:
        backend = PostgresBackend(engine, table=TABLE)
        assert len(backend.versions()) == 80
        assert backend.search(Query("液压系统", per_page=100)).total == 80
    finally:
        engine.dispose()
        _drop(postgresql_url)


def test_writers_without_the_lock_still_lose_nothing(postgresql_url):
    """INSERT ... ON CONFLICT needs no lock; both create the missing table at once, too."""
    _drop(postgresql_url)
    _race(_bare, (postgresql_url, 0), (postgresql_url, 500))
    engine = create_engine(postgresql_url)
    try:
        assert len(PostgresBackend(engine, table=TABLE).versions()) == 60
    finally:
        engine.dispose()
        _drop(postgresql_url)


def test_the_lock_excludes_another_process(postgresql_url):
    """While one connection holds lock(), another process's lock() waits (the child
    never touches the parent's engine: it makes its own)."""
    engine = create_engine(postgresql_url)
    backend = PostgresBackend(engine, table=TABLE)
    context = multiprocessing.get_context("fork")
    acquired = context.Event()

    def contender() -> None:
        child_engine = create_engine(postgresql_url)
        with PostgresBackend(child_engine, table=TABLE).lock():
            acquired.set()
        child_engine.dispose()

    try:
        with backend.lock():
            worker = context.Process(target=contender)
            worker.start()
            assert not acquired.wait(1.0)
        assert acquired.wait(30)
        worker.join(30)
        assert worker.exitcode == 0
    finally:
        engine.dispose()
