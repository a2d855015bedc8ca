"""A Whoosh segment writer for bulk loads: postings kept in arrays, written block by block.

Whoosh's SegmentWriter sends every posting through an external sorting pool, then writes
them one by one, looking up the document's field length once per posting: most of its
time at 100k documents (measured: ~360 s of a 552 s rebuild, the rest tokenising).
`BulkWriter` keeps each field's postings in flat arrays, orders them with one numpy sort
and hands Whoosh's postings writer a whole block (up to its block limit) at a time.

The files are the same as Whoosh's own writer makes (tests compare them byte for byte):
this fills the block buffer of whoosh 2.7's W3PostingsWriter directly, private API of
the pinned version. A BulkWriter only adds documents to a new segment: no deletions,
merges, term vectors, spelling words or per-document boosts.
"""
from __future__ import annotations

from array import array
from itertools import repeat

import numpy as np
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

# Postings per block (Whoosh writes 128). Searches decode whole posting lists, and each
# block costs ~25 µs to decode besides its postings: common terms read ~2.5 times faster
# in blocks of 4096 (measured). Whoosh reads blocks of any size.
BLOCK_POSTINGS = 4096


class _FieldPostings:
    """One field's postings in the order they were added (docnum order)."""

    def __init__(self, value_size: int) -> None:
        self.term_ids: dict[bytes, int] = {}
        self.terms = array("I")
        self.docs = array("I")
        self.weights = array("f")
        self.values = bytearray()  # value_size bytes per posting
        self.value_size = value_size

    def add(self, docnum: int, items) -> int:
        """Add one document's (term, freq, weight, value) items; return the summed freq."""
        term_ids, terms, weights, values = self.term_ids, self.terms, self.weights, self.values
        length = count = 0
        for tbytes, freq, weight, vbytes in items:
            term = term_ids.get(tbytes)
            if term is None:
                term = term_ids[tbytes] = len(term_ids)
            terms.append(term)
            weights.append(weight)
            values += vbytes
            length += freq
            count += 1
        self.docs.extend(repeat(docnum, count))
        if len(values) != len(terms) * self.value_size:
            raise ValueError("a posting value is not of its format's fixed size")
        return length

    def sorted_terms(self):
        """(term bytes, docnums, weights, values) per term, in term order, as numpy arrays."""
        terms = np.frombuffer(self.terms, dtype=np.uint32)
        order = np.argsort(terms, kind="stable")  # stable: docnum order within each term
        starts = np.zeros(len(self.term_ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=len(self.term_ids)), out=starts[1:])
        docs = np.frombuffer(self.docs, dtype=np.uint32)[order]
        weights = np.frombuffer(self.weights, dtype=np.float32)[order]
        values = (np.frombuffer(bytes(self.values), dtype=np.uint8)
                  .reshape(-1, self.value_size)[order] if self.value_size else None)
        for tbytes in sorted(self.term_ids):
            term = self.term_ids[tbytes]
            span = slice(starts[term], starts[term + 1])
            yield tbytes, docs[span], weights[span], None if values is None else values[span]


class BulkWriter(SegmentWriter):
    """A SegmentWriter that adds documents to a new segment, fast (see the module doc)."""

    def __init__(self, ix, **kwargs) -> None:
        kwargs.setdefault("codec", W3Codec(blocklimit=BLOCK_POSTINGS))
        super().__init__(ix, **kwargs)
        self._postings: dict[str, _FieldPostings] = {}
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"BulkWriter cannot write field {name!r}")
            if field.indexed:
                size = field.format.fixed_value_size()
                if size is None:
                    raise ValueError(f"BulkWriter needs fixed-size values in {name!r}")
                self._postings[name] = _FieldPostings(size)

    def add_document(self, **fields) -> None:
        """SegmentWriter.add_document, less what this writer does not support."""
        self._check_state()
        perdoc = self.perdocwriter
        perdoc.start_doc(self.docnum)
        try:
            for name in sorted(fields):
                value, field = fields[name], self.schema[name]
                if value is None:
                    continue
                length = 0
                if field.indexed:
                    length = self._postings[name].add(self.docnum, field.index(value))
                perdoc.add_field(name, field, value if field.stored else None,
                                 length if field.scorable else 0)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type,
                                            field.to_column_value(value))
        except BaseException:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer = self.fieldwriter
        for name in sorted(self._postings):
            postings = self._postings.pop(name)  # frees each field's arrays once written
            if not postings.term_ids:
                continue
            lengths = self._field_lengths(name)
            writer.start_field(name, self.schema[name])
            for tbytes, docs, weights, values in postings.sorted_terms():
                writer.start_term(tbytes)
                self._add_blocks(writer._postwriter, docs, weights, values, lengths[docs])
                writer.finish_term()
            writer.finish_field()
        writer.close()

    def _field_lengths(self, name: str) -> np.ndarray:
        """Each document's length in field `name` as stored (one byte, so rounded), which
        Whoosh records as a posting block's shortest and longest document; 0 if unscored."""
        if not self.schema[name].scorable:
            return np.zeros(self.docnum, dtype=np.int64)
        reader = self.per_document_reader()
        try:
            return np.array([reader.doc_field_length(d, name) or 0 for d in range(self.docnum)],
                            dtype=np.int64)
        finally:
            reader.close()

    def _add_blocks(self, postwriter, docs, weights, values, lengths) -> None:
        """What postwriter.add_posting does for each posting, a block at a time. The last
        block stays buffered: finish_term writes it, marked as the last."""
        limit = self.codec._blocklimit
        for start in range(0, len(docs), limit):
            if start:
                postwriter._write_block()
            end = start + limit
            block_weights = weights[start:end]
            block_lengths = lengths[start:end]
            scored = block_lengths[block_lengths > 0]
            postwriter._ids = array("I", docs[start:end].tobytes())
            postwriter._weights = array("f", block_weights.tobytes())
            postwriter._values = [] if values is None else [values[start:end].tobytes()]
            postwriter._maxweight = max(0.0, float(block_weights.max()))
            postwriter._minlength = int(scored.min()) if scored.size else None
            postwriter._maxlength = int(block_lengths.max())

    def finish_segment(self):
        """Write the segment's files and return the segment, for another writer's commit."""
        segment = self._finalize_segment()
        # Not _finish(): it deletes the temporary folder that every writer of this index
        # shares, other writers' files included; the committing writer's _finish does.
        self.is_closed = True
        return segment

    def commit_segments(self, segments=()) -> None:
        """Commit the index's segments, `segments` written by other BulkWriters, and this
        writer's own documents if any. Nothing is merged."""
        self._check_state()
        final = [*self.segments, *segments]
        if self._added:
            final.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(final)
        self._finish()
