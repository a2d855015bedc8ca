"""Every paginated list: a page past the end redirects to the last page (the shared
pagination helper), never a count over an empty list."""
import pytest

from tests.support import factories


@pytest.fixture
def app_config():
    return {"PER_PAGE": 2}


def test_database_lists_redirect_past_the_end_to_the_last_page(client, db, users):
    for n in range(5):
        factories.make_achievement(users["studio_member"], "published", title=f"主轴改进装置{n}")
    response = client.get("/achievements/?page=999&sort=newest")
    assert response.status_code == 302
    assert response.headers["Location"] in ("/achievements/?page=3&sort=newest",
                                            "/achievements/?sort=newest&page=3")
    last = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "主轴改进装置0" in last  # the oldest, alone on the last page
    assert client.get("/achievements/?page=3").status_code == 200
    # An empty list has one page; its filters are kept.
    empty = client.get("/studios/?q=没有这个名字&page=4")
    assert empty.status_code == 302 and empty.headers["Location"].startswith("/studios/?q=")
    assert "page=" not in empty.headers["Location"]


def test_search_past_the_end_redirects_to_the_last_page(client, db, users, monkeypatch):
    from exchange.search import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    for n in range(3):
        factories.make_achievement(users["studio_member"], "published", title=f"研究装置{n}")
    response = client.get("/search/", query_string={"q": "研究装置", "page": 999})
    assert response.status_code == 302 and "page=2" in response.headers["Location"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "共 3 条结果" in html and 'id="search-results"' in html
