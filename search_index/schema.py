"""What the index holds and what a search asks and returns: plain data, no framework."""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace

from search_index.analysis import patent_key

# Facet fields, in the order the search page shows them.
# `licence`: "open" and the fee method of an open licence in force; `fee`: the band of
# its upfront fee (open-licence catalogue).
FACETS = ("type", "section", "division", "district", "trl", "mode", "honour", "licence",
          "fee")
# Exact-match fields: filtered on like facets, never counted or shown. `patent` holds the
# 12 digits of a Chinese patent application number (analysis.patent_key).
EXACT = ("patent",)
FILTERS = FACETS + EXACT
# Quoted phrases are checked on the normalised text of at most this many candidates.
PHRASE_CANDIDATES = 2000


def weighted_terms(terms) -> list[tuple[str, float]]:
    """(term, weight) pairs for `retrieve`: empty terms and weights <= 0 dropped, a term
    given twice weighted with the sum, in order of first appearance."""
    merged: dict[str, float] = {}
    for term, weight in terms:
        if term and weight > 0:
            merged[term] = merged.get(term, 0.0) + float(weight)
    return list(merged.items())


@dataclass(frozen=True)
class Document:
    """One searchable item. `version` changes whenever anything indexed changes."""

    id: str
    version: str
    title: str
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    studio: str = ""
    # Values by field of FILTERS: the facets and the exact fields.
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    published_at: float = 0.0  # POSIX seconds, for sorting by date


@dataclass
class Query:
    text: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    facets: tuple[str, ...] = FACETS
    sort: str = "relevance"  # or "date"
    page: int = 1
    per_page: int = 10


@dataclass
class Hit:
    id: str
    score: float
    title_html: str  # escaped, matches wrapped in <mark>
    snippet_html: str


@dataclass
class Results:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    # "and", "or" (AND found nothing), "all" (no query text) or "exact" (the query was a
    # patent application number, found in the `patent` field)
    mode: str = "and"
    suggestions: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


@dataclass
class CheckReport:
    missing: list[str] = field(default_factory=list)  # expected, not in the index
    stale: list[str] = field(default_factory=list)    # in the index with an old version
    extra: list[str] = field(default_factory=list)    # in the index, not expected

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)


class LockBusy(RuntimeError):
    """`lock(timeout=…)` could not take the lock in time (e.g. a rebuild holds it)."""


class SearchBackend(ABC):
    """The interface both backends implement."""

    @abstractmethod
    def upsert(self, docs: list[Document]) -> None: ...

    @abstractmethod
    def delete(self, ids: list[str]) -> None: ...

    def search(self, query: Query) -> Results:
        """A query that is a patent application number finds its item exactly (any way
        it is written); when no item has it, it is searched as text like any other."""
        key = patent_key(query.text)
        if key:
            found = self.search_text(replace(query, text="",
                                             filters={**query.filters, "patent": key}))
            if found.total:
                found.mode = "exact"
                return found
        return self.search_text(query)

    @abstractmethod
    def search_text(self, query: Query) -> Results:
        """Full-text search of `query.text` with its filters (any of FILTERS)."""

    @abstractmethod
    def rebuild(self, docs) -> int:
        """Build a fresh index from `docs` beside the live one and swap it in atomically."""

    @abstractmethod
    def lock(self, timeout: float | None = None):
        """A context manager held while the outbox is applied (one process at a time).

        timeout=None waits as long as it takes; a number of seconds raises LockBusy when
        the lock is still taken by then (a web request must not wait on a rebuild)."""

    @abstractmethod
    def versions(self) -> dict[str, str]:
        """Every indexed id with its version."""

    @abstractmethod
    def retrieve(self, terms: list[tuple[str, float]], limit: int,
                 filters: dict[str, str] | None = None) -> list[tuple[str, float]]:
        """The best `limit` (id, text score) for a weighted OR of normalised index `terms`
        ((term, weight) pairs, see `weighted_terms`), with every facet value of `filters`;
        best first. No facets, highlights or fallbacks: the matching engine's retrieval."""

    def check(self, expected: dict[str, str]) -> CheckReport:
        indexed = self.versions()
        return CheckReport(
            missing=sorted(set(expected) - set(indexed)),
            stale=sorted(i for i in expected.keys() & indexed.keys()
                         if expected[i] != indexed[i]),
            extra=sorted(set(indexed) - set(expected)),
        )
