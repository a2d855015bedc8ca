"""PostgreSQL backend: one table of pre-segmented tsvectors, atomic rebuilds.

The table (`search_documents` unless told otherwise) is derived data owned by this module,
like Whoosh's files: `ensure_schema` creates it on first use. Text goes through the same
analyser as for Whoosh (`index_tokens` / `query_tokens`); PostgreSQL only sees the tokens,
space-joined, through the `simple` configuration (no stemming, no stop words), weighted
title A, keywords B, abstract C, studio D, so `ts_rank_cd`'s default weights {0.1, 0.2, 0.4,
1.0} rank a title match above a keyword match above an abstract match.

Search semantics follow `WhooshBackend`: AND of the query's tokens, OR when AND finds nothing
and there are several; no text lists everything newest first; quoted phrases are checked
against the normalised stored text among `PHRASE_CANDIDATES` matches (no facet counts then);
facet counts cover every match (counted in this process from the matches' row numbers, see
postgres_rows.py); highlights come from `search_index.highlight` on the stored
title/abstract. What differs (deliberately, for speed at 100k documents): `ts_rank_cd`
scores only the newest `RANK_CANDIDATES` matches of a query, the rest follow newest first
(see `_run`); the phrase candidates are likewise the newest matches, not the best-scored.

`rebuild` fills `<table>_new` and swaps it in with DROP + RENAME in one transaction, so
searches see the old table until the commit and the new one after; large rebuilds tokenise
on every core (parallel.py). `lock()` is a session
advisory lock on a dedicated connection; creating the schema and rebuilding take locks of
their own (other keys), so both work while the caller holds `lock()`.
"""
from __future__ import annotations

import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, text

from search_index import postgres_retrieve, postgres_suggest
from search_index.analysis import (
    phrases,
    query_tokens,
    strip_phrases,
)
from search_index.highlight import highlight, snippet
from search_index.parallel import map_batches
from search_index.postgres_rows import RowCache
from search_index.postgres_sql import (
    BATCH,
    LOCK_NAMESPACE,
    RANK_CANDIDATES,
    TABLE_NAME,
    TsMatch,
    add_filters,
    add_num,
    batched,
    clean_text,
    create_indexes,
    create_table,
    doc_rows,
    index_suffixes,
    int4,
    sequence_name,
    ts_match,
    upsert_sql,
)
from search_index.schema import (
    FACETS,
    FILTERS,
    PHRASE_CANDIDATES,
    Document,
    Hit,
    LockBusy,
    Query,
    Results,
    SearchBackend,
    weighted_terms,
)

LOCK_POLL = 0.005  # seconds between two tries of a lock taken with a timeout


