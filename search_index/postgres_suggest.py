"""The PostgreSQL backend's "did you mean": indexed lexemes close to query tokens that no
document has (postgres_backend.py asks when a search finds nothing)."""
from __future__ import annotations

from sqlalchemy import text

from search_index.analysis import index_tokens
from search_index.postgres_sql import (
    MAX_SUGGESTIONS,
    SUGGEST_SAMPLE,
    clean_text,
    edit_distance,
    max_edits,
    prefix_query,
)


def suggest(conn, table: str, terms: list[str]) -> list[str]:
    """Up to MAX_SUGGESTIONS indexed lexemes close to the tokens that no document has.

    Close: within `max_edits` (1, or 2 for words of five characters or more), the
    fewest edits first, then the more frequent. Reading every lexeme (ts_stat over the
    table) costs a full scan, so candidates come from at most SUGGEST_SAMPLE documents
    that share something with the token: a lexeme starting with the token minus its
    last characters, the token minus any one character, or one of its sub-words. That
    finds wrong or missing last characters, missing characters and, through the
    sub-words, most wrong characters in Chinese words; a typo in the first character
    of a two-character word can be missed (Whoosh's corrector would find it).
    """
    suggestions: list[str] = []
    exists = text(f'SELECT EXISTS (SELECT 1 FROM "{table}" '
                  "WHERE tsv @@ plainto_tsquery('simple', :t))")
    for term in map(clean_text, terms):
        if len(suggestions) >= MAX_SUGGESTIONS:
            break
        if len(term) < 2 or conn.execute(exists, {"t": term}).scalar():
            continue
        edits = max_edits(term)
        probes = list(dict.fromkeys([w for w in index_tokens(term) if w != term]
                                    + [term[:i] + term[i + 1:] for i in range(len(term))]))
        params = {f"w{i}": clean_text(w) for i, w in enumerate(probes)}
        params.update(prefix=prefix_query(term[:max(1, len(term) - edits)]),
                      lo=len(term) - edits, hi=len(term) + edits, sample=SUGGEST_SAMPLE)
        probe = " || ".join([f"plainto_tsquery('simple', :w{i})" for i in range(len(probes))]
                            + ["to_tsquery('simple', :prefix)"])
        sql = (
            "SELECT u.lexeme, count(*) AS n FROM ("
            f'  SELECT tsv FROM "{table}" WHERE tsv @@ ({probe}) LIMIT :sample) s '
            "CROSS JOIN LATERAL unnest(s.tsv) u "
            "WHERE char_length(u.lexeme) BETWEEN :lo AND :hi GROUP BY u.lexeme"
        )
        close = sorted((d, -n, lexeme) for lexeme, n in conn.execute(text(sql), params)
                       if lexeme != term and (d := edit_distance(lexeme, term, edits)) <= edits)
        for _, _, lexeme in close:
            if len(suggestions) < MAX_SUGGESTIONS and lexeme not in suggestions:
                suggestions.append(lexeme)
    return suggestions
