"""The Whoosh schema of the search index, and a Document's values for it.

The `content` field takes the raw texts with their weights and tokenises them itself
(`WeightedText.index`), so a parallel rebuild tokenises inside the writer processes and
no token string is built, split again by a Whoosh tokenizer and counted a second time.

The schema is pickled into every index, so `WeightedText` must keep its module and name;
`schema_mismatch` tells an index written with another schema (say, by an older version).
"""
from __future__ import annotations

from collections import Counter

from whoosh import columns
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.system import pack_uint

from search_index.analysis import index_tokens
from search_index.schema import FILTERS, Document

# Field weights by repetition in one combined field: one field is about twice as fast
# to query as several (measured), and a repeated token raises the term frequency like a
# boost. The weights are term frequencies, so BM25's saturation applies to them.
REPEAT = {"title": 3, "keywords": 2, "abstract": 1, "studio": 1}


class WeightedText(TEXT):
    """A text field indexed from ((text, weight), ...) pairs instead of one string.

    Each text is tokenised once with `index_tokens`; a token's frequency is the sum of the
    weights of its occurrences, as if each text were repeated `weight` times.
    """

    def __init__(self) -> None:
        # The analyzer only serves Whoosh's own query parsing, which this package does
        # not use; tokens never contain whitespace.
        super().__init__(analyzer=SpaceSeparatedTokenizer(), phrase=False)

    def index(self, value, **kwargs):
        counts: Counter[str] = Counter()
        for text, weight in value:
            for token in index_tokens(text):
                counts[token] += weight
        boost = self.format.field_boost
        return [(token.encode("utf-8"), freq, freq * boost, pack_uint(freq))
                for token, freq in counts.items()]


def make_schema() -> Schema:
    fields = {
        "id": ID(stored=True, unique=True),
        "version": STORED(),
        "content": WeightedText(),
        "title": STORED(), "abstract": STORED(), "keywords": STORED(),
        # Only sorted on, never searched: a column, without the tiered numeric terms.
        "published_at": COLUMN(columns.NumericColumn("q", default=0)),
    }
    for name in FILTERS:
        fields[name] = KEYWORD(commas=True, sortable=False)
    return Schema(**fields)


def _signature(schema: Schema) -> list[tuple]:
    # Whoosh's field equality ignores the field class (TEXT == WeightedText), so compare
    # classes of the field, its format and its column.
    return [(name, type(field).__name__, type(field.format).__name__,
             type(field.column_type).__name__) for name, field in schema.items()]


def schema_mismatch(schema: Schema) -> bool:
    """True when `schema` is not the one this code writes and reads."""
    return _signature(schema) != _signature(make_schema())


def document_fields(doc: Document) -> dict:
    """The values `writer.add_document` takes for `doc` (not yet tokenised)."""
    texts = {"title": doc.title, "keywords": " ".join(doc.keywords),
             "abstract": doc.abstract, "studio": doc.studio}
    fields = {
        "id": doc.id, "version": doc.version,
        "content": tuple((texts[name], times) for name, times in REPEAT.items()
                         if texts[name]),
        "title": doc.title, "abstract": doc.abstract, "keywords": "、".join(doc.keywords),
        "published_at": int(doc.published_at),
    }
    for name in FILTERS:
        values = doc.facets.get(name, ())
        fields[name] = ",".join(v.replace(",", " ") for v in values)
    return fields
