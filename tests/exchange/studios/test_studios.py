"""Studio profiles: creation by staff, editing by their leader, public list and pages."""
from exchange.auth.roles import Role
from exchange.studios.models import InnovationKind, Studio
from tests.support import factories


def _form(db, **changes):
    data = factories.studio_data(**changes)
    data["innovation_kinds"] = data["innovation_kinds"]
    data["is_demonstration"] = "y" if data["is_demonstration"] else ""
    return {k: v for k, v in data.items() if v != ""}


def test_staff_creates_studio(staff_client, db):
    form = _form(db, name="李树民劳模创新工作室", innovation_kinds=["technology", "management"],
                 is_demonstration=True, party_building="pioneer_post")
    response = staff_client.post("/studios/new", data=form)
    assert response.status_code == 302
    studio = db.session.execute(
        db.select(Studio).filter_by(name="李树民劳模创新工作室")
    ).scalar_one()
    assert studio.innovation_kinds == [InnovationKind.TECHNOLOGY, InnovationKind.MANAGEMENT]
    assert studio.is_demonstration and studio.party_building.value == "pioneer_post"
    page = staff_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "李树民劳模创新工作室" in page and "党员先锋岗" in page and "管理创新" in page


def test_invalid_studio_form_keeps_input(staff_client, db, studio):
    form = _form(db, name=studio.name, founded_year="1800", contact_phone="call me",
                 innovation_kinds=[])
    form["employer_unit"] = "无锡保留输入测试单位"
    html = staff_client.post("/studios/new", data=form).get_data(as_text=True)
    assert "1949" in html  # founding year range
    assert "无锡保留输入测试单位" in html
    assert html.count("is-invalid") >= 3
    assert len(db.session.execute(db.select(Studio)).all()) == 1


def test_duplicate_studio_name_is_refused(staff_client, db, studio):
    html = staff_client.post("/studios/new", data=_form(db, name=studio.name)
                             ).get_data(as_text=True)
    assert "已存在同名工作室" in html
    assert len(db.session.execute(db.select(Studio)).all()) == 1


def test_leader_edits_own_studio(leader_client, db, studio):
    form = _form(db, name=studio.name, description="新的工作室简介：专注数控机床改造。")
    response = leader_client.post(f"/studios/{studio.id}/edit", data=form)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Studio, studio.id).description.startswith("新的工作室简介")


def test_edit_form_is_prefilled(leader_client, studio):
    html = leader_client.get(f"/studios/{studio.id}/edit").get_data(as_text=True)
    assert f'value="{studio.name}"' in html
    assert 'value="technology" checked' in html or 'checked value="technology"' in html \
        or ('checked' in html and 'value="technology"' in html)


def test_member_of_another_studio_cannot_edit(db, studio, other_studio, app):
    member = factories.make_user(Role.STUDIO_MEMBER, studio=other_studio)
    client = factories.login(app.test_client(), member)
    assert client.get(f"/studios/{studio.id}/edit").status_code == 403
    response = client.post(f"/studios/{studio.id}/edit", data=_form(db, name="被篡改的名字"))
    assert response.status_code == 403
    assert "无权访问" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Studio, studio.id).name != "被篡改的名字"


def test_leader_cannot_edit_another_studio(leader_client, other_studio):
    assert leader_client.get(f"/studios/{other_studio.id}/edit").status_code == 403
    assert leader_client.get(f"/studios/{other_studio.id}/members").status_code == 403


def test_member_cannot_edit_own_studio(member_client, studio):
    assert member_client.get(f"/studios/{studio.id}/edit").status_code == 403


def test_public_list_filters_and_paginates(client, db):
    binhu = factories.studio_data()["district_id"]  # 梁溪区 by default
    for i in range(23):
        factories.make_studio(name=f"分页{i:02d}号工匠创新工作室")
    factories.make_studio(name="滨湖电力劳模创新工作室", industry_code="44",
                          honour_level="national",
                          district_id=_district("320211", db))
    html = client.get("/studios/").get_data(as_text=True)
    assert "24" in html and "page=2" in html
    assert client.get("/studios/?page=2").status_code == 200
    only = client.get("/studios/?district=320211").get_data(as_text=True)
    assert "滨湖电力劳模创新工作室" in only and "分页00号" not in only
    by_industry = client.get("/studios/?industry=D").get_data(as_text=True)
    assert "滨湖电力劳模创新工作室" in by_industry and "分页00号" not in by_industry
    by_honour = client.get("/studios/?honour=national").get_data(as_text=True)
    assert "滨湖电力劳模创新工作室" in by_honour and "分页00号" not in by_honour
    assert binhu


def _district(code, db):
    from exchange.reference.models import District

    return db.session.execute(db.select(District.id).filter_by(code=code)).scalar_one()


def test_empty_state_and_bad_filter(client, db):
    html = client.get("/studios/?district=nowhere").get_data(as_text=True)
    assert client.get("/studios/?district=nowhere").status_code == 200
    assert "没有符合" in client.get("/studios/?q=不存在的名字").get_data(as_text=True)
    assert "<table" not in html or "studio-list" not in html


def test_studio_page_is_public_and_404_for_unknown(client, studio):
    page = client.get(f"/studios/{studio.id}").get_data(as_text=True)
    assert studio.name in page and studio.employer_unit in page
    assert client.get("/studios/999999").status_code == 404


def test_mine_redirects_members_to_their_studio(member_client, studio):
    response = member_client.get("/studios/mine")
    assert response.headers["Location"].endswith(f"/studios/{studio.id}")


def test_list_orders_by_honour_level(client, db):
    factories.make_studio(name="乙区级工作室", honour_level="district")
    factories.make_studio(name="甲全国级工作室", honour_level="national")
    factories.make_studio(name="丙省级工作室", honour_level="provincial")
    html = client.get("/studios/").get_data(as_text=True)
    positions = [html.index(n) for n in ("甲全国级工作室", "丙省级工作室", "乙区级工作室")]
    assert positions == sorted(positions)


def test_new_studio_has_no_preselected_industry(staff_client, db):
    html = staff_client.get("/studios/new").get_data(as_text=True)
    select = html[html.index('name="industry_code"'):]
    select = select[:select.index("</select>")]
    assert select.split("<option", 2)[1].startswith(' value="">请选择行业')
    assert "selected" not in select
    refused = staff_client.post("/studios/new", data=_form(db, name="未选行业的工作室",
                                                          industry_code=""))
    assert refused.status_code == 200 and "此项为必填项" in refused.text
    assert db.session.execute(db.select(Studio).filter_by(name="未选行业的工作室")).first() is None
