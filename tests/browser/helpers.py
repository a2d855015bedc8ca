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
