"""Whoosh-specific behaviour: files, generations, facet caches."""
from search_index.schema import Document, Query
from search_index.whoosh_backend import WhooshBackend


def test_empty_index_answers(tmp_path):
    results = WhooshBackend(tmp_path / "index").search(Query("主轴"))
    assert results.total == 0 and results.hits == [] and results.facets == {}


def test_facet_counts_follow_new_segments_and_deletes(tmp_path):
    backend = WhooshBackend(tmp_path / "index")
    make = [Document(id=f"a:{n}", version="v", title="齿轮箱", facets={"mode": ("transfer",)})
            for n in range(3)]
    backend.upsert(make)
    assert dict(backend.search(Query("齿轮箱")).facets["mode"]) == {"transfer": 3}
    backend.upsert([Document(id="a:9", version="v", title="齿轮箱",
                             facets={"mode": ("transfer", "equity")})])
    backend.delete(["a:0"])
    counts = dict(backend.search(Query("齿轮箱")).facets["mode"])
    assert counts == {"transfer": 3, "equity": 1}


def test_rebuild_keeps_one_previous_generation(tmp_path):
    backend = WhooshBackend(tmp_path / "index")
    for _ in range(3):
        backend.rebuild(iter([Document(id="a:1", version="v", title="轴承")]))
    generations = sorted(p.name for p in (tmp_path / "index").glob("gen-*"))
    assert len(generations) == 2
    assert backend.search(Query("轴承")).total == 1
