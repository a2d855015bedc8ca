"""Ranking and explanations on a small hand-built fixture where the right answer is known.

A need about spindle faults of CNC machine tools (数控机床主轴故障) must get the spindle-fault
achievement first, above achievements that share some of its words: a CNC one about
something else, a spindle-fault one in another industry (wind turbines), a machine-tool one.
A temporary Whoosh index holds the fixture; no database, no app.
"""
from __future__ import annotations

import math

import pytest

from exchange.matching import (
    FACTORS,
    AchievementProfile,
    NeedProfile,
    match_achievement,
    match_need,
)
from search_index.schema import Document
from search_index.whoosh_backend import WhooshBackend

NOW = 1_750_000_000.0
DAY = 86_400
WAN = 10_000 * 100  # 万元 in fen

SPINDLE = AchievementProfile(
    id="a:spindle", title="数控机床主轴故障在线诊断装置",
    abstract="采集数控机床主轴的振动与温度信号，识别轴承磨损、主轴不平衡等故障，实现主轴故障的"
             "在线监测与早期预警，减少非计划停机。",
    keywords=("数控机床", "主轴", "故障诊断", "振动监测"), division="34", section="C",
    modes=frozenset({"technical_service", "license_general"}), trl=7, price_fen=30 * WAN,
    district="320213", published_at=NOW - 90 * DAY)
CNC_PROGRAMMING = AchievementProfile(
    id="a:cnc-cam", title="数控机床加工程序自动编程系统",
    abstract="基于CAD模型自动生成数控机床加工程序，优化刀具路径，提高数控机床的加工效率。",
    keywords=("数控机床", "自动编程", "刀具路径"), division="34", section="C",
    modes=frozenset({"transfer"}), trl=8, price_fen=20 * WAN, district="320213",
    published_at=NOW - 30 * DAY)
WIND_SPINDLE = AchievementProfile(
    id="a:wind", title="风力发电机组主轴轴承故障诊断方法",
    abstract="分析风电机组主轴轴承的振动信号，提取故障特征，诊断主轴轴承的早期故障。",
    keywords=("风力发电", "主轴", "故障诊断"), division="44", section="D",
    modes=frozenset({"technical_service"}), trl=6, price_fen=40 * WAN, district="320211",
    published_at=NOW - 60 * DAY)
GUIDEWAY = AchievementProfile(
    id="a:guideway", title="机床导轨润滑方式改进",
    abstract="改进机床导轨的润滑方式，降低磨损，延长机床使用寿命。",
    keywords=("机床", "导轨", "润滑"), division="34", section="C",
    modes=frozenset({"technical_service"}), trl=9, price_fen=5 * WAN, district="320213",
    published_at=NOW - 10 * DAY)
SWITCHGEAR = AchievementProfile(
    id="a:switchgear", title="开关柜局部放电带电检测方法",
    abstract="特高频与超声波联合检测开关柜局部放电，实现带电检测。",
    keywords=("局部放电", "开关柜"), division="44", section="D",
    modes=frozenset({"license_general"}), trl=7, price_fen=None, negotiable=True,
    district="320211", published_at=NOW - 5 * DAY)
ACHIEVEMENTS = [SPINDLE, CNC_PROGRAMMING, WIND_SPINDLE, GUIDEWAY, SWITCHGEAR]

NEED = NeedProfile(
    id="n:spindle", title="数控机床主轴故障诊断技术需求",
    description="我厂数控机床主轴运行中经常出现异常振动和温升，希望对主轴故障进行在线监测和"
                "早期诊断，减少停机损失。",
    keywords=("数控机床", "主轴", "故障诊断"), division="34", section="C",
    modes=frozenset({"technical_service"}), budget_min_fen=10 * WAN, budget_max_fen=50 * WAN,
    district="320213", published_at=NOW - DAY)
SWITCHGEAR_NEED = NeedProfile(
    id="n:switchgear", title="寻求开关柜局部放电检测技术",
    description="变电站开关柜需要带电检测局部放电。", keywords=("局部放电", "开关柜"),
    division="44", section="D", modes=frozenset({"license_general"}), district="320211",
    published_at=NOW - 2 * DAY)
