"""Browser smoke test: home page, language switch, login with real CSRF, studio list."""
from __future__ import annotations

import os
import re
import struct
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import TIMEOUT, log_in

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _switch_language(page, label: str) -> None:
    page.locator("#language-menu").click()
    link = page.get_by_role("link", name=label, exact=True)
    expect(link).to_be_visible(timeout=TIMEOUT)  # the Bootstrap dropdown really opened
    link.click()


def test_home_language_login_and_studio_list(live_server, page, users, studio, tmp_path,
                                             request):
    problems = []  # script errors and failed loads would leave a page half-working
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    # Home page, in the default language (Simplified Chinese).
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans", timeout=TIMEOUT)
    # Translated UI text (not just the studio name, which also contains 创新工作室).
    expect(page.locator("#count-studios").locator("..")).to_contain_text("创新工作室",
                                                                         timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="推荐工作室")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(studio.name).first).to_be_visible(timeout=TIMEOUT)
    # Bootstrap's stylesheet is served locally and applied (not an unstyled page).
    expect(page.locator("nav.navbar")).to_have_css("display", "flex", timeout=TIMEOUT)

    # Switch to English through the navbar dropdown, then back.
    _switch_language(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en", timeout=TIMEOUT)
    expect(page.locator("#mainnav").get_by_role("link", name="Studios", exact=True)) \
        .to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="Featured studios")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#language-menu")).to_have_text("English", timeout=TIMEOUT)

    _switch_language(page, "简体中文")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans", timeout=TIMEOUT)
    expect(page.locator("#language-menu")).to_have_text("简体中文", timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="推荐工作室")).to_be_visible(timeout=TIMEOUT)

    # Log in as union staff through the real form (CSRF token included by the page).
    staff = users["union_staff"]
    log_in(page, live_server, staff)

    # Studio list via the navbar.
    page.locator("#mainnav").locator("a.nav-link[href='/studios/']").click()
    expect(page).to_have_url(re.compile(r"/studios/$"), timeout=TIMEOUT)
    table = page.locator("#studio-list")
    expect(table).to_be_visible(timeout=TIMEOUT)
    expect(table).to_contain_text(studio.name, timeout=TIMEOUT)

    engine = request.node.callspec.params.get("database_url", "db")
    shot = tmp_path / f"studio-list-{engine}.png"
    page.screenshot(path=str(shot), full_page=True)
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert width == page.viewport_size["width"] and height >= page.viewport_size["height"]
    assert problems == []
    if os.environ.get("SAVE_SCREENSHOTS"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / shot.name).write_bytes(shot.read_bytes())
