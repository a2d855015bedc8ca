"""Layout at a laptop's 1366 px and a phone's 390 px, in Chinese and English: the
navigation fits one row, search results come before the facets on a phone, and no table
cell is squeezed narrower than ~3 characters. Screenshots go to $A11Y_SHOTS
(default /tmp/a11y-shots) for a person to look at."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import TIMEOUT, demo_context
from tests.conftest import DATABASES

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("A11Y_SHOTS", "/tmp/a11y-shots"))
ROLES = [None, "member01", "leader01", "enterprise01", "staff", "admin"]
# Pages with tables, by the role that sees them.
TABLES = {None: ["/studios/"], "leader01": ["/studios/mine"],
          "staff": ["/agreements/", "/programme/activities", "/ledger/",
                    "first-agreement", "/programme/dashboard", "/programme/matching"],
          "admin": ["/admin/users"]}

# The tops of the navbar's visible top-level items (brand, links, search, menus).
NAV_TOPS = """() => [...document.querySelectorAll(
    'nav.navbar .navbar-brand, #mainnav > .navbar-nav > .nav-item, #mainnav > form')]
  .filter(e => e.offsetParent !== null)
  .map(e => { const r = e.getBoundingClientRect();
              return [r.top, r.bottom, e.textContent.trim().slice(0, 20)]; })"""

# Cells whose text wraps onto several lines although they are narrower than three
# characters of their font: "one character per line".
SQUEEZED = """() => [...document.querySelectorAll('main table td, main table th')]
  .filter(c => c.offsetParent !== null && c.textContent.trim().length >= 3)
  .map(c => { const s = getComputedStyle(c), font = parseFloat(s.fontSize);
    const inner = c.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    const range = document.createRange(); range.selectNodeContents(c);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    return [c.textContent.trim().slice(0, 20), Math.round(inner), font, lines]; })
  .filter(([text, inner, font, lines]) => lines > 1 && inner < 3 * font)"""


@pytest.fixture
def database_url(request):
    """One engine is enough: the layout does not depend on it."""
    return request.getfixturevalue(f"{DATABASES[0]}_url")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_navigation_fits_one_row_and_phones_get_results_first(demo_site, browser):
    """Layout (issue 15 H): at 1366 px the navigation is one row for every role in both
    languages (it wrapped to two for every signed-in role); at 390 px search results
    precede the facets (folded under "筛选") and table cells are not squeezed."""
    base = demo_site
    problems = []
    for account in ROLES:
        who = account or "visitor"
        context = demo_context(browser, base, account, width=1366, height=900)
        page = context.new_page()
        for language in ("zh_Hans", "en"):
            page.goto(f"{base}/language/{language}")
            page.set_viewport_size({"width": 1366, "height": 900})
            page.goto(base + "/")
            tops = page.evaluate(NAV_TOPS)
            # one row: every item starts above the point where any other ends
            one_row = max(top for top, _, _ in tops) < min(bottom for _, bottom, _ in tops)
            height = page.locator("nav.navbar").bounding_box()["height"]
            if not one_row or height > 70:
                problems.append(f"{who} {language} 1366: navbar {height:.0f} px, items {tops}")
            if account in (None, "staff"):
                _shot(page, f"home-{who}-{language}-1366")
            if account == "staff":  # the charts, section by section
                page.goto(base + "/programme/dashboard")
                for section in ("areas", "achievements", "deals", "money"):
                    page.locator(f"#{section}").screenshot(
                        path=str(SHOTS / f"dashboard-{section}-{language}-1366.png"))
            page.set_viewport_size({"width": 390, "height": 844})
            if account is None:
                page.goto(base + "/search/?q=研究")
                # The facets are folded under one button, so no facet comes before the
                # results, and the results start on the first screen.
                results = page.locator("#search-results").bounding_box()
                facets = page.locator("[data-facet]").first.bounding_box()
                toggle = page.locator("#facets-toggle")
                if not results or results["y"] > 600 or (facets and facets["y"] < results["y"]):
                    problems.append(f"{who} {language} 390: results at {results}, "
                                    f"first facet at {facets}")
                _shot(page, f"search-{language}-390")
                if toggle.count():
                    toggle.click()
                    expect(page.locator("#facet-list [data-facet]").first).to_be_visible(
                        timeout=TIMEOUT)
                else:
                    problems.append(f"{who} {language} 390: no filter button")
                page.set_viewport_size({"width": 1366, "height": 900})
                _shot(page, f"search-{language}-1366")
                page.set_viewport_size({"width": 390, "height": 844})
            for path in TABLES.get(account, []):
                if path == "first-agreement":
                    page.goto(base + "/agreements/")
                    path = page.locator("main table a[href^='/agreements/']").first \
                        .get_attribute("href")
                page.goto(base + path)
                squeezed = page.evaluate(SQUEEZED)
                if squeezed:
                    problems.append(f"{who} {language} 390 {path}: squeezed {squeezed[:5]}")
                _shot(page, f"{who}-{path.strip('/').replace('/', '-') or 'home'}-{language}-390")
        context.close()
    assert not problems, "\n".join(problems)
