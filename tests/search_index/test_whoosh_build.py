"""Bulk and parallel writing of Whoosh indexes: Whoosh's own files, all-or-nothing rebuilds,
and indexes written by an older schema."""
from __future__ import annotations

import multiprocessing
import os
import random

import pytest
from whoosh import index as windex
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.writing import SegmentWriter

from search_index import whoosh_build
from search_index.schema import Document, Query
from search_index.whoosh_backend import IndexFormatError, WhooshBackend
from search_index.whoosh_build import WorkerError
from search_index.whoosh_bulk import BulkWriter
from search_index.whoosh_schema import document_fields, make_schema

WORDS = ["数控机床", "主轴", "故障诊断", "液压系统", "输送带", "润滑", "开关柜", "局部放电"]
forks = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                           reason="parallel rebuilds need fork")


def corpus(count: int, seed: int = 0) -> list[Document]:
    rng = random.Random(seed)
    return [Document(id=f"d:{n}", version=f"v{n}", title="".join(rng.sample(WORDS, 2)),
                     abstract="，".join(rng.choices(WORDS, k=rng.randint(0, 6))),
                     keywords=tuple(rng.sample(WORDS, rng.randint(0, 2))), studio="工作室",
                     facets={"section": (rng.choice("CD"),), "mode": ("transfer", "equity")},
                     published_at=1_700_000_000 + n)
            for n in range(count)]


def written_by(writer_class, folder, docs, blocklimit):
    folder.mkdir()
    ix = windex.create_in(folder, make_schema())
    writer = writer_class(ix, codec=W3Codec(blocklimit=blocklimit))
    for doc in docs:
        writer.add_document(**document_fields(doc))
    if writer_class is BulkWriter:
        writer.commit_segments()
    else:
        writer.commit()
    return ix.reader()


def term_files(reader, fieldname, tbytes):
    info = reader.term_info(fieldname, tbytes)
    offset, length = info.extent()
    length = length[0] if isinstance(length, tuple) else length
    stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
             info.max_weight(), info.min_id(), info.max_id())
    return stats, reader._terms._postfile.get(offset, length)


@pytest.mark.parametrize("blocklimit", [4, 128])
def test_bulk_writer_writes_whooshs_files(tmp_path, blocklimit):
    docs = corpus(60)
    ours = written_by(BulkWriter, tmp_path / "bulk", docs, blocklimit)
    whooshs = written_by(SegmentWriter, tmp_path / "whoosh", docs, blocklimit)
    terms = list(whooshs.all_terms())
    assert list(ours.all_terms()) == terms
    for fieldname, tbytes in terms:
        assert term_files(ours, fieldname, tbytes) == term_files(whooshs, fieldname, tbytes)
    for docnum in range(len(docs)):
        assert ours.stored_fields(docnum) == whooshs.stored_fields(docnum)
        assert ours.doc_field_length(docnum, "content") == \
            whooshs.doc_field_length(docnum, "content")
    assert list(ours.column_reader("published_at")) == \
        list(whooshs.column_reader("published_at"))


def test_bulk_writer_refuses_what_it_cannot_write(tmp_path):
    ix = windex.create_in(tmp_path, Schema(body=TEXT(vector=True)))
    with pytest.raises(ValueError, match="body"):
        BulkWriter(ix)


def summary(backend: WhooshBackend, text: str):
    results = backend.search(Query(text, per_page=100))
    return (results.total, results.mode, results.facets,
            [(h.id, round(h.score, 9)) for h in results.hits])


@forks
def test_parallel_rebuild_is_the_serial_one(tmp_path):
    docs = corpus(300)
    serial = WhooshBackend(tmp_path / "serial", processes=1)
    parallel = WhooshBackend(tmp_path / "parallel", processes=2, parallel_from=50)
    assert serial.rebuild(iter(docs)) == parallel.rebuild(iter(docs)) == 300
    with parallel._index().searcher() as searcher:
        assert len(list(searcher.leaf_searchers())) == 2  # one segment per worker
    for text in ("", "液压系统", "主轴 润滑", "开关柜 不存在的词", '"局部放电"'):
        assert summary(parallel, text) == summary(serial, text)
    assert parallel.versions() == {d.id: d.version for d in docs}
    assert multiprocessing.active_children() == []


