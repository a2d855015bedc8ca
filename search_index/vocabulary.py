"""The keyword vocabulary of an index: the keywords its documents list, how specific each
is, and which keywords go together. Plain data and free functions, no framework.

- `build` counts, for every keyword (normalised as the matcher compares them), how many
  documents list it (df) and over how many sections (GB/T 4754 门类, or the data set's
  category) those documents spread: a keyword used in every trade (应用, 对策, 研究) says
  little about a need, whatever its df. It also keeps, for every keyword, the keywords
  listed beside it most often, ranked by pointwise mutual information.
- `suggest` finds the vocabulary's keywords in a text (Aho–Corasick over the normalised
  text) and ranks them by specificity (idf, generic spread) and by how strongly the text
  carries them (in the title, repeated). A keyword inside a longer one found at the same
  place gives way to it.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import ahocorasick

from search_index.analysis import STOP_WORDS, normalize

MIN_LENGTH = 2  # single characters are never suggested
RELATED = 5  # related keywords kept per keyword
MIN_PAIR = 2  # a pair listed together fewer times than this is chance
TITLE_BOOST = 1.5
GENERIC_POWER = 2  # how hard the spread over sections weighs
# Specificity of a domain-dictionary word no document lists yet: a real term of the
# trades, ranked below most keywords the achievements actually list (on the shared
# records, a keyword listed 5 times in one category scores about 0.64; 50 times over
# three categories, 0.30).
DICTIONARY_SPECIFICITY = 0.25


def keyword_key(keyword: str) -> str:
    """A keyword as the vocabulary compares it: normalised, without whitespace."""
    return "".join(normalize(keyword).split())


@dataclass(frozen=True)
class Suggestion:
    keyword: str
    score: float
    count: int  # times the text carries it
    in_title: bool


@dataclass
class Vocabulary:
    documents: int
    sections: int
    df: dict[str, int]
    spread: dict[str, int]
    related: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    ignored: frozenset[str] = frozenset()
    dictionary: frozenset[str] = frozenset()
    _automaton: ahocorasick.Automaton | None = field(default=None, repr=False, compare=False)

    def specificity(self, keyword: str) -> float:
        """In [0, 1]: idf relative to the rarest keyword, times the share of sections the
        keyword stays out of (a keyword of every section scores 0); a dictionary word no
        document lists, DICTIONARY_SPECIFICITY."""
        if keyword not in self.df:
            return DICTIONARY_SPECIFICITY if keyword in self.dictionary else 0.0
        df = self.df[keyword]
        idf = math.log((self.documents + 1) / (df + 0.5))
        best = math.log((self.documents + 1) / 0.5)
        spread = self.spread.get(keyword, 1) / max(self.sections, 1)
        return (idf / best) * (1 - spread) ** GENERIC_POWER

    def automaton(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for keyword in self.df.keys() | self.dictionary:
                if len(keyword) >= MIN_LENGTH and keyword not in self.ignored:
                    automaton.add_word(keyword, keyword)
            if len(automaton):
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton


def build(documents: Iterable[tuple[Sequence[str], str | None]],
          ignored: Iterable[str] = (), dictionary: Iterable[str] = ()) -> Vocabulary:
    """The vocabulary of (keywords, section) pairs, one per document, and of the domain
    `dictionary`'s words (terms a text may carry before any document lists them)."""
    df: Counter[str] = Counter()
    sections_of: defaultdict[str, set[str]] = defaultdict(set)
    pairs: Counter[tuple[str, str]] = Counter()
    every_section: set[str] = set()
    count = 0
    for keywords, section in documents:
        count += 1
        keys = sorted({k for k in map(keyword_key, keywords) if k})
        every_section.add(section or "")
        for key in keys:
            df[key] += 1
            sections_of[key].add(section or "")
        pairs.update(combinations(keys, 2))
    related: defaultdict[str, list[tuple[str, float]]] = defaultdict(list)
    for (a, b), together in pairs.items():
        if together < MIN_PAIR:
            continue
        pmi = math.log(together * count / (df[a] * df[b]))
        related[a].append((b, pmi))
        related[b].append((a, pmi))
    return Vocabulary(
        documents=count, sections=len(every_section), df=dict(df),
        spread={k: len(v) for k, v in sections_of.items()},
        related={k: tuple(sorted(v, key=lambda kv: (-kv[1], kv[0]))[:RELATED])
                 for k, v in related.items()},
        ignored=frozenset(keyword_key(w) for w in ignored) | STOP_WORDS,
        dictionary=frozenset(k for k in map(keyword_key, dictionary) if k))


def suggest(vocabulary: Vocabulary, text: str, title: str = "", limit: int = 8,
            exclude: Iterable[str] = ()) -> list[Suggestion]:
    """The vocabulary's keywords that `title` and `text` carry, best first, at most
    `limit`; `exclude` (keywords already chosen) are left out."""
    automaton = vocabulary.automaton()
    if not len(automaton):
        return []
    excluded = {keyword_key(k) for k in exclude}
    counts: Counter[str] = Counter()
    in_title: set[str] = set()
    for part, is_title in ((keyword_key(title), True), (keyword_key(text), False)):
        for keyword in _longest_matches(automaton, part):
            counts[keyword] += 1
            if is_title:
                in_title.add(keyword)
    scored = []
    for keyword, times in counts.items():
        if keyword in excluded:
            continue
        strength = (1 + math.log(times)) * (TITLE_BOOST if keyword in in_title else 1.0)
        score = vocabulary.specificity(keyword) * strength
        if score > 0:
            scored.append(Suggestion(keyword, score, times, keyword in in_title))
    scored.sort(key=lambda s: (-s.score, s.keyword))
    return scored[:limit]


def _longest_matches(automaton: ahocorasick.Automaton, text: str) -> list[str]:
    """Keywords found in `text`, a match lying inside a longer match dropped."""
    spans = [(end - len(keyword) + 1, end, keyword) for end, keyword in automaton.iter(text)]
    kept = []
    for start, end, keyword in spans:
        inside = any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)
        if not inside:
            kept.append(keyword)
    return kept


def related_keywords(vocabulary: Vocabulary, keywords: Iterable[str],
                     per_keyword: int = 3) -> list[tuple[str, float]]:
    """Keywords listed beside `keywords` on the same documents (their PMI), not already
    among them: the expansion of a query by the index's own usage."""
    given = {keyword_key(k) for k in keywords}
    found: dict[str, float] = {}
    for keyword in given:
        for other, pmi in vocabulary.related.get(keyword, ())[:per_keyword]:
            if other not in given:
                found[other] = max(found.get(other, 0.0), pmi)
    return sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
