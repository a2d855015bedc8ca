def test_home_lists_studios_in_chinese(client, studio):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert studio.name in html
    assert "创新工作室" in html
    assert 'lang="zh-Hans"' in html


def test_assets_are_served_by_the_app_not_a_cdn(client, db):
    import re

    html = client.get("/").get_data(as_text=True)
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        assert client.get(asset.split("?")[0]).status_code == 200, asset
