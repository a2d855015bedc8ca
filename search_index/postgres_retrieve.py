"""The matching engine's retrieval on PostgreSQL: a weighted OR of terms, bounded.

Whoosh scores every posting of every term with numpy. Here, ranking every row that has one
of a need's common terms ('系统', '技术': tens of thousands of rows at 100k documents) with
`ts_rank` would cost hundreds of milliseconds, so the work is bounded:

1. Each term's document frequency: the common lexemes' from ANALYZE's statistics, the
   others counted (GIN bitmap scans, at most COUNT_CAP rows each); idf as Whoosh computes
   it, ln(N / (df + 1)) + 1.
2. Rows are matched on the most informative terms (weight × idf, highest first) while
   their frequencies add up to at most POOL (at least one term). A row having only the
   common terms left out rarely beats one having an informative term, and the common terms
   still count in the scores of the rows that are matched (the intuition behind WAND).
3. The matched rows (the newest POOL of them, should the chosen terms still have more)
   are read once each and scored Σ weight × idf × ts_rank(tsv, term) — ts_rank with the
   field weights the tsvector carries (title A > keywords B > abstract C) — and the best
   `limit` returned.
"""
from __future__ import annotations

import math

from sqlalchemy import text

from search_index.postgres_sql import clean_text, ts_match

POOL = 2000  # rows scored at most per retrieval
COUNT_CAP = 5000  # a term's document frequency is counted up to this


def _frequencies(conn, table: str, terms: list[str]) -> tuple[float, list[int]]:
    """(number of rows, each term's document frequency).

    The common lexemes' frequencies come from ANALYZE's statistics of the tsv column (its
    most common elements, with the share of rows holding each); the other terms are rarer
    than all of those, so counting their rows is cheap (capped at COUNT_CAP all the same,
    in case the statistics are stale or missing).
    """
    stats = conn.execute(text(
        "SELECT c.reltuples, CAST(CAST(s.most_common_elems AS text) AS text[]) AS elems, "
        "s.most_common_elem_freqs AS freqs FROM pg_class c LEFT JOIN pg_stats s "
        "ON s.schemaname = current_schema() AND s.tablename = :name AND s.attname = 'tsv' "
        "WHERE c.oid = CAST(:table AS regclass)"), {"table": f'"{table}"', "name": table}).one()
    rows = float(stats.reltuples or 0)  # -1 or 0 before the first ANALYZE
    if rows <= 0:
        rows = float(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar())
    # The element frequencies are followed by three summary numbers (min, max, nulls).
    shares = dict(zip(stats.elems or (), stats.freqs or (), strict=False))
    known = {t: round(shares[t] * rows) for t in terms if t in shares}
    rare = [t for t in terms if t not in known]
    if rare:
        counts = ", ".join(
            f'(SELECT count(*) FROM (SELECT 1 FROM "{table}" '
            f"WHERE tsv @@ plainto_tsquery('simple', :t{i}) LIMIT :cap) s{i})"
            for i in range(len(rare)))
        found = conn.execute(text(f"SELECT {counts}"), {
            "cap": COUNT_CAP, **{f"t{i}": clean_text(t) for i, t in enumerate(rare)}}).one()
        known.update(zip(rare, (int(n) for n in found), strict=True))
    frequencies = [known[t] for t in terms]
    return max(rows, float(max(frequencies, default=0)), 1.0), frequencies


def _chosen(weighted: list[tuple[str, float, int]]) -> list[str]:
    """The terms to match rows on: most informative first, within POOL rows in all."""
    chosen, total = [], 0
    for term, _weight, df in sorted(weighted, key=lambda x: -x[1]):
        if chosen and total + df > POOL:
            continue
        chosen.append(term)
        total += df
    return chosen


def retrieve(conn, table: str, terms: list[tuple[str, float]], limit: int,
             filters: list[tuple[str, str]]) -> list[tuple[str, float]]:
    """The best `limit` (id, score) of `table` for the weighted terms (see the module)."""
    # Bitmap scans only (as in PostgresBackend.search): the planner prices reading every
    # tsvector far too low and would otherwise scan the table or the date index.
    conn.execute(text("SELECT set_config('enable_seqscan', 'off', true), "
                      "set_config('enable_indexscan', 'off', true)"))
    rows, frequencies = _frequencies(conn, table, [t for t, _ in terms])
    weighted = [(term, weight * (math.log(rows / (df + 1)) + 1.0), df)
                for (term, weight), df in zip(terms, frequencies, strict=True) if df]
    if not weighted:
        return []
    match = ts_match(_chosen(weighted), filters, "||")
    score = " + ".join(f"CAST(:w{i} AS float8) * ts_rank(c.v, plainto_tsquery('simple', :s{i}))"
                       for i in range(len(weighted)))
    # The pool is chosen on (num, date) alone; its tsvectors are then read and detoasted
    # once each (`|| ''` makes an in-memory copy, kept by OFFSET 0): every ts_rank call on
    # the stored value would fetch and decompress it again (5x slower, measured).
    sql = (f"SELECT c.id, {score} AS score FROM ("
           f"  SELECT d.id, d.published_at, d.tsv || CAST('' AS tsvector) AS v "
           f'  FROM "{table}" d WHERE d.num = ANY(ARRAY('
           f'    SELECT num FROM "{table}" WHERE {match.where}'
           "     ORDER BY published_at DESC, id LIMIT :pool)) OFFSET 0) c "
           "ORDER BY score DESC, c.published_at DESC, c.id LIMIT :limit")
    params = {**match.params, "pool": POOL, "limit": limit}
    for i, (term, weight, _df) in enumerate(weighted):
        params[f"w{i}"], params[f"s{i}"] = weight, clean_text(term)
    return [(row.id, float(row.score)) for row in conn.execute(text(sql), params)]
