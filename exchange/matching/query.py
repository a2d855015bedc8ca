"""What the matcher asks the index for: the query side's terms, with where each came from.

A need written in the enterprise's own words often lists no keyword, or its own words for
them, and shares few words with the achievement that solves it. Three things close the gap,
all from the index's own data (search_index.vocabulary), nothing downloaded:

- **Inferred keywords.** When the author gave fewer than ENOUGH_KEYWORDS keywords, the
  vocabulary's keywords the text carries (`vocabulary.suggest`, specific ones first) are
  used as keywords at INFERRED_WEIGHT, below the author's own KEYWORD_WEIGHT.
- **Associated keywords.** Keywords that published achievements list beside the query's
  keywords (pointwise mutual information at index time) join at ASSOCIATED_WEIGHT.
- **Pseudo-relevance feedback** (RM3-style): the keywords of the best first-pass
  candidates, weighted by their retrieval score and by how specific they are, the
  best FEEDBACK_TERMS of them join at FEEDBACK_WEIGHT × their relative weight.

Inferred and expansion terms are kept apart from the author's, so every match can say
which of its shared terms the platform supplied.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from exchange.matching.terms import BOILERPLATE, key_terms, keyword_terms
from search_index.analysis import STOP_WORDS
from search_index.vocabulary import Vocabulary, keyword_key, related_keywords, suggest

ENOUGH_KEYWORDS = 3  # with fewer given keywords, the text's are inferred
INFERRED = 8  # inferred keywords at most
INFERRED_WEIGHT = 1.0  # a given keyword weighs terms.KEYWORD_WEIGHT (2.0)
INFERRED_SHARE = 0.75  # what sharing an inferred keyword counts, of a given one
ASSOCIATED, ASSOCIATED_WEIGHT = 4, 0.3
FEEDBACK_DOCS, FEEDBACK_TERMS, FEEDBACK_WEIGHT = 10, 8, 1.0
FEEDBACK_MIN_SPECIFICITY = 0.3  # a feedback keyword must say something about a trade
FEEDBACK_MIN_VOTE = 1.0  # worth one best candidate's listing at least (by their score)


@dataclass(frozen=True)
class Query:
    terms: tuple[tuple[str, float], ...]  # (term, weight) retrieved with, heaviest first
    keywords: frozenset[str]  # given by the author (keyword_key)
    inferred: frozenset[str] = frozenset()  # keywords found in the text (keyword_key)
    expanded: frozenset[str] = frozenset()  # terms added from the index: not in the text

    @property
    def wanted(self) -> frozenset[str]:
        return self.keywords | self.inferred

    def term_weights(self) -> dict[str, float]:
        return dict(self.terms)


def _add(weights: dict[str, float], keyword: str, weight: float) -> set[str]:
    """Add a keyword's index terms at `weight` (split among the words of a keyword the
    tokenizer cuts up, as terms.key_terms does); the terms added."""
    words = [w for w in keyword_terms(keyword) if w not in BOILERPLATE]
    added = set()
    for word in words:
        weights[word] = weights.get(word, 0.0) + weight / len(words)
        added.add(word)
    return added


def build(title: str, text: str, keywords: Sequence[str],
          vocabulary: Vocabulary | None = None) -> Query:
    """The query of a need (or an achievement): `text` includes the title."""
    weights = dict(key_terms(text, keywords))
    given = frozenset(k for k in map(keyword_key, keywords) if k)
    inferred: frozenset[str] = frozenset()
    expanded: set[str] = set()
    if vocabulary is not None:
        if len(given) < ENOUGH_KEYWORDS:
            body = text.removeprefix(title)
            found = suggest(vocabulary, body, title=title, limit=INFERRED, exclude=given)
            inferred = frozenset(s.keyword for s in found)
            for keyword in inferred:
                _add(weights, keyword, INFERRED_WEIGHT)
        text_words = set(weights)
        for keyword, _pmi in related_keywords(vocabulary, given | inferred)[:ASSOCIATED]:
            expanded |= _add(weights, keyword, ASSOCIATED_WEIGHT) - text_words
    ranked = tuple(sorted(weights.items(), key=lambda kv: -kv[1]))
    return Query(ranked, given, inferred, frozenset(expanded))


def with_feedback(query: Query, vocabulary: Vocabulary,
                  top: Iterable[tuple[Sequence[str], float]]) -> Query:
    """`query` expanded by the keywords of the first pass's best candidates, given as
    (keywords, retrieval score) best first (RM3: each keyword weighs Σ the relative
    scores of the candidates listing it, × its specificity)."""
    top = list(top)[:FEEDBACK_DOCS]
    if not top:
        return query
    best = max(score for _, score in top) or 1.0
    votes: dict[str, float] = {}
    for keywords, score in top:
        for key in {keyword_key(k) for k in keywords}:
            votes[key] = votes.get(key, 0.0) + score / best
    weights = query.term_weights()
    scored = []
    for key, vote in votes.items():
        specificity = vocabulary.specificity(key)
        if (specificity < FEEDBACK_MIN_SPECIFICITY or key in query.wanted or key in STOP_WORDS
                or key in BOILERPLATE or len(key) < 2 or vote < FEEDBACK_MIN_VOTE):
            continue
        scored.append((vote * specificity, key))
    scored.sort(key=lambda sk: (-sk[0], sk[1]))
    scored = scored[:FEEDBACK_TERMS]
    if not scored:
        return query
    strongest = scored[0][0]
    expanded, asked = set(query.expanded), set(weights)
    for strength, key in scored:
        expanded |= _add(weights, key, FEEDBACK_WEIGHT * strength / strongest) - asked
    ranked = tuple(sorted(weights.items(), key=lambda kv: -kv[1]))
    return replace(query, terms=ranked, expanded=frozenset(expanded))

