"""The backend contract, run against every backend (Whoosh today; PostgreSQL to follow)."""
from __future__ import annotations

import pytest

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


@pytest.fixture(params=["whoosh"])
def backend(request, tmp_path):
    instance = WhooshBackend(tmp_path / "index")
    instance.upsert(CORPUS)
    return instance


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
