"""Matching in the app: match pages with their explanations, and announcements on publish."""
import pytest

from exchange.needs import workflow as need_workflow
from exchange.notifications.models import Notification
from tests.support import factories


@pytest.fixture
def app_config():
    return {"MATCH_NOTIFY_THRESHOLD": 0.3}


@pytest.fixture
def catalogue(db, users):
    author = users["studio_member"]
    spindle = factories.make_achievement(
        author, "published", title="数控机床主轴轴承故障在线诊断装置",
        abstract="采集数控机床主轴振动信号，识别轴承早期故障并预警，减少非计划停机。",
        keywords=["数控机床", "主轴", "故障诊断"], industry_code="34")
    lathe = factories.make_achievement(
        author, "published", title="数控机床导轨润滑改进",
        abstract="改进数控机床导轨润滑方式，延长导轨使用寿命。", keywords=["数控机床", "润滑"],
        industry_code="34")
    wind = factories.make_achievement(
        author, "published", title="风电机组主轴密封结构",
        abstract="一种风力发电机组主轴的密封结构，防止润滑脂泄漏。",
        keywords=["风电", "主轴", "密封"], industry_code="44")
    return spindle, lathe, wind


def test_need_matches_page_ranks_and_explains(client, db, users, catalogue):
    spindle, lathe, wind = catalogue
    need = factories.make_need(users["enterprise"], "published")  # 数控机床主轴 … 故障诊断
    html = client.get(f"/needs/{need.id}/matches").get_data(as_text=True)
    order = [html.find(f"/achievements/{a.id}?need={need.id}") for a in (spindle, lathe, wind)]
    assert order[0] != -1 and all(order[0] < o for o in order[1:] if o != -1)
    assert "<mark>" in html and "共同关键词" in html
    assert html.count('class="small mt-1 explanation"') >= 1 and "技术成熟度" in html


def test_achievement_matches_page_lists_open_needs(client, db, users, catalogue):
    spindle = catalogue[0]
    need = factories.make_need(users["enterprise"], "published")
    closed = factories.make_need(users["enterprise"], "closed", title="数控机床主轴已解决的需求")
    html = client.get(f"/achievements/{spindle.id}/matches").get_data(as_text=True)
    assert f"/needs/{need.id}\"" in html and f"/needs/{closed.id}\"" not in html


def test_publishing_a_need_announces_good_matches_to_both_sides(db, users, catalogue):
    need = factories.make_need(users["enterprise"], "submitted")
    need_workflow.apply(users["union_staff"], need, "publish")
    db.session.commit()
    kinds = {(n.user_id, n.kind) for n in db.session.execute(db.select(Notification)).scalars()}
    assert (users["enterprise"].id, "match_for_need") in kinds
    assert (users["studio_member"].id, "match_for_achievement") in kinds


def test_home_pages_show_new_matches(client_for, db, users, catalogue):
    spindle = catalogue[0]
    need = factories.make_need(users["enterprise"], "published")
    enterprise_home = client_for("enterprise").get("/needs/mine").get_data(as_text=True)
    assert 'id="new-matches"' in enterprise_home and spindle.title in enterprise_home
    studio_home = client_for("studio_member").get(
        f"/achievements/studio/{spindle.studio_id}").get_data(as_text=True)
    assert 'id="new-matches"' in studio_home and need.title in studio_home

