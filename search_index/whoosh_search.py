"""Matching and BM25F ranking over a Whoosh index, vectorised with numpy.

Whoosh scores matches one at a time in Python (collectors → BM25F score → field length
lookup per document): a broad query with 20k matches took ~100 ms at 100k documents.
Here each query term's postings come as arrays per segment (whoosh_postings), scored with
Whoosh's own BM25F formula and statistics (idf, average length from the searcher), so
scores and ranking are those of `searcher.search` with BM25F; only exact ties are broken
differently (newest first, then index order).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.scoring import BM25F, bm25

from search_index.facets import merge_counts
from search_index.schema import EXACT
from search_index.whoosh_postings import term_postings
from search_index.whoosh_segments import CONTENT, SegmentCache

WEIGHTING = BM25F()


@dataclass
class SegmentMatches:
    """The matching documents of one segment (segment docnums), with their scores."""

    data: object  # SegmentData
    offset: int  # of the segment's first document in the index
    local: np.ndarray
    scores: np.ndarray


class Matches:
    """Documents matching a query, over every segment of an index."""

    def __init__(self, parts: list[SegmentMatches]) -> None:
        self.parts = parts
        self.total = sum(len(p.local) for p in parts)

    def facets(self, fields) -> dict[str, list[tuple[str, int]]]:
        """Per facet, (value, matching documents), most frequent first."""
        return merge_counts([{name: p.data.facets.count(name, p.local) for name in fields}
                             for p in self.parts if len(p.local)])

    def ranked(self, limit: int, by_date: bool) -> list[tuple[int, float]]:
        """The best `limit` (index docnum, score): by score, then newest, then index
        order; or by date when `by_date`, then score."""
        if not self.total or limit <= 0:
            return []
        docnums = np.concatenate([p.local + p.offset for p in self.parts])
        scores = np.concatenate([p.scores for p in self.parts])
        dates = np.concatenate([p.data.dates[p.local] for p in self.parts])
        first, second = (dates, scores) if by_date else (scores, dates)
        picked = np.arange(len(docnums))
        if limit < len(docnums):  # keep the top `limit` and everything tied with the last
            cut = np.partition(first, len(first) - limit)[len(first) - limit]
            picked = np.flatnonzero(first >= cut)
        order = np.lexsort((docnums[picked], -second[picked], -first[picked]))[:limit]
        return [(int(d), float(s)) for d, s in zip(docnums[picked[order]],
                                                   scores[picked[order]], strict=True)]


def match(searcher, cache: SegmentCache, terms: list[str], require_all: bool,
          filters: dict[str, str], weights: list[float] | None = None) -> Matches:
    """Documents with all (or any) of `terms` in their content and every facet value of
    `filters`, scored with BM25F; with no terms, every document, scored 0. `weights`
    (one per term, default 1) multiply each term's BM25F score (matching's weighted OR)."""
    leaves = cache.leaves(searcher)
    if not leaves:  # an empty index (where idf is undefined)
        return Matches([])
    weights = [1.0] * len(terms) if weights is None else weights
    statistics = [(searcher.idf(CONTENT, t), t, w) for t, w in zip(terms, weights, strict=True)]
    average = searcher.avg_field_length(CONTENT) or 1  # as BM25FScorer
    parts = []
    for data, reader, offset in leaves:
        if terms:
            scores = np.zeros(data.size)
            counts = np.zeros(data.size, dtype=np.int32)
            for idf, text, weight in statistics:
                docs, frequencies = term_postings(reader, CONTENT, text)
                scores[docs] += weight * bm25(idf, frequencies, data.lengths[docs], average,
                                              WEIGHTING.B, WEIGHTING.K1)
                counts[docs] += 1
            keep = counts == len(terms) if require_all else counts > 0
        else:
            scores = np.zeros(data.size)
            keep = np.ones(data.size, dtype=bool)
        live = data.live(reader)
        if live is not None:
            keep &= live
        for name, value in filters.items():
            if name in EXACT:  # one term's postings: no per-segment table of every value
                exact = np.zeros(data.size, dtype=bool)
                exact[term_postings(reader, name, value)[0]] = True
                keep &= exact
            else:
                keep &= data.facets.having(name, value)
        local = np.flatnonzero(keep)
        parts.append(SegmentMatches(data, offset, local, scores[local]))
    return Matches(parts)
