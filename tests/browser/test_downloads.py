"""Every export and report, downloaded by Chromium from the real gunicorn server, in both
languages, and opened: XLSX with openpyxl, CSV with csv, Beancount with its loader, the
printable report as a page.

Trust rule: what staff download is what the server really sends. Werkzeug's test client
does not validate headers; gunicorn does (the Chinese report name was a 500 there), and
the browser must read the file name we mean (RFC 6266 filename*).
"""
from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from exchange.db_types import local_today
from exchange.demo import DEMO_PASSWORD
from tests.browser.helpers import TIMEOUT

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
STAFF, LEADER = "staff@demo.exchange.cn", "leader01@demo.exchange.cn"
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
LANGUAGES = ("zh_Hans", "en")


def _prepare(env: dict) -> None:
    """`flask db upgrade` then `flask demo-data`: the real commands, run in this process
    (an interpreter start-up each would cost seconds)."""
    from exchange import create_app
    from exchange.extensions import db

    settings = {"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "LOG_LEVEL": "WARNING",
                **{key: env[key] for key in ("SECRET_KEY", "SEARCH_INDEX_DIR",
                                             "ATTACHMENT_DIR", "IMPORT_DIR",
                                             "PASSWORD_HASH_METHOD")}}
    app = create_app(settings)
    runner = app.test_cli_runner()
    with app.app_context():
        for command in (["db", "upgrade"], ["demo-data"]):
            result = runner.invoke(args=command)
            assert result.exit_code == 0, (command, result.output, result.exception)
        db.engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn serving a migrated SQLite database with the demo data; yields
    (base URL, database path)."""
    folder = tmp_path_factory.mktemp("gunicorn")
    database = folder / "exchange.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FLASK_APP": "exchange",
           "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "browser-test-only",
           "SEARCH_INDEX_DIR": str(folder / "index"),
           "ATTACHMENT_DIR": str(folder / "attachments"),
           "IMPORT_DIR": str(folder / "imports"), "LOG_LEVEL": "WARNING",
           "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}  # demo accounts log in fast
    _prepare(env)
    log = (folder / "gunicorn.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers", "1",
         "--timeout", "60", "exchange:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = _wait_until_listening(process, folder / "gunicorn.log")
        yield base, database
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def _wait_until_listening(process, log_path: Path) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = LISTENING.search(log_path.read_text())
        if found:
            base = f"http://127.0.0.1:{found.group(1)}"
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        return base
            except OSError:
                pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    pytest.fail("gunicorn did not start:\n" + log_path.read_text()[-3000:])


def _ids(database: Path) -> dict:
    with sqlite3.connect(database) as conn:
        agreement = conn.execute("SELECT min(id) FROM agreements").fetchone()[0]
        studio = conn.execute("SELECT studio_id FROM users WHERE email = ?",
                              (LEADER,)).fetchone()[0]
        inventor = conn.execute(
            "SELECT u.email FROM agreement_beneficiaries b JOIN users u ON u.id = b.user_id "
            "ORDER BY b.id LIMIT 1").fetchone()[0]
    return {"agreement": agreement, "studio": studio, "inventor": inventor}


def _log_in(page, base: str, email: str) -> None:
    page.goto(base + "/auth/login")
    form = page.locator("main form[method=post]")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/auth/login"), timeout=TIMEOUT)


def _download(page, base: str, path: str):
    """Download `path` the way a click on a link does; returns (file name, bytes)."""
    status = page.request.get(base + path)  # same cookies: a 500 fails here, clearly
    assert status.status == 200, (path, status.status, status.text()[:300])
    with page.expect_download(timeout=TIMEOUT) as info:
        page.evaluate("""url => { const a = document.createElement('a'); a.href = url;
                                  document.body.appendChild(a); a.click(); a.remove(); }""",
                      base + path)
    download = info.value
    assert download.failure() is None, path
    return download.suggested_filename, Path(download.path()).read_bytes()


def _open(name: str, data: bytes, tmp_path: Path) -> int:
    """Open the file with the tool its kind calls for; return how many rows it holds."""
    if name.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(data), read_only=True)
        rows = sum(1 for sheet in book.worksheets for _ in sheet.iter_rows(values_only=True))
        book.close()
        return rows
    if name.endswith(".csv"):
        return len(list(csv.reader(io.StringIO(data.decode("utf-8-sig")))))
    if name.endswith(".beancount"):
        from beancount import loader

        path = tmp_path / name
        path.write_bytes(data)
        entries, errors, _options = loader.load_file(str(path))
        assert errors == [], errors[:3]
        return len(entries)
    raise AssertionError(f"unexpected download {name}")


def _exports(ids: dict) -> dict[str, list[str]]:
    return {
        STAFF: ["/programme/report.xlsx", "/ledger/trial-balance.csv",
                "/ledger/trial-balance.xlsx", "/ledger/ledger.beancount",
                f"/agreements/{ids['agreement']}/statement.csv",
                f"/agreements/{ids['agreement']}/statement.xlsx",
                "/achievements/export.csv", "/achievements/export.xlsx"],
        LEADER: [f"/achievements/studio/{ids['studio']}/export.csv",
                 f"/achievements/studio/{ids['studio']}/export.xlsx",
                 "/achievements/import/template.csv", "/achievements/import/template.xlsx"],
        ids["inventor"]: ["/statements/mine.csv", "/statements/mine.xlsx"],
    }


def test_every_export_downloads_and_opens_in_both_languages(server, browser, tmp_path):
    base, database = server
    ids = _ids(database)
    today = local_today()
    stamp = f"{today:%Y%m%d}"
    names = {}
    for email, paths in _exports(ids).items():
        context = browser.new_context(accept_downloads=True, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        try:
            _log_in(page, base, email)
            for language in LANGUAGES:
                page.goto(f"{base}/language/{language}")
                for path in paths:
                    name, data = _download(page, base, path)
                    assert _open(name, data, tmp_path) > 0, (language, path)
                    names[(language, path)] = name
            if email == STAFF:
                _printable_report(page, base, today)
        finally:
            context.close()
    year = today.year
    assert names[("zh_Hans", "/programme/report.xlsx")] == f"双创双提升报表-{year}-{stamp}.xlsx"
    assert names[("en", "/programme/report.xlsx")] == f"programme-report-{year}-{stamp}.xlsx"
    assert names[("en", "/ledger/ledger.beancount")] == f"ledger-{stamp}.beancount"
    assert all(stamp in name for name in names.values())


def _printable_report(page, base: str, today) -> None:
    for language, as_of in (("zh_Hans", f"截至{today.isoformat()}"),
                            ("en", f"as of {today.isoformat()}")):
        page.goto(f"{base}/language/{language}")
        response = page.goto(f"{base}/programme/report")
        assert response is not None and response.status == 200
        expect(page.locator("main")).to_contain_text(as_of, timeout=TIMEOUT)
        assert page.locator("main table").count() > 0
