"""What a search needs of each Whoosh segment, as numpy arrays, cached per segment.

A segment's files never change once written, so its field lengths, dates and facet codes
are read once. Only its deletions change (a later commit can delete documents from it):
they are read again for each new reader.
"""
from __future__ import annotations

import threading

import numpy as np

from search_index.facets import SegmentFacets
from search_index.whoosh_postings import column_values, field_lengths, live_mask

CONTENT, DATE = "content", "published_at"


class SegmentData:
    def __init__(self, reader, facet_fields) -> None:
        self.key = reader.segment().segment_id()
        self.size = reader.doc_count_all()
        self.lengths = field_lengths(reader, CONTENT)
        self.dates = column_values(reader, DATE).astype(np.int64)
        self.facets = SegmentFacets(reader, facet_fields)
        self._live_reader = None
        self._live: np.ndarray | None = None

    def live(self, reader) -> np.ndarray | None:
        """False for deleted documents, as of `reader`; None if none is deleted."""
        if reader is not self._live_reader:
            self._live_reader, self._live = reader, live_mask(reader)
        return self._live


class SegmentCache:
    """SegmentData by segment id, for the segments still in use."""

    def __init__(self, facet_fields) -> None:
        self.facet_fields = tuple(facet_fields)
        self._segments: dict[str, SegmentData] = {}
        self._lock = threading.Lock()

    def leaves(self, searcher) -> list[tuple[SegmentData, object, int]]:
        """(data, reader, docnum offset) for each segment of `searcher`; the data of
        segments that merges have replaced is forgotten."""
        leaves = []
        with self._lock:
            for sub, offset in searcher.leaf_searchers():
                reader = sub.reader()
                if reader.segment() is None:  # an empty index has no segment
                    continue
                key = reader.segment().segment_id()
                data = self._segments.get(key)
                if data is None:
                    data = self._segments[key] = SegmentData(reader, self.facet_fields)
                leaves.append((data, reader, offset))
            live = {data.key for data, _reader, _offset in leaves}
            for key in set(self._segments) - live:
                del self._segments[key]
        return leaves
