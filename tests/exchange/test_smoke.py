def test_home_lists_studios_in_chinese(client, studio):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert studio.name in html
    assert "创新工作室" in html
    assert 'lang="zh-Hans"' in html
