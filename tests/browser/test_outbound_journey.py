"""Journeys of issue 17 in Chromium, against a live server whose jobs run in a real
`flask jobs worker` (as `make run` starts it), mail written to files as `make run` does.

1. An enterprise registers, finds the confirmation mail in the mail folder, follows its
   link, can then open an inquiry, saves a search; an achievement is published and the
   next morning's digest brings it.
2. A studio member imports 10,000 rows: the page shows the import's progress, then its
   result.
"""
from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from exchange.auth.models import User
from exchange.db_types import utcnow
from exchange.demo import credit_code_for
from exchange.extensions import db as _db
from exchange.notifications import delivery
from exchange.notifications.models import Notification
from tests.browser.helpers import TIMEOUT, log_in
from tests.conftest import DATABASES
from tests.exchange.achievements.test_spreadsheets import HEADERS, sample_row
from tests.support import factories
from tests.support.servers import worker

pytestmark = pytest.mark.browser
LINK = re.compile(r"http://\S+")


@pytest.fixture
def database_url(request):
    """One engine: the worker's engine-specific paths are tested in tests/exchange/jobs."""
    return request.getfixturevalue(f"{DATABASES[0]}_url")


@pytest.fixture
def app_config(tmp_path_factory):
    mail = tmp_path_factory.mktemp("mail")
    return {"WTF_CSRF_ENABLED": True, "JOBS_EAGER": False,
            "MAIL_BACKEND": "exchange.mail.backends.ConsoleAndFileEmailBackend",
            "MAIL_FILE_PATH": str(mail)}


@pytest.fixture
def site(app, live_server):
    """The live server and its worker (mail goes to files, links name the live server)."""
    app.config["BASE_URL"] = live_server
    with worker(app, BASE_URL=live_server, MAIL_BACKEND=app.config["MAIL_BACKEND"],
                MAIL_FILE_PATH=app.config["MAIL_FILE_PATH"]):
        yield live_server


def _wait(found, timeout: float = 30.0):
    """What `found()` returns once it is truthy (the worker runs in another process)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        _db.session.rollback()
        result = found()
        if result or time.monotonic() > deadline:
            assert result, "the worker did not get there in time"
            return result
        time.sleep(0.2)


def _mails(app, to: str, timeout: float = 20.0) -> list:
    """The mails written for `to` so far (waiting for the first one to arrive)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        found = [message_from_bytes(path.read_bytes(), policy=policy.default)
                 for path in sorted(Path(app.config["MAIL_FILE_PATH"]).glob("*.eml"))]
        found = [m for m in found if m["To"] == to]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_an_enterprise_confirms_its_address_from_the_mail_file(app, db, site, page, users):
    item = factories.make_achievement(users["studio_member"], "published")
    db.session.commit()
    page.goto(site + "/auth/register")
    form = page.locator("main form[method=post]")
    form.locator("[name=company_name]").fill("无锡精密模具有限公司")
    form.locator("[name=credit_code]").fill(credit_code_for(901))
    form.locator("[name=name]").fill("王经理")
    form.locator("[name=email]").fill("wang@mould.example.cn")
    form.locator("[name=password]").fill("Mould-2026-secure")
    form.locator("[name=confirm]").fill("Mould-2026-secure")
    form.locator("[type=submit]").click()
    expect(page.locator("#verify-banner")).to_be_visible(timeout=TIMEOUT)
    (mail,) = _mails(app, "wang@mould.example.cn")
    assert mail["Subject"] == "确认您的电子邮箱"
    link = LINK.search(mail.get_body(preferencelist=("plain",)).get_content()).group(0)
    page.goto(link)
    expect(page.locator(".alert-success")).to_contain_text("电子邮箱已确认", timeout=TIMEOUT)
    expect(page.locator("#verify-banner")).to_have_count(0)
    page.goto(f"{site}/achievements/{item.id}")
    page.locator("textarea[name=body]").fill("请问该成果能否用于我司模具产线？")
    page.locator("#open-inquiry [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/inquiries/\d+$"), timeout=TIMEOUT)
    # A saved search...
    page.goto(site + "/search/?q=主轴故障")
    page.locator("#save-search-button").click()
    expect(page.locator(".alert-success")).to_contain_text("主轴故障", timeout=TIMEOUT)
    page.goto(site + "/subscriptions/")
    expect(page.locator("#subscription-list")).to_contain_text("主轴故障")
    # ...receives an achievement published afterwards, in the next morning's digest.
    fresh = factories.make_achievement(users["studio_member"], "published")
    db.session.commit()
    user_id = db.session.execute(db.select(User.id).where(
        User.email == "wang@mould.example.cn")).scalar_one()
    _wait(lambda: db.session.execute(db.select(Notification.id).where(
        Notification.user_id == user_id, Notification.kind == "subscription_match")).first())
    delivery.queue_digests(now=utcnow() + timedelta(days=1))
    db.session.commit()
    digest = _wait(lambda: [m for m in _mails(app, "wang@mould.example.cn", timeout=0)
                            if "每日摘要" in m["Subject"]])
    assert fresh.title in digest[0].get_body(preferencelist=("plain",)).get_content()


def _ten_thousand_rows(path: Path, contributor: str) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    for n in range(10_000):
        row = sample_row(n, contributor)
        row[1], row[4], row[5] = "技术革新", "", ""  # no patent numbers: 10,000 distinct rows
        row[0] = f"输送带跑偏自动纠偏装置{n:05d}"
        sheet.append(row)
    workbook.save(path)
    return path


def test_a_large_import_shows_its_progress_and_ends_on_its_result(
        app, db, site, page, users, tmp_path):
    member = users["studio_member"]
    upload = _ten_thousand_rows(tmp_path / "10000.xlsx", member.name)
    log_in(page, site, member)
    page.goto(site + "/achievements/import")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.locator("main form [type=submit]").click()
    expect(page.locator("main")).to_contain_text("10000", timeout=60_000)  # the preview
    page.locator("main form[action$='/import/confirm'] [type=submit]").click()
    expect(page.locator("#import-progress")).to_be_visible(timeout=TIMEOUT)
    bar = page.locator("#import-progress [role=progressbar]")
    expect(bar).to_have_attribute("aria-valuenow", re.compile(r"^[1-9]\d*$"), timeout=60_000)
    expect(page.locator(".alert-success")).to_contain_text("已将10000项成果导入为草稿",
                                                           timeout=120_000)
    expect(page).to_have_url(re.compile(rf"/achievements/studio/{member.studio_id}"))
