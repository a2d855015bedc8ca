"""Facet values of a Whoosh segment's documents as numpy arrays, built once per segment.

Whoosh's own overlapping facets re-read every posting of the facet field on each search
(measured: about 90% of a faceted query). Segments never change once written, so each
segment's documents are mapped to facet values once, and a search counts its matching
document numbers with bincount and filters with a comparison.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from search_index.whoosh_postings import term_postings

# An item can offer several transaction modes; an open licence is "open" and its method.
MULTI_VALUED = frozenset({"mode", "licence"})


class SegmentFacets:
    def __init__(self, reader, fields) -> None:
        size = reader.doc_count_all()
        self.vocab: dict[str, list[str]] = {}
        self.codes: dict[str, np.ndarray] = {}
        for name in fields:
            values = sorted(v.decode() if isinstance(v, bytes) else v
                            for v in reader.lexicon(name))
            self.vocab[name] = values
            if name in MULTI_VALUED:
                table = np.zeros((size, max(1, len(values))), dtype=bool)
            else:
                table = np.full(size, -1, dtype=np.int32)
            for index, value in enumerate(values):
                ids, _weights = term_postings(reader, name, value)
                if name in MULTI_VALUED:
                    table[ids, index] = True
                else:
                    table[ids] = index
            self.codes[name] = table
        self._positions = {name: {v: i for i, v in enumerate(values)}
                           for name, values in self.vocab.items()}

    def count(self, name: str, local: np.ndarray) -> list[tuple[str, int]]:
        """(value, documents) of facet `name` among the segment's documents `local`."""
        table, vocab = self.codes[name], self.vocab[name]
        if name in MULTI_VALUED:
            counts = table[local].sum(axis=0)
        else:
            counts = np.bincount(table[local] + 1, minlength=len(vocab) + 1)[1:]
        return [(vocab[i], int(c)) for i, c in enumerate(counts) if c]

    def having(self, name: str, value: str) -> np.ndarray:
        """A mask of the segment's documents with `value` in facet `name`."""
        table = self.codes[name]
        index = self._positions[name].get(value)
        if index is None:
            return np.zeros(len(table), dtype=bool)
        return table[:, index] if name in MULTI_VALUED else table == index


def merge_counts(counted: list[dict[str, list[tuple[str, int]]]]
                 ) -> dict[str, list[tuple[str, int]]]:
    """Per facet, (value, documents) summed over segments, most frequent first."""
    totals: dict[str, Counter] = {}
    for counts in counted:
        for name, pairs in counts.items():
            totals.setdefault(name, Counter()).update(dict(pairs))
    return {name: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
            for name, c in totals.items() if c}
