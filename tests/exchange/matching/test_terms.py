"""Key terms: normalised and segmented like the index, keywords first, noise dropped."""
from __future__ import annotations

from exchange.matching.terms import (
    BOILERPLATE,
    KEYWORD_WEIGHT,
    key_terms,
    keyword_specificity,
    keyword_terms,
    normalized_keywords,
    subwords,
    text_terms,
)
from search_index.analysis import STOP_WORDS, index_tokens


def test_text_terms_are_index_tokens_of_the_normalised_text():
    text = "數控機床主軸的振動監測與故障診斷，提高ＰＬＣ控制系統的可靠性"
    terms = text_terms(text)
    assert terms and max(w for _, w in terms) == 1.0
    tokens = set(index_tokens(text))  # index_tokens normalises as well
    assert all(term in tokens for term, _ in terms)
    assert {"数控机床", "主轴"} <= {t for t, _ in terms}  # Traditional → Simplified


def test_stop_words_and_need_boilerplate_are_dropped():
    terms = {t for t, _ in key_terms("寻求数控机床主轴相关技术的解决方案，需要技术支持")}
    assert "数控机床" in terms and "主轴" in terms
    assert not terms & (BOILERPLATE | STOP_WORDS)


def test_keywords_weigh_more_than_text_terms():
    weights = dict(key_terms("提高焊接质量的工艺研究", keywords=["激光焊接"]))
    best_text = max(w for t, w in text_terms("提高焊接质量的工艺研究"))
    assert weights["激光焊接"] >= KEYWORD_WEIGHT > best_text
    assert list(weights.values()) == sorted(weights.values(), reverse=True)


def test_a_keyword_jieba_cuts_up_is_searched_by_its_words():
    assert keyword_terms("数控机床") == ["数控机床"]
    words = keyword_terms("环十五内酯合成")
    assert len(words) > 1 and all(len(w) > 1 for w in words)
    assert keyword_terms("锰") == ["锰"]  # a single character is all there is


def test_subwords_follow_the_index():
    assert subwords("数控机床") == ["数控", "机床"]
    assert subwords("机床") == []
    weights = dict(key_terms("", keywords=["数控机床"]))
    assert 0 < weights["机床"] < weights["数控机床"]


def test_keyword_specificity():
    assert keyword_specificity("中国") == 0.0
    assert keyword_specificity("数值模拟") == 1.0
    assert 0.0 < keyword_specificity("应用") < 1.0


def test_keywords_are_compared_normalised():
    assert normalized_keywords(["數控 機床", "ＰＬＣ", " "]) == {"数控机床", "plc"}