@forks
def test_parallel_rebuild_takes_changes_after_it(tmp_path):
    backend = WhooshBackend(tmp_path / "index", processes=2, parallel_from=50)
    backend.rebuild(corpus(200))
    backend.upsert([Document(id="d:7", version="new", title="高速电主轴热变形补偿",
                             facets={"section": ("D",)})])
    backend.delete(["d:8"])
    assert backend.search(Query("热变形")).total == 1
    assert len(backend.versions()) == 199 and backend.versions()["d:7"] == "new"
    assert sum(n for _, n in backend.search(Query("")).facets["section"]) == 199


def broken(docs, at: int):
    for n, doc in enumerate(docs):
        if n == at:
            raise RuntimeError("the database read failed")
        yield doc


def assert_unchanged(backend: WhooshBackend, generations: set[str]) -> None:
    assert {p.name for p in backend.folder.glob("gen-*")} == generations
    assert backend.search(Query("")).total == 3
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("processes", [1, pytest.param(2, marks=forks)])
def test_a_failed_rebuild_keeps_the_live_index(tmp_path, processes):
    backend = WhooshBackend(tmp_path / "index", processes=processes, parallel_from=50)
    backend.rebuild(corpus(3))
    generations = {p.name for p in backend.folder.glob("gen-*")}
    with pytest.raises(RuntimeError, match="database read"):
        backend.rebuild(broken(corpus(400), at=300))
    assert_unchanged(backend, generations)


@forks
def test_a_failing_worker_fails_the_rebuild(tmp_path):
    backend = WhooshBackend(tmp_path / "index", processes=2, parallel_from=50)
    backend.rebuild(corpus(3))
    generations = {p.name for p in backend.folder.glob("gen-*")}
    docs = corpus(400)
    docs[250] = Document(id="bad", version="v", title="标题", facets={"type": (1,)})
    with pytest.raises(WorkerError, match="AttributeError"):
        backend.rebuild(docs)
    assert_unchanged(backend, generations)


@forks
def test_a_worker_that_dies_fails_the_rebuild(tmp_path, monkeypatch):
    backend = WhooshBackend(tmp_path / "index", processes=2, parallel_from=50)
    backend.rebuild(corpus(3))
    generations = {p.name for p in backend.folder.glob("gen-*")}

    def die_on_bad(doc):  # in a forked worker, as if killed for lack of memory
        if doc.id == "bad":
            os._exit(9)
        return document_fields(doc)

    monkeypatch.setattr(whoosh_build, "document_fields", die_on_bad)
    docs = corpus(400)
    docs[100] = Document(id="bad", version="v", title="标题")
    with pytest.raises(WorkerError, match="exited with code 9"):
        backend.rebuild(docs)
    assert_unchanged(backend, generations)


def test_an_index_of_an_older_schema_asks_for_a_rebuild(tmp_path):
    folder = tmp_path / "index"
    (folder / "gen-1").mkdir(parents=True)
    old = Schema(id=ID(stored=True, unique=True),
                 content=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False),
                 published_at=NUMERIC(int, bits=64, stored=False, sortable=True))
    writer = windex.create_in(folder / "gen-1", old).writer()
    writer.add_document(id="a:1", content="主轴 主轴 故障", published_at=1)
    writer.commit()
    (folder / "current").symlink_to("gen-1")
    backend = WhooshBackend(folder)
    with pytest.raises(IndexFormatError, match="rebuild"):
        backend.search(Query("主轴"))
    assert backend.rebuild(corpus(5)) == 5
    assert backend.search(Query("")).total == 5
