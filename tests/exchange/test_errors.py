"""Error pages in the user's language."""
import pytest
from flask import abort

from tests.support import factories


@pytest.fixture
def app_config():
    # A config of its own gives this module its own app, so routes can be added to it.
    return {"MAX_CONTENT_LENGTH": 4096, "ERROR_PAGE_TESTS": True}


@pytest.fixture
def failing_app(app):
    """Routes that raise, registered once, before the module's app serves a request."""
    if "boom" not in app.view_functions:
        from exchange.auth.permissions import public

        @app.route("/__boom")
        @public
        def boom():
            raise RuntimeError("boom")

        @app.route("/__abort/<int:code>")
        @public
        def aborter(code):
            abort(code)

    return app


@pytest.mark.parametrize(("code", "text"), [
    (400, "请求"), (403, "无权访问"), (404, "页面不存在"), (413, "文件"), (429, "尝试次数过多"),
])
def test_error_pages_are_chinese(failing_app, db, code, text):
    response = failing_app.test_client().get(f"/__abort/{code}")
    assert response.status_code == code
    html = response.get_data(as_text=True)
    assert text in html and 'lang="zh-Hans"' in html


def test_error_page_in_english(failing_app, db):
    client = failing_app.test_client()
    client.get("/language/en")
    assert "Page not found" in client.get("/missing").get_data(as_text=True)


def test_unhandled_error_gives_500_page(failing_app, db):
    failing_app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = failing_app.test_client().get("/__boom")
    finally:
        failing_app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert "服务器" in response.get_data(as_text=True)


def test_oversized_request_is_413(app, db, users):
    client = factories.login(app.test_client(), users["union_staff"])
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/studios/new", data={"description": big})
    assert response.status_code == 413
    assert "文件" in response.get_data(as_text=True) or "过大" in response.get_data(as_text=True)
