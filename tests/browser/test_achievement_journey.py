"""Browser journey of one achievement, all through the UI with CSRF on.

A studio member drafts a patent (after one refused attempt), submits it; union staff
publish it from the review queue; a visitor finds it in the public list and opens it;
the member sees the in-app notification.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import TIMEOUT, log_in, nav_link
from tests.support import factories

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

TITLE = "变电站巡检机器人视觉识别系统"
ABSTRACT = "基于深度学习识别表计读数与设备缺陷，替代人工巡检，缺陷发现率提升三成。"
KEYWORDS = "变电站、巡检机器人、视觉识别"
INDUSTRY_44 = "电力、热力生产和供应业"


def _wrong_check_digit(number: str) -> str:
    """The same application number with a check character that does not match."""
    return number[:-1] + ("1" if number[-1] == "0" else "0")


def _log_out(page) -> None:
    page.locator("#account-menu").click()
    button = page.get_by_role("button", name="退出登录", exact=True)
    expect(button).to_be_visible(timeout=TIMEOUT)  # the Bootstrap dropdown really opened
    button.click()
    expect(page.locator("#account-menu")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("#mainnav").get_by_role("link", name="登录", exact=True)) \
        .to_be_visible(timeout=TIMEOUT)


def _nav(page, name: str):
    return nav_link(page, name)


def _field_block(page, name: str):
    """The `.mb-3` wrapper the `field` macro draws around one input (label, errors, help)."""
    return page.locator(f"main form [name={name}]").locator("xpath=ancestor::div[@class='mb-3'][1]")


def _state_badge(page):
    return page.locator("main h1 + div > .badge")


def _fill_form(page, *, title: str, patent_number: str) -> None:
    form = page.locator("main form[method=post]")
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=abstract]").fill(ABSTRACT)
    form.locator("input[name=keywords]").fill(KEYWORDS)
    form.locator("select[name=type]").select_option("invention_patent")
    form.locator("input[name=patent_number]").fill(patent_number)
    form.locator("select[name=legal_status]").select_option("granted")
    form.locator("select[name=industry_code]").select_option("44")
    form.locator("select[name=trl]").select_option("7")
    form.locator("input[name=transaction_modes][value=transfer]").check()
    form.locator("input[name=transaction_modes][value=license_general]").check()
    form.locator("input[name=price]").fill("350000")


def test_achievement_from_draft_to_published(live_server, page, users, studio, tmp_path,
                                             request):
    member, staff = users["studio_member"], users["union_staff"]
    patent_number = factories.valid_patent_number("1")
    bad_patent_number = _wrong_check_digit(patent_number)
    assert bad_patent_number != patent_number

    # 1. The member opens the new-achievement form from the navbar.
    log_in(page, live_server, member)
    _nav(page, "本室成果").click()
    expect(page).to_have_url(re.compile(rf"/achievements/studio/{studio.id}$"), timeout=TIMEOUT)
    page.locator("main").get_by_role("link", name="新建成果", exact=True).click()
    expect(page).to_have_url(re.compile(r"/achievements/new$"), timeout=TIMEOUT)
    expect(page.locator("main h1")).to_have_text("新建成果", timeout=TIMEOUT)
    form = page.locator("main form[method=post]")
    # The first contributor is the member, preselected.
    expect(form.locator("select[name=contributors-0]")).to_have_value(str(member.id),
                                                                       timeout=TIMEOUT)

    # 2. A refused attempt: no title and a patent number whose check digit is wrong.
    _fill_form(page, title="", patent_number=bad_patent_number)
    form.get_by_role("button", name="保存草稿", exact=True).click()
    expect(page).to_have_url(re.compile(r"/achievements/new$"), timeout=TIMEOUT)
    expect(_field_block(page, "title")).to_contain_text("此项为必填项", timeout=TIMEOUT)
    expect(form.locator("input[name=title]")).to_have_class(re.compile(r"\bis-invalid\b"),
                                                            timeout=TIMEOUT)
    expect(_field_block(page, "patent_number")).to_contain_text(re.compile("校验[位码]"),
                                                                timeout=TIMEOUT)
    expect(form.locator("input[name=patent_number]")).to_have_class(
        re.compile(r"\bis-invalid\b"), timeout=TIMEOUT)
    # What was typed is still there, so only the two mistakes need fixing.
    expect(form.locator("textarea[name=abstract]")).to_have_value(ABSTRACT, timeout=TIMEOUT)
    expect(form.locator("input[name=keywords]")).to_have_value(KEYWORDS, timeout=TIMEOUT)
    expect(form.locator("input[name=patent_number]")).to_have_value(bad_patent_number,
                                                                    timeout=TIMEOUT)
    expect(form.locator("select[name=type]")).to_have_value("invention_patent", timeout=TIMEOUT)
    expect(form.locator("select[name=industry_code]")).to_have_value("44", timeout=TIMEOUT)
    expect(form.locator("select[name=trl]")).to_have_value("7", timeout=TIMEOUT)
    expect(form.locator("input[name=transaction_modes][value=transfer]")).to_be_checked(
        timeout=TIMEOUT)
    expect(form.locator("input[name=transaction_modes][value=license_general]")).to_be_checked(
        timeout=TIMEOUT)
    expect(form.locator("input[name=price]")).to_have_value("350000", timeout=TIMEOUT)
    expect(form.locator("select[name=contributors-0]")).to_have_value(str(member.id),
                                                                       timeout=TIMEOUT)

    # Fix both and save the draft.
    form.locator("input[name=title]").fill(TITLE)
    form.locator("input[name=patent_number]").fill(patent_number)
    form.get_by_role("button", name="保存草稿", exact=True).click()
    expect(page).to_have_url(re.compile(r"/achievements/\d+$"), timeout=TIMEOUT)
    detail_path = re.search(r"/achievements/\d+$", page.url).group(0)
    expect(page.locator("main h1")).to_have_text(TITLE, timeout=TIMEOUT)
    expect(_state_badge(page)).to_have_text("草稿", timeout=TIMEOUT)
    expect(page.get_by_role("alert")).to_contain_text("草稿已保存", timeout=TIMEOUT)

    # Submit it for review.
    page.locator('button[data-action="submit"]').click()
    expect(_state_badge(page)).to_have_text("待审核", timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(re.escape(detail_path) + "$"), timeout=TIMEOUT)
    _log_out(page)

    # 3. Union staff publish it from the review queue.
    log_in(page, live_server, staff)
    _nav(page, "成果审核").click()
    expect(page).to_have_url(re.compile(r"/achievements/review$"), timeout=TIMEOUT)
    entry = page.locator("#review-list .list-group-item").filter(has_text=TITLE)
    expect(entry).to_have_count(1, timeout=TIMEOUT)
    entry.get_by_role("button", name="审核发布", exact=True).click()
    expect(page).to_have_url(re.compile(r"/achievements/review$"), timeout=TIMEOUT)
    expect(page.get_by_role("alert")).to_contain_text("已发布", timeout=TIMEOUT)
    expect(page.locator("main")).not_to_contain_text(TITLE, timeout=TIMEOUT)
    _log_out(page)

    # 4. A visitor finds it in the public list with the title filter and opens it.
    _nav(page, "成果").click()
    expect(page).to_have_url(re.compile(r"/achievements/$"), timeout=TIMEOUT)
    search = page.locator("main form[role=search]")
    search.locator("input[name=q]").fill("巡检机器人")
    search.get_by_role("button", name="筛选", exact=True).click()
    expect(page).to_have_url(re.compile(r"/achievements/\?.*q="), timeout=TIMEOUT)
    expect(search.locator("input[name=q]")).to_have_value("巡检机器人", timeout=TIMEOUT)
    rows = page.locator("#achievement-list .list-group-item")
    expect(rows).to_have_count(1, timeout=TIMEOUT)
    rows.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(detail_path) + "$"), timeout=TIMEOUT)
    expect(page.locator("main h1")).to_have_text(TITLE, timeout=TIMEOUT)
    expect(_state_badge(page)).to_have_text("已发布", timeout=TIMEOUT)
    facts = page.locator("main dl")
    expect(facts).to_contain_text(patent_number, timeout=TIMEOUT)
    expect(facts).to_contain_text(INDUSTRY_44, timeout=TIMEOUT)
    expect(facts).to_contain_text("TRL 7", timeout=TIMEOUT)
    expect(facts).to_contain_text("发明专利", timeout=TIMEOUT)
    expect(facts).to_contain_text("¥350,000", timeout=TIMEOUT)
    expect(facts).to_contain_text(member.name, timeout=TIMEOUT)
    # A visitor gets no workflow buttons.
    expect(page.locator("#actions")).to_have_count(0, timeout=TIMEOUT)

    engine = request.node.callspec.params.get("database_url", "db")
    shot = tmp_path / f"achievement-detail-{engine}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    if os.environ.get("SAVE_SCREENSHOTS"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "achievement-detail.png").write_bytes(shot.read_bytes())

    # 5. The member has one unread notification about the publication.
    log_in(page, live_server, member)
    expect(page.locator("#unread-count")).to_have_text("1", timeout=TIMEOUT)
    page.locator("#notifications-link").click()
    expect(page).to_have_url(re.compile(r"/notifications/$"), timeout=TIMEOUT)
    notes = page.locator("#notification-list .list-group-item")
    expect(notes).to_have_count(1, timeout=TIMEOUT)
    expect(notes.first).to_contain_text(TITLE, timeout=TIMEOUT)
