"""PostgreSQL backend: the per-process row cache never shows what another process changed
as it was, and tables from before rows were numbered are upgraded in place."""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text

from search_index.postgres_backend import PostgresBackend
from search_index.schema import Query
from tests.search_index.test_backends import CORPUS, doc, ids, postgres  # noqa: F401


def districts(backend) -> dict[str, int]:
    return dict(backend.search(Query("")).facets["district"])


def test_counts_follow_changes_made_by_another_process(postgres):  # noqa: F811
    other = PostgresBackend(postgres.engine)  # its own cache, as in another web process
    assert districts(other) == {"320213": 3, "320211": 1}
    postgres.upsert([replace(CORPUS[0], version="v1b",
                             facets={**CORPUS[0].facets, "district": ("320214",)})])
    postgres.delete(["achievement:4"])
    assert districts(other) == {"320213": 1, "320211": 1, "320214": 1}
    assert other.search(Query("", filters={"district": "320214"})).total == 1


def test_a_rebuild_elsewhere_replaces_the_cached_rows(postgres):  # noqa: F811
    other = PostgresBackend(postgres.engine)
    assert other.search(Query("")).total == 4
    postgres.rebuild(iter(CORPUS[2:]))
    results = other.search(Query(""))
    assert results.total == 2 and set(ids(results)) == {"achievement:3", "achievement:4"}
    assert districts(other) == {"320211": 1, "320213": 1}


def test_a_row_committed_late_with_a_smaller_number_is_counted(postgres):  # noqa: F811
    """Two writers draw numbers in one order and may commit in the other."""
    assert postgres.search(Query("")).total == 4  # the cache holds every number so far
    late = doc(5, "迟到的液压系统", district="320205")
    postgres.upsert([late])
    with postgres.engine.begin() as conn:
        conn.execute(text("UPDATE search_documents SET num = -1 WHERE id = :id"),
                     {"id": late.id})
    results = postgres.search(Query(""))
    assert results.total == 5 and ids(results)[0] == "achievement:5"
    assert districts(postgres)["320205"] == 1


def test_newest_first_pages_come_from_the_cache_in_order(postgres):  # noqa: F811
    postgres.upsert([doc(n, f"液压系统{n}") for n in range(10, 40)])
    pages = [ids(postgres.search(Query("", per_page=7, page=p))) for p in range(1, 6)]
    flat = [i for page in pages for i in page]
    assert len(flat) == 34 and len(set(flat)) == 34
    assert flat[:3] == ["achievement:39", "achievement:38", "achievement:37"]
    by_date = ids(postgres.search(Query("液压系统", sort="date", per_page=30)))
    assert by_date == [f"achievement:{n}" for n in range(39, 9, -1)]


def test_a_table_from_before_row_numbers_is_upgraded(postgres):  # noqa: F811
    with postgres.engine.begin() as conn:
        conn.execute(text("ALTER TABLE search_documents DROP COLUMN num"))
    upgraded = PostgresBackend(postgres.engine)
    results = upgraded.search(Query("机床"))
    assert set(ids(results)) >= {"achievement:1", "achievement:4"}
    upgraded.upsert([doc(6, "新的机床")])
    assert upgraded.search(Query("")).total == 5
