"""The keyword vocabulary: counts, generic spread, suggestions from a text, related keywords."""
from __future__ import annotations

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
