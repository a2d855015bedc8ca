"""The backend contract, run against every backend: Whoosh and PostgreSQL.

The PostgreSQL runs use the session's throwaway server (`postgresql_url`); they are skipped
when TEST_DATABASES leaves PostgreSQL out.
"""
from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from search_index import postgres_backend, postgres_retrieve, postgres_sql
from search_index.postgres_backend import PostgresBackend
from search_index.schema import Document, Query
from search_index.whoosh_backend import WhooshBackend


def doc(n: int, title: str, abstract: str = "", keywords=(), **facets) -> Document:
    base = {"type": ("invention_patent",), "section": ("C",), "division": ("34",),
            "district": ("320213",), "trl": ("7",), "mode": ("transfer",),
            "honour": ("city",)}
    base.update({k: tuple(v) if isinstance(v, list | tuple) else (v,) for k, v in facets.items()})
    return Document(id=f"achievement:{n}", version=f"v{n}", title=title, abstract=abstract,
                    keywords=tuple(keywords), studio="测试劳模创新工作室", facets=base,
                    published_at=1_700_000_000 + n)


CORPUS = [
    doc(1, "数控机床主轴故障在线诊断装置", "采集主轴振动信号，实现数控机床主轴故障的早期诊断。",
        ["数控机床", "主轴", "故障诊断"]),
    doc(2, "PLC控制的输送带自动纠偏系统", "采用PLC控制液压纠偏辊，自动校正输送带跑偏。",
        ["PLC控制", "输送带"], division="35", trl="6", mode=["license_general"]),
    doc(3, "开关柜局部放电带电检测方法", "特高频与超声波联合检测开关柜局部放电。",
        ["局部放电", "开关柜"], section="D", division="44", district="320211"),
    doc(4, "机床导轨润滑改进", "改进机床导轨的润滑方式，延长使用寿命。", ["机床", "润滑"]),
]


def _postgres_wanted() -> bool:
    return "postgresql" in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",")


@contextmanager
def _postgres(request):
    """A PostgresBackend on the session's throwaway server, its table new, with CORPUS."""
    if not _postgres_wanted():
        pytest.skip("TEST_DATABASES leaves out postgresql")
    engine = create_engine(request.getfixturevalue("postgresql_url"))
    try:
        with engine.begin() as conn:  # every test starts from an empty index
            conn.execute(text("DROP TABLE IF EXISTS search_documents"))
            conn.execute(text("DROP TABLE IF EXISTS search_documents_new"))
        instance = PostgresBackend(engine)
        instance.upsert(CORPUS)
        yield instance
    finally:
        engine.dispose()


@pytest.fixture(params=["whoosh", "postgres"])
def backend(request, tmp_path):
    if request.param == "whoosh":
        instance = WhooshBackend(tmp_path / "index")
        instance.upsert(CORPUS)
        yield instance
    else:
        with _postgres(request) as instance:
            yield instance


@pytest.fixture
def postgres(request):
    """For the PostgreSQL-only tests at the end."""
    with _postgres(request) as instance:
        yield instance


def ids(results):
    return [h.id for h in results.hits]


def test_traditional_script_finds_simplified_with_highlight(backend):
    results = backend.search(Query("數控機床"))
    assert ids(results)[0] == "achievement:1"
    assert "<mark>" in results.hits[0].title_html
    assert "数控机床" in results.hits[0].title_html.replace("<mark>", "").replace("</mark>", "")


def test_full_width_letters_find_half_width(backend):
    results = backend.search(Query("ＰＬＣ控制"))
    assert ids(results)[0] == "achievement:2"
    assert "<mark>PLC控制</mark>" in results.hits[0].title_html


def test_and_by_default_then_or(backend):
    assert ids(backend.search(Query("机床 润滑"))) == ["achievement:4"]
    fallback = backend.search(Query("开关柜 润滑"))
    assert fallback.mode == "or" and set(ids(fallback)) == {"achievement:3", "achievement:4"}


def test_title_ranks_above_abstract(backend):
    results = backend.search(Query("机床"))
    assert ids(results)[0] in {"achievement:1", "achievement:4"}
    assert set(ids(results)) >= {"achievement:1", "achievement:4"}


def test_filters_and_facet_counts(backend):
    everything = backend.search(Query(""))
    assert everything.total == 4 and everything.mode == "all"
    assert dict(everything.facets["section"]) == {"C": 3, "D": 1}
    assert ids(everything)[0] == "achievement:4"  # newest first when browsing
    only_d = backend.search(Query("", filters={"section": "D"}))
    assert ids(only_d) == ["achievement:3"]
    modes = dict(backend.search(Query("")).facets["mode"])
    assert modes == {"transfer": 3, "license_general": 1}


def test_quoted_phrase(backend):
    assert ids(backend.search(Query('"局部放电"'))) == ["achievement:3"]
    assert backend.search(Query('"放电局部"')).total == 0


def test_pagination(backend):
    first = backend.search(Query("", per_page=3, page=1))
    second = backend.search(Query("", per_page=3, page=2))
    assert first.total == second.total == 4
    assert len(first.hits) == 3 and len(second.hits) == 1
    assert not set(ids(first)) & set(ids(second))


