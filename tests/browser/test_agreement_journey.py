"""The mediator turns an inquiry into an agreement, the parties accept, union staff
approve, a receipt of ¥100,000.01 is shared 50/30/15/5 %, and the inventor reads their
share in their statement."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from exchange.agreements.models import Agreement
from tests.browser.helpers import TIMEOUT, log_in
from tests.support import factories

pytestmark = pytest.mark.browser


def _page_for(browser, base: str, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())  # the confirm() before approving
    log_in(page, base, user)
    return page


def test_inquiry_to_agreement_to_statement(live_server, browser, db, users):
    inventor = users["studio_member"]
    achievement = factories.make_achievement(inventor, "published",
                                             title="数控机床主轴轴承故障在线诊断装置")
    inquiry = factories.make_inquiry(users["enterprise"], achievement, "negotiating",
                                     mediator=users["union_staff"])

    mediator = _page_for(browser, live_server, users["union_staff"])
    mediator.goto(f"{live_server}/inquiries/{inquiry.id}")
    mediator.locator("#draft-agreement button").click()
    terms = mediator.locator("#terms-form")
    expect(terms).to_be_visible(timeout=TIMEOUT)
    # Prefilled: the inventor at 50 %, studio fund, employer unit, platform fee.
    expect(terms.locator("[data-row='0'] input[name$='person']")).to_have_value(inventor.name)
    terms.locator("[data-row='1'] input[name$='share']").fill("30")
    terms.locator("[data-row='2'] input[name$='share']").fill("15")
    terms.locator("#consideration").fill("100000.01")
    terms.locator("[type=submit]").click()
    expect(mediator.locator("#pending")).to_contain_text("30.00%", timeout=TIMEOUT)
    # A granted invention patent: the art. 93 reminder must be acknowledged to propose.
    expect(mediator.locator("#legal-warnings")).to_contain_text("4,000")
    mediator.locator("#propose-form input[type=checkbox]").check()
    mediator.locator("#propose-form button").click()
    consent = mediator.locator("#employer-consent-form")
    consent.locator("input[name=reason]").fill("厂办函〔2026〕18号")
    consent.locator("button").click()
    expect(mediator.locator("[data-party='employer_unit']")).to_have_attribute(
        "data-accepted", "yes", timeout=TIMEOUT)
    agreement_url = mediator.url.split("#")[0]

    for who in ("enterprise", "studio_leader"):
        party = _page_for(browser, live_server, users[who])
        party.locator("#nav-agreements").click()
        party.get_by_role("link", name=re.compile(r"^A\d{4}$")).first.click()
        party.locator("#accept-form input[name=confirm]").check()  # binding: confirmed
        party.locator("#accept-form button").click()
        expect(party.locator("#acceptances")).to_contain_text(users[who].name, timeout=TIMEOUT)
        party.context.close()

    approver = _page_for(browser, live_server, users["admin"])
    approver.goto(agreement_url)
    approver.locator("#approve-button").click()
    expect(approver.locator("#terms")).to_be_visible(timeout=TIMEOUT)

    mediator.goto(agreement_url)
    mediator.locator("#record-receipt").click()
    form = mediator.locator("#money-form")
    form.locator("#amount").fill("100000.01")
    form.locator("#reference").fill("工行回单 2026-1120-0001")
    form.locator("[type=submit]").click()
    shares = mediator.locator("#shares")
    expect(shares).to_contain_text("¥50,000.01", timeout=TIMEOUT)
    for amount in ("¥30,000.00", "¥15,000.00", "¥5,000.00"):
        expect(shares).to_contain_text(amount)
    expect(mediator.locator("#shares tfoot")).to_contain_text("¥100,000.01")

    reader = _page_for(browser, live_server, inventor)
    reader.locator("#account-menu").click()
    reader.locator("#my-statement-link").click()
    expect(reader.locator("#total-allocated")).to_have_text("¥50,000.01", timeout=TIMEOUT)
    expect(reader.locator("#statement")).to_contain_text(achievement.title)
    db.session.expire_all()
    assert db.session.execute(db.select(Agreement)).scalar_one().state.value == "active"
