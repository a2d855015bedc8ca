"""The keyword vocabulary: counts, generic spread, suggestions from a text, related keywords."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from search_index import vocabulary as v

DOCS = [
    (["数控机床", "主轴", "故障诊断"], "C"),
    (["数控机床", "主轴", "热变形"], "C"),
    (["滚动轴承", "故障诊断", "应用"], "C"),
    (["电力系统", "暂态稳定", "应用"], "D"),
    (["城市绿化", "应用"], "N"),
    (["患者护理", "应用"], "Q"),
]


def vocab():
    return v.build(DOCS, ignored=["技术"])


def test_counts_spread_and_specificity():
    found = vocab()
    assert (found.documents, found.sections) == (6, 4)
    assert found.df["数控机床"] == 2 and found.spread["数控机床"] == 1
    assert found.spread["应用"] == 4
    # A keyword of every section says nothing, however often it is listed.
    assert found.specificity("应用") == 0
    assert found.specificity("热变形") > found.specificity("数控机床") > 0


def test_suggestions_prefer_specific_terms_the_text_carries():
    text = "数控机床主轴在高速运转时热变形明显，主轴精度下降，应用现有补偿技术效果不佳。"
    got = v.suggest(vocab(), text, title="数控机床主轴热变形补偿")
    keywords = [s.keyword for s in got]
    assert set(keywords) == {"数控机床", "主轴", "热变形"}
    assert "应用" not in keywords  # generic across sections
    first = got[0]
    assert first.in_title and first.count >= 2


def test_a_keyword_inside_a_longer_match_gives_way_and_chosen_ones_are_left_out():
    found = v.build([(["滚动轴承"], "C"), (["轴承"], "C"), (["轴承"], "D")])
    assert [s.keyword for s in v.suggest(found, "滚动轴承磨损")] == ["滚动轴承"]
    assert v.suggest(found, "滚动轴承磨损", exclude=["滚动 轴承"]) == []


def test_related_keywords_come_from_lists_they_share():
    found = v.build([(["数控机床", "主轴"], "C")] * 3 + [(["电力系统"], "D")] * 3)
    assert [k for k, _ in v.related_keywords(found, ["数控机床"])] == ["主轴"]
    assert v.related_keywords(found, ["数控机床", "主轴"]) == []


def test_an_empty_vocabulary_suggests_nothing():
    assert v.suggest(v.build([]), "任何文字") == []


def test_domain_dictionary_words_are_proposed_below_listed_keywords():
    found = v.build(DOCS, ignored=["技术"], dictionary=["加工中心", "热变形"])
    got = v.suggest(found, "热变形影响加工中心的精度")
    assert [s.keyword for s in got] == ["热变形", "加工中心"]
    assert found.specificity("加工中心") == v.DICTIONARY_SPECIFICITY
    assert found.specificity("未知术语") == 0


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), title=st.text(max_size=40),
       chosen=st.lists(st.text(max_size=10), max_size=5))
def test_any_text_gets_bounded_suggestions_of_the_vocabulary(text, title, chosen):
    found = v.suggest(vocab(), text, title=title, exclude=chosen, limit=3)
    assert len(found) <= 3
    assert all(s.keyword in vocab().df and s.score > 0 for s in found)
    assert not {s.keyword for s in found} & {v.keyword_key(k) for k in chosen}
