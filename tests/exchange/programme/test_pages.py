"""The activity log and the targets through the pages, in the default language (zh_Hans)."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from exchange.auth.roles import Role
from exchange.db_types import local_today
from exchange.programme import services
from exchange.programme.models import Activity, Target
from tests.support import factories

TODAY = local_today()


def form_data(**overrides) -> dict:
    data = {"kind": "training", "held_on": (TODAY - timedelta(days=2)).isoformat(),
            "topic": "精密零件数控加工技能培训", "participants": "36",
            "description": "面向一线操作工，讲解五轴加工中心编程与装夹。"}
    data.update(overrides)
    return data


def test_member_records_an_activity_for_their_studio(member_client, db, users, studio):
    page = member_client.get("/programme/activities/new").get_data(as_text=True)
    assert "记录活动" in page and 'name="studio"' not in page
    response = member_client.post("/programme/activities/new", data=form_data())
    assert response.status_code == 302
    entry = db.session.execute(db.select(Activity)).scalar_one()
    assert (entry.studio_id, entry.participants, entry.verified) == (studio.id, 36, False)
    listing = member_client.get("/programme/activities").get_data(as_text=True)
    assert "精密零件数控加工技能培训" in listing and "待审核确认" in listing


def test_bad_input_is_explained_and_kept(member_client, db):
    html = member_client.post("/programme/activities/new", data=form_data(
        held_on=(TODAY + timedelta(days=1)).isoformat(), topic="培", participants="0",
        description="保留我写下的活动说明")).get_data(as_text=True)
    assert "日期不能晚于今天" in html
    assert "请输入2至200个字符" in html
    assert "培训请填写参加人次（至少1）" in html
    assert "保留我写下的活动说明" in html
    html = member_client.post("/programme/activities/new", data=form_data(
        kind="", held_on="2026-13-45", participants="三十", topic="",
        description="字" * 5001)).get_data(as_text=True)
    assert "请选择活动类型" in html and "请按 YYYY-MM-DD 格式输入日期" in html
    assert "请输入整数" in html and "此项为必填项" in html and "最多可输入5000个字符" in html
    html = member_client.post("/programme/activities/new", data=form_data(
        held_on="1999-12-31", participants="100001")).get_data(as_text=True)
    assert "请输入2000年及以后的日期" in html and "请输入0至100000之间的整数" in html
    assert db.session.execute(db.select(Activity)).first() is None


def test_staff_choose_the_studio(staff_client, db, other_studio):
    html = staff_client.post("/programme/activities/new",
                             data=form_data(studio="")).get_data(as_text=True)
    assert "请选择工作室" in html
    assert f'value="{other_studio.id}"' in staff_client.get(
        f"/programme/activities/new?studio={other_studio.id}").get_data(as_text=True)
    response = staff_client.post("/programme/activities/new",
                                 data=form_data(studio=str(other_studio.id), kind="tackling",
                                                participants="0"))
    assert response.status_code == 302
    assert db.session.execute(db.select(Activity)).scalar_one().studio_id == other_studio.id


def test_member_edits_until_verified(member_client, staff_client, db, users, studio):
    entry = factories.make_activity(studio, users["studio_leader"])
    assert "精密" not in member_client.get(f"/programme/activities/{entry.id}/edit").get_data(
        as_text=True)
    member_client.post(f"/programme/activities/{entry.id}/edit", data=form_data())
    db.session.expire_all()
    assert db.session.get(Activity, entry.id).topic == "精密零件数控加工技能培训"
    staff_client.post(f"/programme/activities/{entry.id}/verify")
    response = member_client.get(f"/programme/activities/{entry.id}/edit")
    assert response.status_code == 302
    listing = member_client.get("/programme/activities").get_data(as_text=True)
    assert "已审核确认，不能再修改" in listing
    assert f"/programme/activities/{entry.id}/edit" not in listing
    member_client.post(f"/programme/activities/{entry.id}/delete")
    db.session.expire_all()
    assert db.session.get(Activity, entry.id) is not None


def test_other_studios_entries_are_unknown(member_client, db, other_studio):
    outsider = factories.make_user(Role.STUDIO_MEMBER, studio=other_studio)
    entry = factories.make_activity(other_studio, outsider, topic="外单位的培训")
    assert "外单位的培训" not in member_client.get("/programme/activities").get_data(
        as_text=True)
    assert member_client.get(f"/programme/activities/{entry.id}/edit").status_code == 404
    assert member_client.post(f"/programme/activities/{entry.id}/delete").status_code == 404
    assert member_client.post(f"/programme/activities/{entry.id}/verify").status_code == 403


def test_staff_verify_toggle_and_return_to_the_filtered_list(staff_client, db, users, studio):
    entry = factories.make_activity(studio, users["studio_member"])
    back = "/programme/activities?kind=training"
    response = staff_client.post(f"/programme/activities/{entry.id}/verify", data={"next": back})
    assert response.headers["Location"] == back
    db.session.expire_all()
    assert db.session.get(Activity, entry.id).verified_by_id == users["union_staff"].id
    staff_client.post(f"/programme/activities/{entry.id}/verify",
                      data={"next": "https://evil.example.com/"})
    db.session.expire_all()
    assert not db.session.get(Activity, entry.id).verified


def test_delete_asks_first_then_removes(member_client, db, users, studio):
    entry = factories.make_activity(studio, users["studio_member"])
    listing = member_client.get("/programme/activities").get_data(as_text=True)
    assert "confirm(" in listing and json.dumps("确定删除这条记录")[1:-1] in listing
    assert "confirm(" in member_client.get(f"/programme/activities/{entry.id}/edit").get_data(
        as_text=True)
    member_client.post(f"/programme/activities/{entry.id}/delete")
    assert db.session.execute(db.select(Activity)).first() is None


def test_staff_filter_all_studios_with_totals(staff_client, db, users, studio, other_studio):
    outsider = factories.make_user(Role.STUDIO_MEMBER, studio=other_studio)
    factories.make_activity(studio, users["studio_member"], participants=30, verified=True)
    factories.make_activity(studio, users["studio_member"], participants=12)
    factories.make_activity(other_studio, outsider, "party_building", participants=8)
    html = staff_client.get("/programme/activities").get_data(as_text=True)
    assert studio.name in html and other_studio.name in html
    assert 'data-kind="training"><td>培训（培训）' not in html  # label is translated once
    html = staff_client.get(f"/programme/activities?year={TODAY.year}&studio={studio.id}"
                            "&verified=&kind=").get_data(as_text=True)
    training = html.split('data-kind="training"')[1].split("</tr>")[0]
    assert ">2<" in training and "42 人次" in training and "30 人次" in training
    assert other_studio.name not in html.split('id="activity-list"')[1]
    html = staff_client.get("/programme/activities?verified=yes&kind=party_building").get_data(
        as_text=True)
    assert 'id="no-activities"' in html


def test_last_years_entries_need_the_year_filter(member_client, db, users, studio):
    factories.make_activity(studio, users["studio_member"], topic="去年的培训",
                            held_on=date(TODAY.year - 1, 5, 4))
    assert "去年的培训" not in member_client.get("/programme/activities").get_data(as_text=True)
    assert "去年的培训" in member_client.get("/programme/activities?year=").get_data(
        as_text=True)
    assert "去年的培训" in member_client.get(
        f"/programme/activities?year={TODAY.year - 1}").get_data(as_text=True)


def test_the_log_is_paginated(app, staff_client, db, users, studio):
    per_page = app.config["PER_PAGE"]
    for n in range(per_page + 1):
        services.record(users["studio_member"], factories.activity_values(topic=f"培训第{n}期"))
    db.session.commit()
    first = staff_client.get("/programme/activities").get_data(as_text=True)
    assert first.count('<tr id="activity-') == per_page
    second = staff_client.get("/programme/activities?page=2").get_data(as_text=True)
    assert second.count('<tr id="activity-') == 1


def test_navigation_links(member_client, staff_client, enterprise_client, db):
    assert 'id="nav-activities"' in member_client.get("/").get_data(as_text=True)
    staff_home = staff_client.get("/").get_data(as_text=True)
    assert 'id="menu-activities"' in staff_home and 'id="nav-activities"' not in staff_home
    assert "/programme/activities" not in enterprise_client.get("/").get_data(as_text=True)


# --- targets ----------------------------------------------------------------------------

def test_targets_page_shows_defaults_then_saves(staff_client, db, users):
    html = staff_client.get("/programme/targets").get_data(as_text=True)
    assert f"{TODAY.year}年度目标" in html and 'value="2000"' in html
    assert "尚未设定" in html
    response = staff_client.post("/programme/targets?year=2027", data={
        "training": "2500", "innovations": "520", "patents": "55", "party_building": "44"})
    assert response.headers["Location"].endswith("/programme/targets?year=2027")
    target = db.session.get(Target, 2027)
    assert (target.training, target.party_building, target.updated_by_id) == (
        2500, 44, users["union_staff"].id)
    html = staff_client.get("/programme/targets?year=2027").get_data(as_text=True)
    assert 'value="2500"' in html and users["union_staff"].name in html
    assert db.session.get(Target, TODAY.year) is None


@pytest.mark.parametrize(("value", "message"), [
    ("-5", "请输入0至1000000之间的整数"), ("", "此项为必填项"), ("2.5", "请输入整数"),
])
def test_bad_targets_are_explained(staff_client, db, value, message):
    html = staff_client.post("/programme/targets", data={
        "training": value, "innovations": "500", "patents": "50",
        "party_building": "42"}).get_data(as_text=True)
    assert message in html
    assert db.session.execute(db.select(Target)).first() is None


def test_an_impossible_year_falls_back_to_this_year(staff_client, db):
    html = staff_client.get("/programme/targets?year=1990").get_data(as_text=True)
    assert "请选择2000至2100之间的年份" in html and f"{TODAY.year}年度目标" in html


def test_staff_filter_the_log_by_the_studios_district_and_industry(
        staff_client, member_client, db, users, studio):
    """The dashboard's area filters: by the studio's district and industry section."""
    elsewhere = factories.make_studio(district_id=factories.district_id("320282"),
                                      industry_code="44")  # section D
    outsider = factories.make_user(Role.STUDIO_MEMBER, studio=elsewhere)
    factories.make_activity(studio, users["studio_member"], topic="梁溪的培训")
    factories.make_activity(elsewhere, outsider, topic="宜兴的培训")
    for query, shown, hidden in (("district=320213", "梁溪的培训", "宜兴的培训"),
                                 ("district=320282", "宜兴的培训", "梁溪的培训"),
                                 ("industry=C", "梁溪的培训", "宜兴的培训"),
                                 ("industry=D&district=320282", "宜兴的培训", "梁溪的培训")):
        html = staff_client.get(f"/programme/activities?{query}").get_data(as_text=True)
        assert shown in html and hidden not in html, query
    html = staff_client.get("/programme/activities?district=320213&industry=D").get_data(
        as_text=True)
    assert 'id="no-activities"' in html
    # A studio's own log has no such filters, and ignores them in the address.
    html = member_client.get("/programme/activities?district=320282").get_data(as_text=True)
    assert 'name="district"' not in html and "梁溪的培训" in html
