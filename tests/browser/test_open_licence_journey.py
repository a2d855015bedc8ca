"""An open licence end to end: the studio leader declares, one staff member records the
employer unit's consent and another approves and records CNIPA's announcement, an
enterprise finds it in the catalogue and takes it in one step, staff record the first
payment, and the inventor reads their share in 我的收益明细."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import TIMEOUT, log_in
from tests.support import factories

pytestmark = pytest.mark.browser


def _page_for(browser, base: str, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())  # the confirm() before binding steps
    log_in(page, base, user)
    return page


def test_declare_approve_take_pay_and_read_the_share(live_server, browser, db, users):
    inventor = users["studio_member"]
    achievement = factories.make_achievement(inventor, "published",
                                             title="高炉煤气余热回收换热装置",
                                             price_fen=15_000_000)

    leader = _page_for(browser, live_server, users["studio_leader"])
    leader.goto(f"{live_server}/achievements/{achievement.id}")
    leader.locator("#declare-open-licence button").click()
    form = leader.locator("#declaration-form")
    expect(form).to_be_visible(timeout=TIMEOUT)
    expect(form.locator("#consideration")).to_have_value("150000")
    form.locator("[type=submit]").click()
    submit = leader.locator("#submit-form")
    for box in submit.locator("input[name=confirm]").all():
        box.check()
    submit.locator("input[name=acknowledge]").check()
    submit.locator("button[type=submit]").click()
    expect(leader.locator("#declaration-state")).to_have_text("待工会审核", timeout=TIMEOUT)
    declaration_url = leader.url

    staff = _page_for(browser, live_server, users["union_staff"])
    staff.goto(declaration_url)
    staff.locator("#consent-note").fill("厂办函〔2026〕21号")
    staff.locator("#consent-note").locator("xpath=..").locator("button").click()
    expect(staff.locator("#review")).to_contain_text("四眼", timeout=TIMEOUT)

    approver = _page_for(browser, live_server, users["admin"])
    approver.goto(declaration_url)
    approver.locator("#approve-declaration").click()
    announce = approver.locator("#announcement-form")
    announce.locator("input[name=on]").fill("2026-12-01")
    announce.locator("input[name=number]").fill("CN-OL-2026-0042")
    announce.locator("button").click()
    expect(approver.locator("#declaration-state")).to_have_text("已公告，有效", timeout=TIMEOUT)

    enterprise = _page_for(browser, live_server, users["enterprise"])
    enterprise.locator("#nav-open-licences").click()
    enterprise.locator("#open-licences").get_by_role("link", name=achievement.title).click()
    enterprise.locator("#take-licence").click()
    enterprise.locator("#take-form input[name=confirm]").check()
    enterprise.locator("#confirm-take").click()
    banner = enterprise.locator("#open-licence-banner")
    expect(banner).to_contain_text("待付款", timeout=TIMEOUT)
    agreement_url = enterprise.url.split("#")[0]

    approver.goto(agreement_url)
    approver.locator("#record-receipt").click()
    money = approver.locator("#money-form")
    money.locator("#amount").fill("150000")
    money.locator("#reference").fill("工行回单 2026-1203-0001")
    money.locator("[type=submit]").click()
    expect(approver.locator("#open-licence-banner")).to_contain_text("已生效", timeout=TIMEOUT)

    reader = _page_for(browser, live_server, inventor)
    reader.locator("#account-menu").click()
    reader.locator("#my-statement-link").click()
    expect(reader.locator("#total-allocated")).to_have_text("¥75,000.00", timeout=TIMEOUT)
    expect(reader.locator("#statement")).to_contain_text(achievement.title)
