"""Enterprises save published achievements and find them again."""
from exchange.favourites.models import Favourite
from tests.support import factories


def test_save_list_and_unsave(enterprise_client, db, users):
    item = factories.make_achievement(users["studio_member"], "published",
                                      title="开关柜局部放电带电检测方法")
    page = enterprise_client.get(f"/achievements/{item.id}").get_data(as_text=True)
    assert "☆ 收藏" in page
    enterprise_client.post(f"/favourites/{item.id}")
    assert "★ 已收藏" in enterprise_client.get(f"/achievements/{item.id}").get_data(as_text=True)
    assert item.title in enterprise_client.get("/favourites/").get_data(as_text=True)
    enterprise_client.post(f"/favourites/{item.id}")
    assert db.session.execute(db.select(Favourite)).first() is None
    assert "还没有收藏" in enterprise_client.get("/favourites/").get_data(as_text=True)


def test_a_withdrawn_favourite_stays_listed_but_not_clickable(enterprise_client, db, users):
    from exchange.achievements import workflow

    item = factories.make_achievement(users["studio_member"], "published", title="已撤回成果")
    enterprise_client.post(f"/favourites/{item.id}")
    workflow.apply(users["union_staff"], item, "withdraw")
    db.session.commit()
    listing = enterprise_client.get("/favourites/").get_data(as_text=True)
    assert "已撤回成果" in listing and f'href="/achievements/{item.id}"' not in listing
