"""Numpy readers of Whoosh segments and the vectorised BM25F, checked against Whoosh itself
on small indexes of several segments, with posting lists of many small blocks."""
from __future__ import annotations

import random

import numpy as np
import pytest
from whoosh import index as windex
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec

from search_index.schema import FACETS, Document
from search_index.whoosh_bulk import BulkWriter
from search_index.whoosh_postings import column_values, field_lengths, live_mask, term_postings
from search_index.whoosh_schema import document_fields, make_schema
from search_index.whoosh_search import WEIGHTING, match
from search_index.whoosh_segments import SegmentCache

WORDS = ["数控机床", "主轴", "故障", "诊断", "液压", "系统", "输送带", "润滑", "开关柜", "放电",
         "检测", "装置"]
QUERIES = [["系统"], ["主轴", "故障"], ["液压", "系统", "检测"], ["开关柜"], ["没有的词"]]


def corpus(count: int, seed: int = 0) -> list[Document]:
    rng = random.Random(seed)
    return [Document(id=f"d:{n}", version="v", title="".join(rng.sample(WORDS, 2)),
                     abstract="，".join(rng.choice(WORDS) for _ in range(rng.randint(0, 8))),
                     keywords=tuple(rng.sample(WORDS, rng.randint(0, 2))),
                     facets={"section": (rng.choice("CDM"),),
                             "mode": tuple(rng.sample(["transfer", "equity", "license"], 2))},
                     published_at=1_700_000_000 + rng.randint(0, 50))
            for n in range(count)]


@pytest.fixture
def ix(tmp_path):
    """Three segments: two bulk-written with 4 postings a block, one by Whoosh's own
    writer; then deletions in two of them."""
    ix = windex.create_in(tmp_path, make_schema())
    docs = corpus(90)
    for batch in (docs[:40], docs[40:70]):
        writer = BulkWriter(ix, codec=W3Codec(blocklimit=4))
        for doc in batch:
            writer.add_document(**document_fields(doc))
        writer.commit_segments()
    writer = ix.writer()
    for doc in docs[70:]:
        writer.add_document(**document_fields(doc))
    writer.commit(merge=False)
    writer = ix.writer()
    for doc_id in ("d:3", "d:41", "d:42"):
        writer.delete_by_term("id", doc_id)
    writer.commit(merge=False)
    return ix


def readers(searcher):
    return [sub.reader() for sub, _offset in searcher.leaf_searchers()]


def test_fixture_has_segments_with_deletions(ix):
    with ix.searcher() as searcher:
        assert [r.doc_count_all() for r in readers(searcher)] == [40, 30, 20]
        assert [r.has_deletions() for r in readers(searcher)] == [True, True, False]


def test_postings_are_whooshs(ix):
    with ix.searcher() as searcher:
        for reader in readers(searcher):
            for fieldname, tbytes in reader.all_terms():
                text = reader.schema[fieldname].from_bytes(tbytes)
                ids, weights = term_postings(reader, fieldname, text)
                matcher = reader._terms.matcher(fieldname, tbytes, reader.schema[fieldname].format)
                expected = []
                while matcher.is_active():
                    expected.append((matcher.id(), matcher.weight()))
                    matcher.next()
                assert list(zip(ids.tolist(), weights.tolist(), strict=True)) == expected
            missing_ids, missing_weights = term_postings(reader, "content", "没有的词")
            assert missing_ids.size == missing_weights.size == 0


def test_columns_lengths_and_deletions_are_whooshs(ix):
    with ix.searcher() as searcher:
        for reader in readers(searcher):
            size = reader.doc_count_all()
            assert field_lengths(reader, "content").tolist() == \
                [reader.doc_field_length(d, "content") or 0 for d in range(size)]
            assert column_values(reader, "published_at").tolist() == \
                list(reader.column_reader("published_at"))
            live = live_mask(reader)
            expected = [not reader.is_deleted(d) for d in range(size)]
            assert (live is None and all(expected)) or live.tolist() == expected


@pytest.mark.parametrize("terms", QUERIES)
@pytest.mark.parametrize("require_all", [True, False])
def test_scores_are_whooshs_bm25f(ix, terms, require_all):
    with ix.searcher(weighting=WEIGHTING) as searcher:
        words = [wq.Term("content", t) for t in terms]
        q = wq.And(words) if require_all else wq.Or(words)
        expected = {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}
        found = match(searcher, SegmentCache(FACETS), terms, require_all, {})
        ranked = found.ranked(1000, by_date=False)
    assert found.total == len(expected)
    assert {d for d, _ in ranked} == set(expected)
    assert [s for _, s in ranked] == pytest.approx([expected[d] for d, _ in ranked])
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)


def test_ties_go_newest_first_then_by_docnum(ix):
    with ix.searcher(weighting=WEIGHTING) as searcher:
        ranked = match(searcher, SegmentCache(FACETS), [], True, {}).ranked(1000, by_date=True)
        dates = np.concatenate([column_values(r, "published_at") for r in readers(searcher)])
    keys = [(-dates[d], d) for d, _ in ranked]
    assert len(ranked) == 87 and keys == sorted(keys)


def test_top_pages_agree_with_the_full_ranking(ix):
    with ix.searcher(weighting=WEIGHTING) as searcher:
        found = match(searcher, SegmentCache(FACETS), ["系统"], True, {})
        everything = found.ranked(1000, by_date=False)
        for limit in (1, 3, 7, len(everything) - 1):
            assert found.ranked(limit, by_date=False) == everything[:limit]


def test_filters_and_facets_are_whooshs(ix):
    cache = SegmentCache(FACETS)
    with ix.searcher(weighting=WEIGHTING) as searcher:
        q = wq.And([wq.Term("content", "系统"), wq.Term("section", "D"),
                    wq.Term("mode", "equity")])
        expected = {hit.docnum for hit in searcher.search(q, limit=None)}
        found = match(searcher, cache, ["系统"], True, {"section": "D", "mode": "equity"})
        assert {d for d, _ in found.ranked(1000, by_date=False)} == expected
        facets = found.facets(["section", "mode"])
        assert facets["section"] == [("D", len(expected))]
        assert dict(facets["mode"])["equity"] == len(expected)
        nothing = match(searcher, cache, ["系统"], True, {"section": "no such value"})
        assert nothing.total == 0 and nothing.facets(["section"]) == {}