def test_highlight_escapes_html(backend):
    backend.upsert([doc(9, "<script>alert(1)</script> 数控机床", "")])
    html = backend.search(Query("数控机床")).hits
    assert all("<script>" not in h.title_html for h in html)


def test_update_delete_and_check(backend):
    changed = doc(1, "高速电主轴热变形补偿", "")
    backend.upsert([changed])
    assert backend.search(Query("数控机床 主轴")).total == 0 or \
        "achievement:1" not in ids(backend.search(Query("数控机床 故障")))
    assert ids(backend.search(Query("热变形"))) == ["achievement:1"]
    backend.delete(["achievement:2"])
    assert backend.search(Query("输送带")).total == 0
    expected = {d.id: d.version for d in CORPUS if d.id != "achievement:2"}
    expected["achievement:1"] = "v-new"
    expected["achievement:7"] = "v7"
    report = backend.check(expected)
    assert report.stale == ["achievement:1"] and report.missing == ["achievement:7"]
    assert report.extra == [] and not report.ok


def test_rebuild_swaps_atomically(backend):
    before = backend.search(Query(""))
    count = backend.rebuild(iter(CORPUS[:2]))
    assert count == 2 and backend.search(Query("")).total == 2
    assert before.total == 4  # results already read are unaffected


def test_nothing_found_suggests(backend):
    results = backend.search(Query("开关"))
    assert results.total >= 0  # a prefix of an indexed word
    none = backend.search(Query("量子纠缠"))
    assert none.total == 0 and none.hits == []


def test_query_syntax_is_plain_text(backend):
    for query in ("a:b & c|d !e (f) \\ 'x' <-> *", "机床 OR 润滑", "'", "\\", "机床:*"):
        assert backend.search(Query(query)).total >= 0  # no error: the words are just words
    assert ids(backend.search(Query("机床:*")))[0] in {"achievement:1", "achievement:4"}


def test_nul_characters_are_indexed(backend):
    backend.upsert([doc(8, "含\x00空字符的数控机床", "摘要\x00")])
    results = backend.search(Query("数控机床"))
    assert results.total == 2 and "achievement:8" in ids(results)


def test_relevance_pages_cover_every_match_once(backend):
    pages = [ids(backend.search(Query("测试", per_page=1, page=n))) for n in range(1, 6)]
    assert [len(p) for p in pages] == [1, 1, 1, 1, 0]
    assert {p[0] for p in pages[:4]} == {d.id for d in CORPUS}


def test_retrieve_is_a_weighted_or(backend):
    found = backend.retrieve([("主轴", 1.0), ("润滑", 1.0)], limit=10)
    assert {i for i, _ in found} == {"achievement:1", "achievement:4"}
    assert all(score > 0 for _, score in found)
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
    # The weights decide which of the two terms counts more.
    assert backend.retrieve([("主轴", 5.0), ("润滑", 1.0)], limit=10)[0][0] == "achievement:1"
    assert backend.retrieve([("主轴", 1.0), ("润滑", 5.0)], limit=10)[0][0] == "achievement:4"


def test_retrieve_limits_filters_and_ignores_what_is_not_indexed(backend):
    terms = [("机床", 1.0), ("局部放电", 1.0), ("输送带", 1.0)]
    assert len(backend.retrieve(terms, limit=2)) == 2
    assert [i for i, _ in backend.retrieve(terms, limit=10, filters={"section": "D"})] == [
        "achievement:3"]
    assert backend.retrieve([("量子纠缠", 1.0)], limit=10) == []
    assert backend.retrieve([("机床", 0.0), ("", 1.0)], limit=10) == []
    assert backend.retrieve(terms, limit=0) == []


def test_retrieve_scores_more_shared_terms_higher(backend):
    found = dict(backend.retrieve([("数控机床", 1.0), ("主轴", 1.0), ("故障", 1.0)], limit=10))
    assert max(found, key=found.get) == "achievement:1"
    assert set(found) == {"achievement:1"} or found["achievement:1"] > max(
        v for k, v in found.items() if k != "achievement:1")


# --- PostgreSQL only ------------------------------------------------------------------


def _tables(backend: PostgresBackend) -> dict[str, list[str]]:
    with backend.engine.connect() as conn:
        rows = conn.execute(text("SELECT tablename, indexname FROM pg_indexes "
                                 "WHERE tablename LIKE 'search_documents%'")).all()
    found: dict[str, list[str]] = {}
    for table, index in rows:
        found.setdefault(table, []).append(index)
    return found


