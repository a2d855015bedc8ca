"""What the PostgreSQL backend keeps of every indexed row in memory: facets and date order.

Counting a broad query's facets in SQL hashes the facet arrays of every match (GROUPING
SETS: ~55 ms for 21,000 matches at 100k documents, more than the whole latency budget).
Instead one query returns the row numbers (`num`) of the matches and numpy counts them
against arrays held here (~1 ms), and picks the newest matches the same way.

A row's `num` is drawn from a sequence on every insert and every update, so a num always
describes one and the same content: nums seen for the first time are loaded on sight, old
ones simply stop matching, and a table swapped in by a rebuild (another oid) is reloaded
whole. Nothing here can go stale, only grow; it is reloaded whole when it has doubled.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import text

# Unknown nums up to this many are fetched by number; more, and the table is read whole.
FETCH_BY_NUM = 5000


@dataclass
class _Facet:
    """(row, value code) pairs: a row may have several values, or none."""

    vocab: list[str] = field(default_factory=list)
    codes: dict[str, int] = field(default_factory=dict)
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    values: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def code(self, value: str) -> int:
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.vocab)
            self.vocab.append(value)
        return found


class RowCache:
    """Per-process arrays over one table's rows, in `num` order (see the module docstring)."""

    def __init__(self, facets: tuple[str, ...]) -> None:
        self.facet_names = tuple(facets)
        self._lock = threading.Lock()
        self._clear(None)

    def _clear(self, oid) -> None:
        self.oid = oid
        self.nums = np.empty(0, dtype=np.int64)    # sorted
        self.ids = np.empty(0, dtype="U1")
        self.published = np.empty(0, dtype=np.int64)
        self.date_rank = np.empty(0, dtype=np.int64)  # 0 = newest (ties: smaller id)
        self.facets = {name: _Facet() for name in self.facet_names}
        self._loaded_whole = 0

    # --- loading ---------------------------------------------------------------------

    def positions(self, conn, table: str, oid: int, nums) -> np.ndarray:
        """Cache positions of `nums` (rows of `table`, whose oid is `oid`), loading what
        is new. A num whose row changed since it was read has no position."""
        nums = np.asarray(nums, dtype=np.int64)
        with self._lock:
            if oid != self.oid:
                self._load(conn, table, oid, None)
            found = self._find(nums)
            missing = nums[found < 0]
            if missing.size:
                grown = len(self.nums) + missing.size > 2 * max(self._loaded_whole, 1000)
                whole = missing.size > FETCH_BY_NUM or grown
                self._load(conn, table, oid, None if whole else missing)
                found = self._find(nums)
            return found[found >= 0]

    def _find(self, nums: np.ndarray) -> np.ndarray:
        at = np.searchsorted(self.nums, nums)
        at[at >= len(self.nums)] = 0
        hit = self.nums[at] == nums if len(self.nums) else np.zeros(len(nums), dtype=bool)
        return np.where(hit, at, -1)

    def _load(self, conn, table: str, oid: int, nums: np.ndarray | None) -> None:
        # Aggregated in SQL, one array per column and per facet value: building 100k rows
        # of seven arrays each in Python took ~4 s, this well under one.
        where, params = "", {}
        if nums is not None:
            where, params = " WHERE num = ANY(CAST(:nums AS bigint[]))", {"nums": nums.tolist()}
        base = conn.execute(text("SELECT array_agg(num), array_agg(id), array_agg(published_at)"
                                 f' FROM "{table}"{where}'), params).one()
        facets = {name: conn.execute(text(
            f'SELECT v, array_agg(num) FROM "{table}" CROSS JOIN LATERAL unnest("{name}") v'
            f"{where} GROUP BY v"), params).all() for name in self.facet_names}
        if nums is None:
            self._clear(oid)
            self._loaded_whole = len(base[0] or ())
        if base[0]:
            self._append(base, facets)

    def _append(self, base, facets: dict[str, list]) -> None:
        nums = np.array(base[0], dtype=np.int64)
        # Appended rows can have smaller nums than cached ones (transactions commit out of
        # order), so everything is re-sorted by num and facet rows are remapped.
        all_nums = np.concatenate([self.nums, nums])
        order = np.argsort(all_nums, kind="stable")
        where = np.empty_like(order)
        where[order] = np.arange(len(order))
        self.nums = all_nums[order]
        self.ids = np.concatenate([self.ids, np.array(base[1])])[order]
        self.published = np.concatenate([self.published,
                                         np.array(base[2], dtype=np.int64)])[order]
        new = np.sort(nums)
        for name, pairs in facets.items():
            facet = self.facets[name]
            rows, codes = [where[facet.rows]], [facet.values]
            for value, members in pairs:
                members = np.array(members, dtype=np.int64)
                # A row changed between the statements above has a num missing from
                # `base`: it cannot match any more, so it is left out.
                at = np.searchsorted(new, members).clip(max=len(new) - 1)
                members = members[new[at] == members]
                rows.append(np.searchsorted(self.nums, members))
                codes.append(np.full(len(members), facet.code(value), dtype=np.int64))
            facet.rows, facet.values = np.concatenate(rows), np.concatenate(codes)
        by_date = np.lexsort((self.ids, -self.published))
        self.date_rank = np.empty_like(by_date)
        self.date_rank[by_date] = np.arange(len(by_date))

    # --- counting and ordering -------------------------------------------------------

    def facet_counts(self, positions: np.ndarray, names) -> dict[str, list[tuple[str, int]]]:
        """{facet: [(value, matches)]}, most frequent first; facets no match has are left out."""
        if not positions.size:
            return {}
        matched = np.zeros(len(self.nums), dtype=bool)
        matched[positions] = True
        counts = {}
        for name in names:
            facet = self.facets[name]
            tally = np.bincount(facet.values[matched[facet.rows]], minlength=len(facet.vocab))
            values = [(facet.vocab[i], int(tally[i])) for i in np.flatnonzero(tally)]
            if values:
                counts[name] = sorted(values, key=lambda kv: (-kv[1], kv[0]))
        return counts

    def newest(self, positions: np.ndarray, start: int, stop: int) -> list[int]:
        """The nums of matches start..stop-1, newest first."""
        stop = min(stop, len(positions))
        if start >= stop:
            return []
        ranks = self.date_rank[positions]
        if stop < len(positions):  # only the first `stop` need sorting
            nearest = np.argpartition(ranks, stop - 1)[:stop]
            chosen = nearest[np.argsort(ranks[nearest])]
        else:
            chosen = np.argsort(ranks)
        return self.nums[positions[chosen[start:stop]]].tolist()