WIND_NEED = NeedProfile(
    id="n:wind", title="风电机组主轴轴承故障预警",
    description="风电场需要主轴轴承故障的早期预警方法。", keywords=("风力发电", "主轴"),
    division="44", section="D", modes=frozenset({"technical_service"}), district="320205",
    published_at=NOW - 3 * DAY)
NEEDS = [NEED, SWITCHGEAR_NEED, WIND_NEED]


def achievement_document(item: AchievementProfile) -> Document:
    return Document(id=item.id, version="1", title=item.title, abstract=item.abstract,
                    keywords=item.keywords, published_at=item.published_at,
                    facets={"section": (item.section,), "division": (item.division,),
                            "mode": tuple(sorted(item.modes))})


def need_document(item: NeedProfile) -> Document:
    return Document(id=item.id, version="1", title=item.title, abstract=item.description,
                    keywords=item.keywords, published_at=item.published_at,
                    facets={"section": (item.section,), "division": (item.division,)})


def lookup_of(items):
    by_id = {item.id: item for item in items}
    return lambda ids: {i: by_id[i] for i in ids if i in by_id}


@pytest.fixture(scope="module")
def achievements_index(tmp_path_factory):
    backend = WhooshBackend(tmp_path_factory.mktemp("matching") / "achievements")
    backend.rebuild([achievement_document(a) for a in ACHIEVEMENTS])
    return backend


@pytest.fixture(scope="module")
def needs_index(tmp_path_factory):
    backend = WhooshBackend(tmp_path_factory.mktemp("matching") / "needs")
    backend.rebuild([need_document(n) for n in NEEDS])
    return backend


def ranked(matches):
    return [m.id for m in matches]


def test_spindle_fault_need_ranks_the_spindle_fault_achievement_first(achievements_index):
    matches = match_need(NEED, achievements_index, lookup_of(ACHIEVEMENTS), now=NOW)
    order = ranked(matches)
    assert order[0] == "a:spindle"
    # Each distractor shares words with the need, so each is found, below the right one.
    assert {"a:cnc-cam", "a:wind", "a:guideway"} <= set(order)
    assert "a:switchgear" not in order  # nothing in common
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)


def test_industry_puts_the_same_trade_above_the_same_words_elsewhere(achievements_index):
    matches = {m.id: m for m in match_need(NEED, achievements_index, lookup_of(ACHIEVEMENTS),
                                           now=NOW)}
    # The wind-turbine achievement shares two keywords (主轴, 故障诊断) but not the trade.
    assert matches["a:wind"].factor("industry").value == 0.0
    assert matches["a:spindle"].factor("industry").value == 1.0
    assert matches["a:spindle"].score > matches["a:wind"].score


def test_explanation_lists_the_terms_and_factors_that_make_the_score(achievements_index):
    best = match_need(NEED, achievements_index, lookup_of(ACHIEVEMENTS), now=NOW)[0]
    assert {"数控机床", "主轴"} <= set(best.terms)
    assert set(best.keywords) == {"数控机床", "主轴", "故障诊断"}
    assert tuple(f.name for f in best.factors) == FACTORS
    for factor in best.factors:
        assert 0.0 <= factor.value <= 1.0
        assert factor.contribution == pytest.approx(factor.value * factor.weight)
    assert math.isclose(best.score, sum(f.contribution for f in best.factors))
    # The deal factors say why, too: mode, TRL, budget and district all fit.
    assert best.factor("mode").value == 1.0 and best.factor("budget").value == 1.0
    assert best.factor("trl").value == 1.0 and best.factor("locality").value == 1.0
    assert best.factor("keywords").value == 1.0 and best.factor("text").value > 0.5


def test_shared_terms_occur_in_the_candidate(achievements_index):
    from search_index.analysis import normalize

    for match in match_need(NEED, achievements_index, lookup_of(ACHIEVEMENTS), now=NOW):
        text = normalize(match.profile.title + match.profile.abstract
                         + "".join(match.profile.keywords))
        assert match.terms and all(term in text for term in match.terms)


