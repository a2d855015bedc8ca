"""A visitor searches in Traditional script, narrows by an industry facet, opens a result."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import TIMEOUT
from tests.support import factories

pytestmark = pytest.mark.browser


def test_visitor_searches_in_traditional_script(live_server, page, db, users):
    member = users["studio_member"]
    machine = factories.make_achievement(
        member, "published", title="数控机床主轴热变形补偿装置", industry_code="34",
        abstract="通过温度传感与数控系统联动，实时补偿数控机床主轴热变形。")
    factories.make_achievement(
        member, "published", title="数控机床用电能质量监测仪", industry_code="44",
        abstract="监测数控机床车间供电的谐波与电压暂降。")
    factories.make_achievement(member, "draft", title="数控机床草稿不应出现")

    page.goto(live_server + "/")
    page.locator("#nav-search").fill("數控機床")
    page.locator("#nav-search").press("Enter")
    results = page.locator("#search-results")
    expect(results.locator(".list-group-item")).to_have_count(2, timeout=TIMEOUT)
    expect(results.locator("mark").first).to_have_text("数控机床", timeout=TIMEOUT)
    expect(page.locator("main")).not_to_contain_text("草稿不应出现")

    division = page.locator('[data-facet="division"]')
    expect(division).to_contain_text("通用设备制造业", timeout=TIMEOUT)
    division.get_by_text("通用设备制造业").click()
    expect(results.locator(".list-group-item")).to_have_count(1, timeout=TIMEOUT)
    expect(results).to_contain_text("热变形补偿", timeout=TIMEOUT)

    results.locator("a").first.click()
    expect(page.locator("h1")).to_have_text(machine.title, timeout=TIMEOUT)
    expect(page.locator("main")).to_contain_text("已发布")
