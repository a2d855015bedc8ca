"""Keyword suggestions in the browser: typing a problem on the need form proposes the
keywords published achievements use; a click adds one to the box, × dismisses one for
good, and nothing is added without a click."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import TIMEOUT, log_in
from tests.support import factories

pytestmark = pytest.mark.browser


def test_chips_propose_add_and_dismiss(live_server, browser, db, users):
    author = users["studio_member"]
    factories.make_achievement(author, "published", title="数控机床主轴轴承故障在线诊断装置",
                               keywords=["数控机床", "主轴轴承", "故障诊断"], industry_code="34")
    factories.make_achievement(author, "published", title="变电站开关柜局部放电检测装置",
                               keywords=["局部放电", "开关柜"], industry_code="44")
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, users["enterprise"])
    page.goto(f"{live_server}/needs/new")
    page.locator("input[name=title]").fill("数控机床主轴精度下降")
    page.locator("textarea[name=description]").fill(
        "主轴轴承磨损后加工精度下降，希望引入故障诊断手段。")
    chips = page.locator("#keyword-suggestions")
    expect(chips.get_by_role("button", name="添加关键词“数控机床”")).to_be_visible(
        timeout=TIMEOUT)
    keywords = page.locator("input[name=keywords]")
    expect(keywords).to_have_value("")  # proposals only
    chips.get_by_role("button", name="添加关键词“数控机床”").click()
    expect(keywords).to_have_value("数控机床")
    chips.get_by_role("button", name="不再建议“故障诊断”").click()
    expect(chips.get_by_role("button", name="添加关键词“故障诊断”")).to_have_count(0)
    page.locator("textarea[name=description]").type("故障诊断要快。")
    expect(chips.get_by_role("button", name="添加关键词“主轴轴承”")).to_be_visible(
        timeout=TIMEOUT)
    expect(chips.get_by_role("button", name="添加关键词“故障诊断”")).to_have_count(0)
    expect(chips.get_by_role("button", name="添加关键词“数控机床”")).to_have_count(0)
