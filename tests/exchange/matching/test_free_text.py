"""A need in the enterprise's own words (issue 20): keyword suggestions from what the
published achievements list, inferred keywords named in the explanation, and the funnel
of real use (shown → opened → inquiry → agreement) with its judgments export."""
from __future__ import annotations

import pytest

from exchange.db_types import local_today
from exchange.matching.kinds import MatchStage
from exchange.matching.models import MatchEvent
from tests.support import factories

SENTENCE = ("我司数控机床主轴轴承磨损后加工精度明显下降，主轴轴承更换频繁，希望得到故障诊断"
            "方面的应用方案。")


@pytest.fixture
def catalogue(db, users):
    """Achievements of several trades: 应用 is listed in every one of them (generic),
    数控机床 / 主轴轴承 / 故障诊断 only by machine-tool work."""
    author = users["studio_member"]
    spindle = factories.make_achievement(
        author, "published", title="数控机床主轴轴承故障在线诊断装置",
        abstract="采集数控机床主轴振动信号，识别主轴轴承早期故障并预警，减少非计划停机。",
        keywords=["数控机床", "主轴轴承", "故障诊断", "应用"], industry_code="34")
    for title, keywords, code in (
            ("水稻节水灌溉控制系统的推广", ["节水灌溉", "应用"], "01"),
            ("变电站开关柜局部放电检测装置", ["局部放电", "开关柜", "应用"], "44"),
            ("城市供水管网漏损监测平台", ["漏损监测", "应用"], "46"),
            ("建筑外墙保温施工新工艺", ["外墙保温", "应用"], "47")):
        factories.make_achievement(author, "published", title=title, keywords=keywords,
                                   abstract=f"{title}，提高效率，已在多家单位试用。",
                                   industry_code=code)
    return spindle


def _keywords(payload) -> list[str]:
    return [s["keyword"] for s in payload]


def test_a_typed_problem_sentence_gets_its_obvious_keywords_not_generic_ones(
        client_for, users, catalogue):
    client = client_for("enterprise")
    answer = client.post("/matching/keyword-suggestions",
                         data={"title": "数控机床主轴精度下降", "text": SENTENCE})
    proposed = _keywords(answer.get_json()["suggestions"])
    assert {"数控机床", "主轴轴承", "故障诊断"} <= set(proposed)
    assert "应用" not in proposed  # in the text, but listed across every trade
    assert proposed[0] == "数控机床"  # in the title as well
    # Keywords already chosen are not proposed again; bad input is a 400 with the field.
    chosen = client.post("/matching/keyword-suggestions",
                         data={"title": "", "text": SENTENCE, "keywords": "数控机床、故障诊断"})
    assert set(_keywords(chosen.get_json()["suggestions"])) == {"主轴轴承"}
    too_long = client.post("/matching/keyword-suggestions", data={"text": "轴" * 5001})
    assert too_long.status_code == 400 and "text" in too_long.get_json()["errors"]
    # The API operation proposes the same, for a write token of any signed-in role.
    token = factories.make_token(users["studio_member"])
    api = client_for("visitor").post("/api/v1/keyword-suggestions",
                                     json={"title": "数控机床主轴精度下降", "text": SENTENCE},
                                     headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200 and _keywords(api.get_json()) == proposed


def test_the_need_form_offers_the_chips(client_for, catalogue):
    html = client_for("enterprise").get("/needs/new").get_data(as_text=True)
    assert 'data-suggest-url="/matching/keyword-suggestions"' in html
    assert 'data-text="description"' in html and "keywords.js" in html


def test_inferred_keywords_are_named_in_the_explanation(client_for, users, catalogue):
    need = factories.make_need(users["enterprise"], "published", title="数控机床主轴精度下降",
                               description=SENTENCE, keywords=[])
    html = client_for("enterprise").get(f"/needs/{need.id}/matches").get_data(as_text=True)
    assert f"/achievements/{catalogue.id}?need={need.id}" in html
    assert "根据需求文字推断：" in html and "主轴轴承" in html
    token = factories.make_token(users["enterprise"])
    found = client_for("visitor").get(f"/api/v1/needs/{need.id}/matches",
                                      headers={"Authorization": f"Bearer {token}"}).get_json()
    assert found[0]["achievement"]["id"] == catalogue.id
    assert {"数控机床", "主轴轴承", "故障诊断"} <= set(found[0]["inferred"])


def test_the_funnel_counts_a_journey_from_shown_to_agreement(client_for, db, users, catalogue,
                                                             runner):
    need = factories.make_need(users["enterprise"], "published", title="数控机床主轴精度下降",
                               description=SENTENCE, keywords=["数控机床"])
    enterprise = client_for("enterprise")
    # Visitors and other roles seeing the matches are not the funnel.
    client_for("visitor").get(f"/needs/{need.id}/matches")
    client_for("studio_member").get(f"/needs/{need.id}/matches")
    assert db.session.scalar(db.select(db.func.count(MatchEvent.id))) == 0
    for _ in range(2):  # seen twice: one pair, one stage
        enterprise.get(f"/needs/{need.id}/matches")
    enterprise.get(f"/achievements/{catalogue.id}?need={need.id}")
    opened = enterprise.post(f"/inquiries/open/{catalogue.id}",
                             data={"need": str(need.id), "body": "能否现场演示主轴诊断？"})
    assert opened.status_code == 302
    from exchange.inquiries.models import Inquiry

    inquiry = db.session.execute(db.select(Inquiry)).scalar_one()
    factories.make_agreement(users["enterprise"], catalogue, users["union_staff"], "active",
                             inquiry=inquiry)
    stages = {(e.stage, e.achievement_id) for e in db.session.execute(
        db.select(MatchEvent).where(MatchEvent.need_id == need.id)).scalars()}
    assert {s for s, a in stages if a == catalogue.id} == set(MatchStage)
    shown = db.session.scalar(db.select(db.func.count(MatchEvent.id)).where(
        MatchEvent.stage == MatchStage.SHOWN))
    assert shown >= 1

    page = client_for("union_staff").get("/programme/matching").get_data(as_text=True)
    month = local_today().month
    row = page.split('id="funnel-months"')[1].split("<tr>")[month + 1]
    assert [int(n) for n in _cells(row)[:4]] == [shown, 1, 1, 1]
    out = runner.invoke(args=["matching", "export-judgments"])
    assert out.exit_code == 0
    assert f"need:{need.id} 0 achievement:{catalogue.id} 3" in out.output.splitlines()


def _cells(row: str) -> list[str]:
    return [cell.split(">", 1)[1].split("<", 1)[0] for cell in row.split("<td")[1:]]
