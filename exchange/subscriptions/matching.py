"""Does a newly published item match a subscription, and why: a pure function of the
subscription's terms and the item's search document, with the analyzer the search uses
(so a Chinese query matches what the search page would find)."""
from __future__ import annotations

from dataclasses import dataclass

from search_index.analysis import index_tokens, normalize, query_tokens
from search_index.schema import Document


@dataclass(frozen=True)
class Reason:
    terms: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    facets: tuple[tuple[str, str], ...] = ()  # (facet, code) that matched a filter


def document_tokens(doc: Document) -> set[str]:
    return set(index_tokens(" ".join((doc.title, doc.abstract, " ".join(doc.keywords)))))


def match(query: str, keywords: list[str], filters: dict[str, list[str]], doc: Document,
          tokens: set[str] | None = None) -> Reason | None:
    """The reason this document matches, or None. Every filter must accept one of the
    document's values; every query term must occur in it; with keywords, one of them
    must (as a term, or within the text)."""
    facets = []
    for name, accepted in filters.items():
        found = [value for value in doc.facets.get(name, ()) if value in accepted]
        if not found:
            return None
        facets.append((name, found[0]))
    tokens = document_tokens(doc) if tokens is None else tokens
    terms = tuple(query_tokens(query)) if query.strip() else ()
    if any(term not in tokens for term in terms):
        return None
    text = normalize(" ".join((doc.title, doc.abstract, " ".join(doc.keywords))))
    found_keywords = tuple(k for k in keywords if normalize(k) in text or normalize(k) in tokens)
    if keywords and not found_keywords:
        return None
    return Reason(terms=terms, keywords=found_keywords, facets=tuple(facets))
