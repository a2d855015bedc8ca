"""The search page as a visitor uses it."""
from tests.support import factories


def test_traditional_query_finds_and_highlights(client, db, users):
    factories.make_achievement(users["studio_member"], "published")  # 数控机床主轴…
    html = client.get("/search/?q=數控機床").get_data(as_text=True)
    assert "<mark>数控机床</mark>" in html
    assert 'id="search-results"' in html


def test_facets_narrow_and_count(client, db, users):
    member = users["studio_member"]
    factories.make_achievement(member, "published", title="主轴轴承润滑改进", industry_code="34")
    factories.make_achievement(member, "published", title="主轴电机温升控制", industry_code="38")
    html = client.get("/search/?q=主轴").get_data(as_text=True)
    assert 'data-facet="division"' in html and "共 2 条结果" in html
    narrowed = client.get("/search/?q=主轴&division=38").get_data(as_text=True)
    assert "温升控制" in narrowed and "轴承润滑" not in narrowed


def test_nothing_found_and_drafts_hidden(client, db, users):
    factories.make_achievement(users["studio_member"], "draft", title="草稿里的秘密工艺")
    html = client.get("/search/?q=秘密工艺").get_data(as_text=True)
    assert 'id="no-results"' in html and "秘密工艺" in html  # echoed query only
    assert "search-results" not in html


def test_search_box_on_every_page(client, db):
    for path in ("/", "/studios/", "/achievements/", "/auth/login"):
        assert 'id="nav-search"' in client.get(path).get_data(as_text=True)


def test_query_is_escaped(client, db):
    html = client.get("/search/?q=<script>x</script>").get_data(as_text=True)
    assert "<script>x</script>" not in html


def test_patent_number_is_searchable_however_written(client, db, users):
    member = users["studio_member"]
    wanted = factories.make_achievement(member, "published", title="主轴热变形补偿装置",
                                        patent_number=factories.valid_patent_number("1", 123456))
    factories.make_achievement(member, "published", title="导轨润滑改进装置",
                               patent_number=factories.valid_patent_number("1", 123457))
    assert wanted.patent_number == "CN202310123456.6"
    for query in ("CN202310123456.6", "202310123456", "ＣＮ２０２３１０１２３４５６．６"):
        html = client.get("/search/", query_string={"q": query}).get_data(as_text=True)
        assert "主轴热变形补偿装置" in html and "导轨润滑改进装置" not in html, query
        assert "共 1 条结果" in html
