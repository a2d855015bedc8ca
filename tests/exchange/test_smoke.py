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


def test_favicon_is_served_and_linked(client, db):
    """Our own icon, no CDN: /favicon.ico (asked by every browser) and the SVG in base.html."""
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert icon.mimetype == "image/vnd.microsoft.icon"
    html = client.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in html and 'href="/favicon.ico"' in html
    assert client.get("/static/favicon.svg").status_code == 200
