"""Fixtures for browser tests: a live server on a free port and Debian's Chromium.

Playwright never downloads a browser here: it is pointed at the system `chromium`
(installed by `make test`) or at `$CHROMIUM_PATH`.
"""
from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def app_config():
    """Browser tests post real forms, so CSRF protection is on, as in production."""
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_server(app):
    """Serve `app` on 127.0.0.1:<free port> in a daemon thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _chromium_path() -> str:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if not (os.path.isfile(configured) and os.access(configured, os.X_OK)):
            pytest.fail(f"CHROMIUM_PATH={configured!r} is not an executable file.")
        return configured
    found = shutil.which("chromium")
    if not found:
        pytest.fail(
            "Chromium not found: browser tests need Debian's `chromium` on PATH "
            "(`make test` installs it via scripts/ensure-test-system-packages.sh) "
            "or CHROMIUM_PATH pointing at a Chromium executable.",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def browser():
    # Belt and braces: never let Playwright fetch its own browser builds.
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    executable = _chromium_path()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS,
        )
    except Exception:
        playwright.stop()
        raise
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def demo_site(live_server, runner, db):
    """The live server on the demo data with its search index built: pages as people see
    them. Only the first engine: the markup checked on it does not depend on the engine."""
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    assert runner.invoke(args=["search-index", "rebuild"]).exit_code == 0
    return live_server
