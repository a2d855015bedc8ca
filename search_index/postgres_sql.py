"""SQL, rows and query building for the PostgreSQL backend (see postgres_backend.py)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from search_index.analysis import index_tokens, normalize
from search_index.schema import FILTERS, Document

BATCH = 1000               # rows per INSERT batch (upsert and rebuild)
RANK_CANDIDATES = 1000     # matches scored by ts_rank_cd: the newest this many
SUGGEST_SAMPLE = 200       # documents whose lexemes are read to find a suggestion
MAX_SUGGESTIONS = 3
LOCK_NAMESPACE = 0x53494458  # 'SIDX': first key of every advisory lock taken here
# Field -> tsvector weight; `ts_rank_cd` weighs D, C, B, A as 0.1, 0.2, 0.4, 1.0.
WEIGHTS = (("title", "A"), ("keywords", "B"), ("abstract", "C"), ("studio", "D"))
TABLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,39}")


# --------------------------------------------------------------------------- DDL


def index_suffixes() -> list[str]:
    return ["pkey", "tsv_idx", "published_idx", "num_idx", *(f"{name}_idx" for name in FILTERS)]


def sequence_name(table: str) -> str:
    """The sequence numbering rows of `table` (and of `<table>_new` while it is rebuilt):
    not owned by either, so it survives the swap and a num is never reused."""
    return f"{table}_nums"


def _num_column(sequence: str) -> str:
    return f"num bigint NOT NULL DEFAULT nextval('\"{sequence}\"')"


def create_table(name: str, sequence: str) -> list[str]:
    # A narrow heap: counting matches and their facets reads only the heap (the GIN index
    # answers `tsv @@ q` alone), so texts and tsv go to TOAST as soon as a row passes 128
    # bytes (toast_tuple_target) and the facet arrays stay inline (STORAGE PLAIN, set by
    # ALTER TABLE: PostgreSQL < 16 has no STORAGE in CREATE TABLE). At 100k documents the
    # heap is 61 MB instead of 161 MB; ranking and highlighting read the toasted values of
    # ~1,000 and 10 rows only.
    facets = "".join(f"\"{f}\" text[] NOT NULL DEFAULT '{{}}', " for f in FILTERS)
    storage = ", ".join(f'ALTER COLUMN "{f}" SET STORAGE PLAIN' for f in FILTERS)
    return [
        f'CREATE SEQUENCE IF NOT EXISTS "{sequence}"',
        f'CREATE TABLE IF NOT EXISTS "{name}" ('
        f"id text NOT NULL, version text NOT NULL, {_num_column(sequence)}, "
        "title text NOT NULL DEFAULT '', abstract text NOT NULL DEFAULT '', "
        "keywords text NOT NULL DEFAULT '', "
        # normalize(title + abstract + keywords), for quoted phrases
        "norm_text text NOT NULL DEFAULT '', "
        f"published_at bigint NOT NULL DEFAULT 0, {facets}"
        "tsv tsvector NOT NULL, "
        f'CONSTRAINT "{name}_pkey" PRIMARY KEY (id)) WITH (toast_tuple_target = 128)',
        f'ALTER TABLE "{name}" {storage}',
    ]


def create_indexes(name: str) -> list[str]:
    statements = [
        f'CREATE INDEX IF NOT EXISTS "{name}_tsv_idx" ON "{name}" USING gin (tsv)',
        # browsing (no text) pages through this without sorting
        f'CREATE INDEX IF NOT EXISTS "{name}_published_idx" ON "{name}" (published_at DESC, id)',
        f'CREATE UNIQUE INDEX IF NOT EXISTS "{name}_num_idx" ON "{name}" (num)',
    ]
    statements += [_filter_index(name, f) for f in FILTERS]
    return statements


def _filter_index(name: str, column: str) -> str:
    return f'CREATE INDEX IF NOT EXISTS "{name}_{column}_idx" ON "{name}" USING gin ("{column}")'


def add_num(name: str, sequence: str) -> list[str]:
    """A table written before rows were numbered gets its numbers (derived data: no
    migration, the backend upgrades its own table on first use)."""
    return [f'CREATE SEQUENCE IF NOT EXISTS "{sequence}"',
            f'ALTER TABLE "{name}" ADD COLUMN IF NOT EXISTS {_num_column(sequence)}',
            f'CREATE UNIQUE INDEX IF NOT EXISTS "{name}_num_idx" ON "{name}" (num)']


def add_filters(name: str) -> list[str]:
    """A table written before some filter fields existed gets their columns, empty until
    the rows are written again (`flask search-index rebuild`; their versions changed)."""
    statements = []
    for column in FILTERS:
        statements += [
            f'ALTER TABLE "{name}" ADD COLUMN IF NOT EXISTS "{column}" text[] NOT NULL '
            "DEFAULT '{}'",
            f'ALTER TABLE "{name}" ALTER COLUMN "{column}" SET STORAGE PLAIN',
            _filter_index(name, column)]
    return statements


def upsert_sql(name: str) -> str:
    columns = ["id", "version", "title", "abstract", "keywords", "norm_text", "published_at",
               *(f'"{f}"' for f in FILTERS), "tsv"]
    values = [":id", ":version", ":title", ":abstract", ":keywords", ":norm_text",
              ":published_at", *(f"CAST(:f_{f} AS text[])" for f in FILTERS),
              " || ".join(f"setweight(to_tsvector('simple', :t_{part}), '{weight}')"
                          for part, weight in WEIGHTS)]
    # Every update draws a new num (EXCLUDED.num is the default for the proposed row), so
    # a num cached by a search process never describes changed content (postgres_rows.py).
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*columns[1:], "num"])
    return (f'INSERT INTO "{name}" ({", ".join(columns)}) VALUES ({", ".join(values)}) '
            f"ON CONFLICT (id) DO UPDATE SET {updates}")


# --------------------------------------------------------------------------- rows


def clean_text(value: str) -> str:
    """PostgreSQL text cannot hold NUL; one replacement character keeps the offsets."""
    return value.replace("\x00", "\ufffd")


def _tokens(value: str) -> str:
    return clean_text(" ".join(index_tokens(value))) if value else ""


def _row(doc: Document) -> dict:
    keywords = "、".join(doc.keywords)  # as WhooshBackend stores them
    row = {
        "id": doc.id, "version": doc.version, "title": clean_text(doc.title),
        "abstract": clean_text(doc.abstract), "keywords": clean_text(keywords),
        "norm_text": clean_text(normalize(" ".join((doc.title, doc.abstract, keywords)))),
        "published_at": int(doc.published_at),
        "t_title": _tokens(doc.title), "t_keywords": _tokens(" ".join(doc.keywords)),
        "t_abstract": _tokens(doc.abstract), "t_studio": _tokens(doc.studio),
    }
    for name in FILTERS:  # distinct values, so a facet counts a document once
        row[f"f_{name}"] = [clean_text(v) for v in dict.fromkeys(doc.facets.get(name, ()))]
    return row


def doc_rows(docs: Iterable[Document]) -> list[dict]:
    """Rows for one batch: the last version of each id, in id order (no lock-order
    deadlocks between two writers)."""
    latest = {doc.id: doc for doc in docs}
    return [_row(latest[key]) for key in sorted(latest)]


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def int4(value: int) -> int:
    return value - (1 << 32) if value >= 1 << 31 else value


# --------------------------------------------------------------------------- queries


@dataclass
class TsMatch:
    """The WHERE clause of a search, its tsquery expression (None: no text) and params."""

    where: str
    tsquery: str | None
    params: dict = field(default_factory=dict)


def ts_match(terms: list[str], filters: list[tuple[str, str]], operator: str = "&&") -> TsMatch:
    # One plainto_tsquery per token, combined with && or ||: each token becomes lexemes
    # exactly as `to_tsvector` made them from the indexed tokens, and nothing in a token
    # (quotes, '&', '!', ':', '\') can act as tsquery syntax.
    params: dict = {}
    clauses: list[str] = []
    tsquery = None
    if terms:
        params.update({f"t{i}": clean_text(term) for i, term in enumerate(terms)})
        tsquery = "(" + f" {operator} ".join(
            f"plainto_tsquery('simple', :t{i})" for i in range(len(terms))) + ")"
        clauses.append(f"tsv @@ {tsquery}")
    for i, (name, value) in enumerate(filters):  # `name` is one of FILTERS
        params[f"f{i}"] = clean_text(value)
        clauses.append(f'"{name}" @> ARRAY[CAST(:f{i} AS text)]')
    return TsMatch(" AND ".join(clauses) or "TRUE", tsquery, params)


def max_edits(term: str) -> int:
    """Edits a suggestion may be away from `term`, as WhooshBackend's corrector allows:
    two only for longer words (short Chinese words are one edit from hundreds of others)."""
    return 2 if len(term) >= 5 else 1


def edit_distance(a: str, b: str, bound: int) -> int:
    """Levenshtein distance of `a` and `b`, or `bound + 1` when it exceeds `bound`."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        if min(current) > bound:
            return bound + 1
        previous = current
    return min(previous[-1], bound + 1)


def prefix_query(prefix: str) -> str:
    """`prefix` as a quoted to_tsquery prefix lexeme ('…':*)."""
    return "'" + prefix.replace("\\", "\\\\").replace("'", "''") + "':*"


# --------------------------------------------------------------------------- backend
