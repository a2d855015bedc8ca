"""Whoosh segment data as numpy arrays: a term's postings, a numeric column, deletions.

Whoosh's matchers hand out one posting at a time, in Python; reading a common term that
way costs more than the rest of a search (measured: 15 ms for 19k postings, 4 ms here).
These readers decode the same files directly and depend on the on-disk format of
whoosh-reloaded 2.7's "whoosh3" codec (W3TermInfo, W3LeafMatcher blocks, NumericColumn),
which is pinned; tests check them against Whoosh's own readers.
"""
from __future__ import annotations

import io
import pickle
import struct
import zlib
from itertools import chain

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

_BLOCK_LENGTH = struct.Struct("!i")  # negative for a term's last block
# A field length is stored as one byte; BM25F scores with the length it stands for.
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def term_postings(reader, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of a term in one segment (`reader` is a SegmentReader)."""
    try:
        info = reader.term_info(fieldname, text)
    except TermNotFound:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    if info.is_inlined():
        ids, weights, _values = info.inlined_postings()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
    offset, length = info.extent()
    if isinstance(length, tuple):  # whoosh-reloaded 2.7.5 unpacks it as a 1-tuple
        length = length[0]
    return _decode_blocks(reader._terms._postfile.get(offset, length), info.doc_frequency())


def _decode_blocks(data: bytes, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Posting blocks as W3PostingsWriter writes them: after a 4-byte header, per block
    a length, a pickled info tuple and pickled (maybe zlib-compressed) data: docnum
    deltas (the first relative to 0), weights (None: all 1, a float: all the same, or
    one each) and values."""
    if data[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError("not a whoosh3 posting list")
    stream = io.BytesIO(data)
    deltas, weights, block_ends = [], [], []
    pos = 4
    while pos < len(data):
        size = _BLOCK_LENGTH.unpack_from(data, pos)[0]
        end = pos + _BLOCK_LENGTH.size + abs(size)
        stream.seek(pos + _BLOCK_LENGTH.size)
        postings, last_id, _maxweight, compressed, _minlen, _maxlen = pickle.load(stream)
        block = data[stream.tell():end]
        ids, block_weights, _values = pickle.loads(zlib.decompress(block) if compressed
                                                   else block)
        deltas.append(ids)
        if block_weights is None or isinstance(block_weights, float):
            block_weights = (1.0 if block_weights is None else block_weights,) * postings
        weights.append(block_weights)
        block_ends.append(last_id)
        pos = end
        if size < 0:
            break
    docs = np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=count)
    # Each block's first delta is its first docnum: make it relative to the previous
    # block's last, so that one running sum decodes every block.
    starts = np.cumsum([0] + [len(d) for d in deltas[:-1]])
    docs[starts[1:]] -= np.array(block_ends[:-1], dtype=np.int64)
    return (np.cumsum(docs),
            np.fromiter(chain.from_iterable(weights), dtype=np.float64, count=count))


def _numeric_column(reader, name: str, column) -> np.ndarray:
    """A NumericColumn of one segment, documents without a value at the default."""
    size = reader.doc_count_all()
    perdoc = reader._perdoc
    dtype = np.dtype(">" + column._typecode)
    values = np.full(size, column._default, dtype=dtype.newbyteorder("="))
    if perdoc.has_column(name):
        column_reader = perdoc.column_reader(name, column)
        stored = min(column_reader._count, size)  # trailing defaults are not written
        raw = column_reader._dbfile.get(column_reader._basepos, stored * dtype.itemsize)
        values[:stored] = np.frombuffer(raw, dtype=dtype)
    return values


def field_lengths(reader, fieldname: str) -> np.ndarray:
    """Each document's length in a scorable field, as BM25F sees it (float64)."""
    return _LENGTHS[_numeric_column(reader, _lenfield(fieldname), LENGTHS_COLUMN)]


def column_values(reader, fieldname: str) -> np.ndarray:
    """A field's NumericColumn values for every document of the segment."""
    return _numeric_column(reader, fieldname, reader.schema[fieldname].column_type)


def live_mask(reader) -> np.ndarray | None:
    """False for deleted documents; None when the segment has none."""
    if not reader.has_deletions():
        return None
    mask = np.ones(reader.doc_count_all(), dtype=bool)
    mask[np.fromiter(reader.deleted_docs_set, dtype=np.int64)] = False
    return mask