def test_weights_override(achievements_index):
    lookup = lookup_of(ACHIEVEMENTS)
    only_date = {name: 0.0 for name in FACTORS} | {"freshness": 1.0}
    matches = match_need(NEED, achievements_index, lookup, now=NOW, weights=only_date)
    # Freshness alone: the newest candidate first (the guideway, 10 days old).
    assert ranked(matches)[0] == "a:guideway"
    assert all(f.weight == 0.0 for m in matches for f in m.factors if f.name != "freshness")
    assert all(math.isclose(m.score, m.factor("freshness").value) for m in matches)
    doubled = match_need(NEED, achievements_index, lookup, now=NOW, weights={"text": 0.8})
    assert doubled[0].factor("text").weight == 0.8
    with pytest.raises(ValueError):
        match_need(NEED, achievements_index, lookup, weights={"txet": 1.0})
    with pytest.raises(ValueError):
        match_need(NEED, achievements_index, lookup, weights={"text": -1.0})


def test_lookup_decides_what_can_be_offered_and_limit_cuts(achievements_index):
    without_spindle = lookup_of([a for a in ACHIEVEMENTS if a.id != "a:spindle"])
    order = ranked(match_need(NEED, achievements_index, without_spindle, now=NOW))
    assert order and "a:spindle" not in order
    assert len(match_need(NEED, achievements_index, lookup_of(ACHIEVEMENTS), now=NOW,
                          limit=2)) == 2
    assert match_need(NEED, achievements_index, lookup_of([]), now=NOW) == []


def test_a_need_with_nothing_indexed_in_common_matches_nothing(achievements_index):
    need = NeedProfile(id="n:none", title="量子纠缠通信", keywords=("量子纠缠",))
    assert match_need(need, achievements_index, lookup_of(ACHIEVEMENTS), now=NOW) == []


def test_filters_restrict_retrieval(achievements_index):
    order = ranked(match_need(NEED, achievements_index, lookup_of(ACHIEVEMENTS), now=NOW,
                              filters={"section": "D"}))
    assert order == ["a:wind"]


def test_achievement_ranks_needs(needs_index):
    matches = match_achievement(SPINDLE, needs_index, lookup_of(NEEDS), now=NOW)
    assert ranked(matches)[0] == "n:spindle"
    assert "n:switchgear" not in ranked(matches)
    best = matches[0]
    assert {"数控机床", "主轴"} <= set(best.terms)
    assert math.isclose(best.score, sum(f.contribution for f in best.factors))
    wind = match_achievement(WIND_SPINDLE, needs_index, lookup_of(NEEDS), now=NOW)
    assert ranked(wind)[0] == "n:wind"


# --- a need in the enterprise's own words (issue 20) ---------------------------------

def _vocabulary():
    from search_index.vocabulary import build

    # Other trades' listings, so that a keyword of one trade reads as specific.
    others = [(("其他",), section) for section in "ABEFGHIJ"]
    return build([(a.keywords, a.section) for a in ACHIEVEMENTS] + others)


def test_a_need_without_keywords_infers_them_and_says_which(achievements_index):
    lookup = lookup_of(ACHIEVEMENTS)
    bare = NeedProfile(id="n:bare", title=NEED.title, description=NEED.description,
                       division="34", section="C", published_at=NOW - DAY)
    found = match_need(bare, achievements_index, lookup, now=NOW, vocabulary=_vocabulary())
    assert found[0].id == SPINDLE.id
    assert {"数控机床", "故障诊断"} <= set(found[0].inferred)
    # Keywords the author gave are never called inferred.
    given = match_need(NEED, achievements_index, lookup, now=NOW, vocabulary=_vocabulary())
    assert given[0].id == SPINDLE.id and given[0].inferred == ()


def test_expansion_from_the_best_candidates_is_marked_as_such(achievements_index):
    need = NeedProfile(id="n:cabinet", title="开关柜带电检测需求",
                       description="变电站开关柜运行中需要带电检测，及早发现绝缘缺陷。",
                       division="44", section="D", published_at=NOW - DAY)
    found = match_need(need, achievements_index, lookup_of(ACHIEVEMENTS), now=NOW,
                       vocabulary=_vocabulary())
    assert found[0].id == SWITCHGEAR.id
    # 局部放电 is not in the need: the best candidate lists it (pseudo-relevance feedback).
    assert "局部放电" in found[0].expanded and "局部放电" not in found[0].terms
    assert "开关柜" in found[0].inferred
    plain = match_need(need, achievements_index, lookup_of(ACHIEVEMENTS), now=NOW)
    assert plain[0].expanded == () and plain[0].inferred == ()
