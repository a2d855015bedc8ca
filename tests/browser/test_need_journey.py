"""An enterprise posts a need, union staff publish it, the enterprise reads its matches and
their explanation, opens an inquiry; the studio replies in the thread."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import TIMEOUT, log_in, nav_link
from tests.support import factories

pytestmark = pytest.mark.browser


def _page_for(browser, base: str, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, user)
    return page


def _nav(page, name: str):
    return nav_link(page, name)


def test_need_to_matches_to_inquiry(live_server, browser, db, users):
    member = users["studio_member"]
    spindle = factories.make_achievement(
        member, "published", title="数控机床主轴轴承故障在线诊断装置", industry_code="34",
        abstract="采集数控机床主轴振动信号，识别轴承早期故障并预警。",
        keywords=["数控机床", "主轴", "故障诊断"])
    factories.make_achievement(member, "published", title="数控机床导轨润滑改进",
                               abstract="改进导轨润滑方式。", keywords=["数控机床", "润滑"])

    enterprise = _page_for(browser, live_server, users["enterprise"])
    _nav(enterprise, "我们的需求").click()
    enterprise.get_by_role("link", name="发布需求").click()
    form = enterprise.locator("main form[method=post]")
    form.locator("#title").fill("数控车床主轴异响，需要故障早期诊断")
    form.locator("#description").fill("高速运行时主轴出现异响，停机检修成本高，"
                                      "希望实现主轴轴承故障的早期在线诊断与预警。")
    form.locator("#keywords").fill("数控机床、主轴、故障诊断")
    form.locator("#industry_code").select_option("34")
    form.locator("#district_code").select_option("320213")
    form.get_by_label("技术服务").check()
    form.locator("#budget_max").fill("300000")
    form.locator("#deadline").fill((date.today() + timedelta(days=45)).isoformat())
    form.locator("#contact_phone").fill("13912345678")
    form.locator("[type=submit]").click()
    expect(enterprise.locator("h1")).to_have_text("数控车床主轴异响，需要故障早期诊断",
                                                  timeout=TIMEOUT)
    enterprise.locator('[data-action="submit"]').click()
    expect(enterprise.locator("main")).to_contain_text("待审核", timeout=TIMEOUT)

    staff = _page_for(browser, live_server, users["union_staff"])
    _nav(staff, "需求审核").click()
    queue = staff.locator("#review-list")
    expect(queue).to_contain_text("数控车床主轴异响", timeout=TIMEOUT)
    queue.get_by_role("button", name="发布").click()
    expect(staff.locator("main")).to_contain_text("操作成功", timeout=TIMEOUT)

    enterprise.reload()
    enterprise.locator("#see-matches").click()
    first = enterprise.locator("#matches .list-group-item").first
    expect(first).to_contain_text(spindle.title, timeout=TIMEOUT)
    expect(first.locator("mark").first).to_be_visible(timeout=TIMEOUT)
    first.locator("details.explanation summary").click()  # (the other one declines)
    explanation = first.locator("details.explanation table")
    expect(explanation).to_contain_text("文本相关度", timeout=TIMEOUT)
    expect(explanation).to_contain_text("共同关键词")
    first.locator("a.fw-semibold").click()
    expect(enterprise.locator("h1")).to_have_text(spindle.title, timeout=TIMEOUT)
    enterprise.locator("#open-inquiry textarea").fill("能否到我司现场试用一个月？")
    enterprise.locator("#open-inquiry [type=submit]").click()
    expect(enterprise.locator("#thread")).to_contain_text("能否到我司现场试用一个月？",
                                                          timeout=TIMEOUT)
    expect(enterprise.locator("main")).to_contain_text("对应需求 数控车床主轴异响")

    studio = _page_for(browser, live_server, member)
    _nav(studio, "对接").click()
    studio.locator("#inquiry-list a").first.click()
    studio.locator("#body").fill("可以，下周安排工程师上门。")
    studio.get_by_role("button", name="发送").click()
    expect(studio.locator("#thread")).to_contain_text("可以，下周安排工程师上门。",
                                                      timeout=TIMEOUT)
    enterprise.reload()
    expect(enterprise.locator("#thread")).to_contain_text("下周安排工程师上门",
                                                          timeout=TIMEOUT)
    for page in (enterprise, staff, studio):
        page.context.close()
