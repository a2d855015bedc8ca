"""Union staff open the programme dashboard on the demo data; the run keeps a screenshot.

The picture goes to test-artifacts/dashboard.png on every run, and to docs/dashboard.png
when DOCS_SCREENSHOTS=1 (how the one in the repository was made)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from exchange.auth.models import User
from exchange.demo import DEMO_PASSWORD
from tests.browser.helpers import TIMEOUT

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def test_dashboard_on_demo_data(live_server, browser, runner, db):
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    staff = db.session.execute(db.select(User).where(
        User.email == "staff@demo.exchange.cn")).scalar_one()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server + "/auth/login")
    form = page.locator("main form[method=post]")
    form.locator("input[name=email]").fill(staff.email)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("[type=submit]").click()
    expect(page.locator("#account-menu")).to_contain_text(staff.name, timeout=TIMEOUT)
    page.locator("#account-menu").click()
    page.locator("#dashboard-link").click()
    expect(page.locator("#progress [data-figure]")).to_have_count(4, timeout=TIMEOUT)
    for chart in ("chart-districts", "chart-by-month", "chart-funnel", "chart-money"):
        expect(page.locator(f"#{chart} svg.chart-svg")).to_be_visible()
    # The table behind a chart is one click away.
    page.locator("#chart-funnel summary").click()
    expect(page.locator("#chart-funnel table")).to_be_visible()
    page.locator("#chart-funnel summary").click()
    shots = ROOT / "test-artifacts"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "dashboard.png"), full_page=True)
    if os.environ.get("DOCS_SCREENSHOTS") == "1":
        shutil.copyfile(shots / "dashboard.png", ROOT / "docs" / "dashboard.png")
    context.close()