class PostgresBackend(SearchBackend):
    def __init__(self, engine: Engine, table: str = "search_documents") -> None:
        if not TABLE_NAME.fullmatch(table):
            raise ValueError(f"table name {table!r}: lower-case letters, digits, '_' (≤ 40)")
        self.engine = engine
        self.table = table
        self.sequence = sequence_name(table)
        self._ready = False
        self._cache = RowCache(FACETS)

    # --- schema and locks ------------------------------------------------------------

    def _key(self, purpose: str) -> dict:
        return {"ns": LOCK_NAMESPACE,
                "key": int4(zlib.crc32(f"{self.table}:{purpose}".encode()))}

    def ensure_schema(self) -> None:
        """Create the table and its indexes unless they exist (once per instance)."""
        if self._ready:
            return
        with self.engine.begin() as conn:
            oid = conn.execute(text("SELECT CAST(to_regclass(:t) AS oid)"),
                               {"t": f'"{self.table}"'}).scalar()
            # Columns added since the first version: a table without them is upgraded
            # in place (derived data, no migration).
            present = set() if oid is None else set(conn.execute(text(
                "SELECT attname FROM pg_attribute WHERE attrelid = :oid "
                "AND attname = ANY(CAST(:names AS text[])) AND NOT attisdropped"),
                {"oid": oid, "names": ["num", *FILTERS]}).scalars())
            if present != {"num", *FILTERS}:
                # Serialise creation and upgrade: CREATE ... IF NOT EXISTS alone can race.
                conn.execute(text("SELECT pg_advisory_xact_lock(:ns, :key)"),
                             self._key("schema"))
                statements = ([*add_num(self.table, self.sequence), *add_filters(self.table)]
                              if oid is not None else
                              [*create_table(self.table, self.sequence),
                               *create_indexes(self.table)])
                for statement in statements:
                    conn.execute(text(statement))
        self._ready = True

    @contextmanager
    def lock(self, timeout: float | None = None):
        """Serialise index maintenance across processes and hosts: a session-level
        advisory lock, held on a connection of its own until the block ends. With a
        timeout it is tried without waiting until the time runs out (LockBusy)."""
        conn = self.engine.connect()
        locked = False
        try:
            conn.execution_options(isolation_level="AUTOCOMMIT")  # no idle transaction
            try:
                self._take(conn, timeout)
            except LockBusy:
                raise
            except BaseException:
                conn.invalidate()  # e.g. interrupted while waiting: drop the session
                raise
            locked = True
            yield
        finally:
            if locked:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock(:ns, :key)"),
                                 self._key("sync"))
                except Exception:
                    conn.invalidate()  # closing the session releases the lock
            conn.close()

    def _take(self, conn, timeout: float | None) -> None:
        if timeout is None:
            conn.execute(text("SELECT pg_advisory_lock(:ns, :key)"), self._key("sync"))
            return
        deadline = time.monotonic() + timeout
        while not conn.execute(text("SELECT pg_try_advisory_lock(:ns, :key)"),
                               self._key("sync")).scalar():
            if time.monotonic() >= deadline:
                raise LockBusy("the search index is locked (a rebuild or sync runs)")
            time.sleep(LOCK_POLL)

    # --- changes ---------------------------------------------------------------------

    def upsert(self, docs: list[Document]) -> None:
        if not docs:
            return
        self.ensure_schema()
        statement = text(upsert_sql(self.table))
        with self.engine.begin() as conn:
            for batch in batched(docs, BATCH):
                conn.execute(statement, doc_rows(batch))

    def delete(self, ids: list[str]) -> None:
        if not ids:
            return
        self.ensure_schema()
        with self.engine.begin() as conn:
            conn.execute(text(f'DELETE FROM "{self.table}" WHERE id = ANY(CAST(:ids AS text[]))'),
                         {"ids": list(ids)})

    def rebuild(self, docs) -> int:
        """Fill `<table>_new` in batches, index it, then swap it in in one transaction."""
        self.ensure_schema()
        new = f"{self.table}_new"
        count = 0
        with self.engine.connect() as conn:
            # Two rebuilds at once would share `<table>_new`: one waits for the other.
            conn.execute(text("SELECT pg_advisory_lock(:ns, :key)"), self._key("rebuild"))
            conn.commit()
            try:
                conn.execute(text(f'DROP TABLE IF EXISTS "{new}"'))
                for statement in create_table(new, self.sequence):
                    conn.execute(text(statement))
                conn.commit()
                statement = text(upsert_sql(new))
                # Tokenising (in doc_rows) runs on every core for large rebuilds.
                for rows in map_batches(doc_rows, docs, BATCH):
                    conn.execute(statement, rows)
                    conn.commit()
                    count += len(rows)
                for index in create_indexes(new):  # after the load: faster than during it
                    conn.execute(text(index))
                conn.execute(text(f'ANALYZE "{new}"'))
                conn.commit()
                # The swap. Searches running on the old table finish first (DROP waits for
                # them); searches that start meanwhile wait, then read the new table.
                conn.execute(text(f'DROP TABLE IF EXISTS "{self.table}"'))
                conn.execute(text(f'ALTER TABLE "{new}" RENAME TO "{self.table}"'))
                for suffix in index_suffixes():
                    conn.execute(text(f'ALTER INDEX "{new}_{suffix}" '
                                      f'RENAME TO "{self.table}_{suffix}"'))
                conn.commit()
            except BaseException:
                try:
                    conn.rollback()
                    conn.execute(text(f'DROP TABLE IF EXISTS "{new}"'))
                    conn.commit()
                except Exception:  # connection lost: the next rebuild drops it first
                    pass
                raise
            finally:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock(:ns, :key)"),
                                 self._key("rebuild"))
                    conn.commit()
                except Exception:
                    conn.invalidate()  # closing the session releases the lock
        return count

    def versions(self) -> dict[str, str]:
        self.ensure_schema()
        with self.engine.connect() as conn:
            return dict(conn.execute(text(f'SELECT id, version FROM "{self.table}"')).all())

    # --- search ----------------------------------------------------------------------

    def search_text(self, query: Query) -> Results:
        self.ensure_schema()
        terms = query_tokens(strip_phrases(query.text)) if query.text.strip() else []
        wanted = [clean_text(p) for p in phrases(query.text)]
        filters = [(name, value) for name, value in query.filters.items()
                   if name in FILTERS and value]
        facet_names = [] if wanted else [n for n in dict.fromkeys(query.facets) if n in FACETS]
        marks = terms + wanted
        with self.engine.connect() as conn:
            if terms:
                # A GIN bitmap scan answers `tsv @@ q` without reading tsv. The planner
                # prices reading (and decompressing) every tsv far too low, so for broad
                # queries it picks a sequential scan, or the published_at index filtered
                # by `tsv @@ q`: 3-10x slower at 100k documents. Bitmap scans only, then,
                # for the rest of this (read-only) transaction.
                conn.execute(text("SELECT set_config('enable_seqscan', 'off', true), "
                                  "set_config('enable_indexscan', 'off', true)"))
                mode, match = "and", ts_match(terms, filters, "&&")
                total, facets, rows = self._run(conn, match, query, wanted, facet_names)
                if not total and len(terms) > 1:  # AND found nothing: any of the words
                    mode, match = "or", ts_match(terms, filters, "||")
                    total, facets, rows = self._run(conn, match, query, wanted, facet_names)
            else:
                mode, match = "all", ts_match([], filters)
                total, facets, rows = self._run(conn, match, query, wanted, facet_names)
            suggestions = [] if total else postgres_suggest.suggest(conn, self.table, terms)
        hits = [Hit(id=row.id, score=float(row.score or 0.0),
                    title_html=highlight(row.title, marks),
                    snippet_html=snippet(row.abstract, marks)) for row in rows]
        return Results(hits=hits, total=total, facets=facets if total and not wanted else {},
                       mode=mode, suggestions=suggestions, terms=terms)

    def retrieve(self, terms: list[tuple[str, float]], limit: int,
                 filters: dict[str, str] | None = None) -> list[tuple[str, float]]:
        """Weighted OR of `terms`, bounded: see postgres_retrieve.py."""
        weighted = weighted_terms(terms)
        if not weighted or limit <= 0:
            return []
        self.ensure_schema()
        wanted = [(name, value) for name, value in (filters or {}).items()
                  if name in FACETS and value]
        with self.engine.connect() as conn:
            return postgres_retrieve.retrieve(conn, self.table, weighted, limit, wanted)

    def _score(self, match: TsMatch, alias: str) -> str:
        return f"ts_rank_cd({alias}.tsv, {match.tsquery})" if match.tsquery else "0.0"

    def _run(self, conn, match: TsMatch, query: Query, wanted: list[str], facet_names):
        """(total, facet counts, rows of the requested page: id, title, abstract, score).

        One statement returns the row numbers of every match; the row cache counts them
        and orders them by date. Relevance order ranks the newest RANK_CANDIDATES matches
        with ts_rank_cd (ranking every match of a broad query costs ~150 ms at 100k
        documents); matches beyond them follow newest first, so deep pages stay
        consistent with the first ones.
        """
        if wanted:
            total, rows = self._run_phrases(conn, match, query, wanted)
            return total, {}, rows
        found = conn.execute(text(
            f"SELECT CAST(:table AS regclass)::oid AS oid, array_agg(num) AS nums "
            f'FROM "{self.table}" WHERE {match.where}'),
            {**match.params, "table": f'"{self.table}"'}).one()
        matches = self._cache.positions(conn, self.table, found.oid, found.nums or [])
        total, facets = len(matches), self._cache.facet_counts(matches, facet_names)
        start, limit = max(0, (query.page - 1) * query.per_page), max(0, query.per_page)
        if not total or start >= total or not limit:
            return total, facets, []
        if query.sort == "date" or match.tsquery is None:
            return total, facets, self._fetch(conn, match,
                                              self._cache.newest(matches, start, start + limit))
        pool = RANK_CANDIDATES
        rows = []
        if start < pool:
            candidates = self._cache.newest(matches, 0, pool)
            rows = self._ranked(conn, match, candidates, start, min(limit, pool - start))
        rest = max(start, pool)
        if start + limit > rest:
            rows += self._fetch(conn, match, self._cache.newest(matches, rest, start + limit))
        return total, facets, rows

    def _fetch(self, conn, match: TsMatch, nums: list[int]) -> list:
        """The rows numbered `nums`, in that order."""
        if not nums:
            return []
        sql = (f"SELECT num, id, title, abstract, {self._score(match, 'd')} AS score "
               f'FROM "{self.table}" d WHERE num = ANY(CAST(:nums AS bigint[]))')
        found = {row.num: row for row in conn.execute(text(sql), {**match.params,
                                                                  "nums": nums})}
        return [found[n] for n in nums if n in found]

    def _ranked(self, conn, match: TsMatch, nums: list[int], offset: int, limit: int) -> list:
        # Only the page's rows are joined back for their title and abstract.
        sql = (
            "SELECT d.id, d.title, d.abstract, r.score FROM ("
            f"  SELECT c.id, c.published_at, {self._score(match, 'c')} AS score"
            f'  FROM "{self.table}" c WHERE c.num = ANY(CAST(:nums AS bigint[]))'
            "   ORDER BY score DESC, c.published_at DESC, c.id LIMIT :limit OFFSET :offset) r "
            f'JOIN "{self.table}" d ON d.id = r.id '
            "ORDER BY r.score DESC, r.published_at DESC, r.id"
        )
        return conn.execute(text(sql), {**match.params, "nums": nums,
                                        "limit": limit, "offset": offset}).all()

    def _run_phrases(self, conn, match: TsMatch, query: Query, wanted: list[str]):
        """Quoted phrases: jieba splits them differently at index and query time, so the
        newest PHRASE_CANDIDATES matches (WhooshBackend: the best-scored) are checked
        against the stored normalised text of title, abstract and keywords, as Whoosh
        checks it; those that pass are ranked (or dated) and paged here."""
        params = {**match.params, "pool": PHRASE_CANDIDATES,
                  **{f"p{i}": p for i, p in enumerate(wanted)}}
        contains = " AND ".join(f"strpos(c.norm_text, :p{i}) > 0" for i in range(len(wanted)))
        sql = (
            f"SELECT c.id, c.published_at, {self._score(match, 'c')} AS score FROM ("
            f'  SELECT id, published_at, norm_text, tsv FROM "{self.table}"'
            f"  WHERE {match.where} ORDER BY published_at DESC, id LIMIT :pool) c "
            f"WHERE {contains}"
        )
        found = conn.execute(text(sql), params).all()
        if query.sort == "date" or match.tsquery is None:
            found.sort(key=lambda r: (-r.published_at, r.id))
        else:
            found.sort(key=lambda r: (-r.score, -r.published_at, r.id))
        start, limit = max(0, (query.page - 1) * query.per_page), max(0, query.per_page)
        page = found[start:start + limit]
        if not page:
            return len(found), []
        stored = {row.id: row for row in conn.execute(
            text(f'SELECT id, title, abstract FROM "{self.table}" '
                 "WHERE id = ANY(CAST(:ids AS text[]))"), {"ids": [r.id for r in page]})}
        return len(found), [_PageRow(r.id, stored[r.id].title, stored[r.id].abstract, r.score)
                            for r in page if r.id in stored]

@dataclass
class _PageRow:
    id: str
    title: str
    abstract: str
    score: float
