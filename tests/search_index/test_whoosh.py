"""Whoosh-specific behaviour: files, generations, facet caches."""
import pytest

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


def test_a_failed_commit_does_not_keep_the_index_locked(tmp_path, monkeypatch):
    """A commit that fails (disk full) must not leave Whoosh's write lock held: every
    later write of the process waited WRITE_TIMEOUT (30 s) and then failed."""
    import pytest
    from whoosh import writing

    from search_index import whoosh_backend

    monkeypatch.setattr(whoosh_backend, "WRITE_TIMEOUT", 0.2)
    backend = WhooshBackend(tmp_path / "index")
    doc = Document(id="achievement:1", version="1", title="主轴故障诊断")
    backend.upsert([doc])
    failures = []  # kept, as a logging handler keeps the traceback (and so the writer)
    for change in (lambda: backend.upsert([doc]), lambda: backend.delete([doc.id])):
        with monkeypatch.context() as patch:
            def disk_full(*args, **kwargs):
                raise OSError("disk full")

            patch.setattr(writing.SegmentWriter, "_commit_toc", disk_full)
            with pytest.raises(OSError) as failure:
                change()
            failures.append(failure)
        change()  # used to raise whoosh.index.LockError
    assert backend.search(Query("主轴")).total == 0


def test_another_whoosh_release_is_refused_with_a_clear_error(tmp_path, monkeypatch):
    import whoosh

    from search_index import whoosh_backend

    monkeypatch.setattr(whoosh, "versionstring", lambda: "2.7.6")
    with pytest.raises(RuntimeError, match=r"supports Whoosh 2\.7\.5 exactly.*2\.7\.6"):
        whoosh_backend.WhooshBackend(tmp_path / "index")
