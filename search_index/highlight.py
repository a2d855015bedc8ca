"""Highlighting on the original text, found through its normalised copy.

`analysis.normalize` keeps one character per character, so a match found in the
normalised text ('数控机床' for a query in Traditional script) sits at the same offsets
in the original ('數控機床'), which is what the reader sees, marked with <mark>.
"""
from __future__ import annotations

from html import escape

from search_index.analysis import normalize


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    norm = normalize(text)
    spans = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        start = norm.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = norm.find(term, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> str:
    out, pos = [], lo
    for start, end in spans:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        out.append(escape(text[pos:start]))
        out.append("<mark>" + escape(text[start:end]) + "</mark>")
        pos = end
    out.append(escape(text[pos:hi]))
    return "".join(out)


def highlight(text: str, terms: list[str]) -> str:
    """The whole text, HTML-escaped, with every match marked."""
    return _render(text, _spans(text, terms), 0, len(text))


def snippet(text: str, terms: list[str], width: int = 120) -> str:
    """About `width` characters around the first match (or the start), escaped and marked."""
    spans = _spans(text, terms)
    if len(text) <= width:
        return _render(text, spans, 0, len(text))
    first = spans[0][0] if spans else 0
    lo = max(0, min(first - width // 4, len(text) - width))
    hi = min(len(text), lo + width)
    return ("…" if lo else "") + _render(text, spans, lo, hi) + ("…" if hi < len(text) else "")