def test_postgres_ranks_the_newest_candidates_then_dates(postgres, monkeypatch):
    """ts_rank_cd scores only the newest RANK_CANDIDATES matches; the rest follow by date,
    and a page across the boundary is the same as the single pages."""
    monkeypatch.setattr(postgres_backend, "RANK_CANDIDATES", 2)
    postgres.upsert([doc(0, "测试劳模创新工作室的数控机床", "")])  # oldest, best for 数控机床
    singles = [ids(postgres.search(Query("测试", per_page=1, page=n)))[0] for n in range(1, 6)]
    assert ids(postgres.search(Query("测试", per_page=3, page=1))) == singles[:3]
    assert ids(postgres.search(Query("测试", per_page=4, page=2))) == singles[4:]
    assert set(singles[:2]) == {"achievement:4", "achievement:3"}  # the pool: newest two
    assert singles[2:] == ["achievement:2", "achievement:1", "achievement:0"]
    assert postgres.search(Query("测试")).total == 5


def test_postgres_retrieve_matches_on_informative_terms_within_its_pool(postgres, monkeypatch):
    """Rows are matched on the most informative terms that fit in POOL rows; the common
    ones only add to their scores, and with only common terms the newest rows are scored."""
    monkeypatch.setattr(postgres_retrieve, "POOL", 1)
    # '测试' (from the studio's name) is in every row, '局部放电' in one.
    assert [i for i, _ in postgres.retrieve([("测试", 1.0), ("局部放电", 1.0)], 10)] == [
        "achievement:3"]
    assert [i for i, _ in postgres.retrieve([("测试", 1.0)], 10)] == ["achievement:4"]


def test_postgres_retrieve_takes_common_frequencies_from_the_statistics(postgres, monkeypatch):
    with postgres.engine.begin() as conn:
        assert postgres_retrieve._frequencies(conn, "search_documents", ["测试", "局部放电"]) == (
            4.0, [4, 1])  # no statistics yet: both counted
        conn.execute(text("ANALYZE search_documents"))
        monkeypatch.setattr(postgres_retrieve, "COUNT_CAP", 0)  # counting now finds nothing
        rows, (common, rare) = postgres_retrieve._frequencies(
            conn, "search_documents", ["测试", "量子纠缠"])
    assert rows == 4.0 and common == 4 and rare == 0


def test_postgres_rebuild_twice_keeps_one_table_and_its_index_names(postgres):
    for _ in range(2):
        assert postgres.rebuild(iter(CORPUS[:3])) == 3
    tables = _tables(postgres)
    assert set(tables) == {"search_documents"}
    assert sorted(tables["search_documents"]) == sorted(
        f"search_documents_{suffix}" for suffix in postgres_sql.index_suffixes())
    postgres.upsert([CORPUS[3]])
    assert postgres.search(Query("")).total == 4


def test_postgres_searches_see_the_old_table_during_a_rebuild(postgres, monkeypatch):
    monkeypatch.setattr(postgres_backend, "BATCH", 1)
    seen = []

    def documents():
        yield CORPUS[0]
        seen.append(postgres.search(Query("")).total)  # one row is in <table>_new by now
        yield CORPUS[1]

    assert postgres.rebuild(documents()) == 2
    assert seen == [4] and postgres.search(Query("")).total == 2


def test_postgres_failed_rebuild_keeps_the_live_table(postgres):
    def documents():
        yield CORPUS[0]
        raise RuntimeError("the database read failed")

    with pytest.raises(RuntimeError):
        postgres.rebuild(documents())
    assert postgres.search(Query("")).total == 4
    assert set(_tables(postgres)) == {"search_documents"}


def test_postgres_table_name_is_checked(postgres):
    with pytest.raises(ValueError):
        PostgresBackend(postgres.engine, table='x"; DROP TABLE y; --')


# CN202310123456.6 (check character by the CNIPA rule), and one that differs in a digit.
PATENTED = doc(5, "一种主轴热变形补偿装置", "热变形补偿。", ["主轴"], patent="202310123456")
OTHER_PATENT = doc(6, "另一种补偿装置", "", patent="202310123457")


@pytest.mark.parametrize("written", [
    "CN202310123456.6", "202310123456", "2023101234566", "cn 2023 1012 3456.6",
    "ＣＮ２０２３１０１２３４５６．６", "ZL202310123456.6", "CN202310123456。6"])
def test_patent_number_finds_its_item_exactly(backend, written):
    """A query that is a patent application number, however written, finds the one item
    with that number (an exact field), not items sharing digits or words."""
    backend.upsert([PATENTED, OTHER_PATENT])
    results = backend.search(Query(written))
    assert ids(results) == ["achievement:5"] and results.mode == "exact"
    assert backend.search(Query(written, filters={"section": "D"})).total == 0


def test_unknown_patent_number_is_searched_as_text(backend):
    backend.upsert([PATENTED])
    results = backend.search(Query("CN202399999999.1"))
    assert results.mode != "exact" and results.total == 0
    assert "patent" not in backend.search(Query("")).facets  # never a facet


def test_postgres_table_from_before_exact_fields_is_upgraded(postgres):
    """The search table is derived data: the backend adds the patent column itself."""
    with postgres.engine.begin() as conn:
        conn.execute(text('ALTER TABLE search_documents DROP COLUMN "patent"'))
    upgraded = PostgresBackend(postgres.engine)
    assert upgraded.search(Query("机床")).total >= 2
    upgraded.upsert([PATENTED])
    assert ids(upgraded.search(Query("CN202310123456.6"))) == ["achievement:5"]
