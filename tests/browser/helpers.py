"""Steps shared by the browser journeys."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support import factories

TIMEOUT = 10_000  # ms, for every expect()


def log_in(page, base: str, user) -> None:
    page.goto(base + "/auth/login")
    form = page.locator("main form[method=post]")
    form.locator("input[name=email]").fill(user.email)
    form.locator("input[name=password]").fill(factories.PASSWORD)
    form.locator("[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/auth/login"), timeout=TIMEOUT)
    expect(page.locator("#account-menu")).to_contain_text(user.name, timeout=TIMEOUT)
    # Menus open through Bootstrap's script, at the end of the page: a click on one before
    # the page has loaded does nothing (a journey once failed so on a busy CI machine).
    page.wait_for_load_state("load")


def nav_link(page, name: str):
    """The navbar link called `name`; a role's secondary pages sit in a menu, opened first."""
    link = page.locator("#mainnav").get_by_role("link", name=name, exact=True)
    # A hidden item's text may carry a count badge ("成果审核 2"), hidden from its name.
    text = re.compile(rf"^\s*{re.escape(name)}(\s+\d+)?\s*$")
    menu = page.locator("#mainnav .nav-item.dropdown").filter(
        has=page.locator(".dropdown-item").filter(has_text=text))
    if menu.count() and not link.is_visible():
        menu.locator(".dropdown-toggle").click()
    return link


def demo_context(browser, base: str, account: str | None, *, width: int = 1280,
                 height: int = 900):
    """A browser context signed in as the demo account `<account>@demo.exchange.cn`
    (None: a visitor). Signing in once per role keeps multi-page checks fast."""
    from exchange.demo import DEMO_PASSWORD
    from exchange.demo.people import DEMO_DOMAIN

    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="zh-CN")
    if account:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(base + "/auth/login")
        form = page.locator("main form[method=post]")
        form.locator("input[name=email]").fill(f"{account}@{DEMO_DOMAIN}")
        form.locator("input[name=password]").fill(DEMO_PASSWORD)
        form.locator("[type=submit]").click()
        expect(page.locator("#account-menu")).to_be_visible(timeout=TIMEOUT)
        page.close()
    return context
