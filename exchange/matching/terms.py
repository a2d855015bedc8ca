"""Key terms of a need (or an achievement): what retrieval asks the index for.

The text is normalised and segmented exactly as the index does it (`search_index.analysis`:
same normalisation, same jieba dictionary, precise mode as for queries), so every term is a
token `index_tokens` can produce. Terms are ranked by jieba's TF-IDF (term frequency in the
text × idf from jieba's general corpus), stop words and the boilerplate of need titles
('寻求…相关技术', '征集…解决方案') dropped. The keywords the author gave weigh more than
any term found in the text: they are what the author says the text is about. Longer terms
bring their dictionary sub-words at a fraction of their weight, as the index holds them.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from search_index.analysis import STOP_WORDS, normalize, query_tokens, tokenizer

# Terms taken from the text, best first.
TEXT_TERMS = 20
# Weight of a given keyword relative to the best term of the text (which weighs 1).
KEYWORD_WEIGHT = 2.0
# jieba idf at which a shared keyword starts to count, and counts fully (keyword_specificity):
# about one document in 55, and one in 3,000, of jieba's corpus.
GENERIC_IDF, SPECIFIC_IDF = 4.0, 8.0
# Weight of a term's sub-words ('机床' in '数控机床'), relative to the term: a need about
# 数控机床 is also, less closely, about 机床.
SUBWORD_SHARE = 0.25
# Words every need is phrased with, which say nothing about its subject.
BOILERPLATE = frozenset(normalize(w) for w in (
    "寻求", "征集", "需求", "需要", "相关", "方面", "技术", "技术支持", "支持", "合作",
    "技术合作", "解决", "解决方案", "方案", "希望", "提供", "有关", "问题", "企业", "公司",
    "我们", "我司", "本公司", "目前", "现有", "如何", "进行", "实现", "能够", "一种",
))

if TYPE_CHECKING:
    import jieba.analyse

_lock = threading.Lock()
_extractor: jieba.analyse.TFIDF | None = None


def _tfidf() -> jieba.analyse.TFIDF:
    """jieba's TF-IDF extractor, segmenting with the index's tokenizer (built once).
    jieba.analyse is imported here, on first use: it costs ~1 s (it loads jieba.posseg),
    which every `flask` command and worker start would otherwise pay."""
    global _extractor
    if _extractor is None:
        with _lock:
            if _extractor is None:
                import jieba.analyse

                extractor = jieba.analyse.TFIDF()
                extractor.tokenizer = tokenizer()
                extractor.stop_words = set(extractor.stop_words) | STOP_WORDS | BOILERPLATE
                _extractor = extractor
    return _extractor


def text_terms(text: str, limit: int = TEXT_TERMS) -> list[tuple[str, float]]:
    """The `limit` best TF-IDF terms of `text`, normalised, weighted relative to the best
    (1.0). Single characters are left out (jieba's extractor skips them)."""
    found = _tfidf().extract_tags(normalize(text), topK=limit, withWeight=True)
    found = [(term, weight) for term, weight in found if any(ch.isalnum() for ch in term)]
    if not found:
        return []
    best = max(weight for _, weight in found)
    return [(term, weight / best) for term, weight in found]


def keyword_terms(keyword: str) -> list[str]:
    """The index terms of one keyword: the keyword itself when jieba keeps it whole,
    else its words (without single characters when it has longer words)."""
    words = query_tokens(keyword)
    longer = [w for w in words if len(w) > 1]
    return longer or words


def key_terms(text: str, keywords: Iterable[str] = (),
              limit: int = TEXT_TERMS) -> list[tuple[str, float]]:
    """(term, weight) to retrieve with: the text's TF-IDF terms plus each keyword's terms
    at KEYWORD_WEIGHT (split among the words of a keyword jieba cuts up), then the
    sub-words of all of them at SUBWORD_SHARE of their weight. A term found several ways
    gets every weight. Best first."""
    weights: dict[str, float] = dict(text_terms(text, limit))
    for keyword in keywords:
        words = [w for w in keyword_terms(keyword) if w not in BOILERPLATE]
        for word in words:
            weights[word] = weights.get(word, 0.0) + KEYWORD_WEIGHT / len(words)
    for term, weight in list(weights.items()):
        for word in subwords(term):
            if word not in BOILERPLATE and word not in STOP_WORDS:
                weights[word] = weights.get(word, 0.0) + SUBWORD_SHARE * weight
    return sorted(weights.items(), key=lambda kv: -kv[1])


def subwords(term: str) -> list[str]:
    """The dictionary words inside a longer term, as the index also holds them
    ('数控机床' → '数控', '机床')."""
    return [w for w in tokenizer().cut_for_search(term) if w != term and len(w) > 1]


def keyword_specificity(keyword: str) -> float:
    """How much sharing `keyword` says, in [0, 1], from its idf in jieba's general corpus:
    0 for everyday words (idf <= GENERIC_IDF: '中国', '发展'), 1 from SPECIFIC_IDF
    ('数值模拟', and every compound jieba does not know), linear between ('应用' 0.4)."""
    idf_freq = _tfidf().idf_freq
    idf = idf_freq.get(keyword, _tfidf().median_idf)
    return min(1.0, max(0.0, (idf - GENERIC_IDF) / (SPECIFIC_IDF - GENERIC_IDF)))


def normalized_keywords(keywords: Iterable[str]) -> frozenset[str]:
    """Keywords as compared between a need and an achievement: normalised, without
    whitespace (so '数控 机床' and '数控机床' are one keyword)."""
    return frozenset(k for k in ("".join(normalize(w).split()) for w in keywords) if k)
