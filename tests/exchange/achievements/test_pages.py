"""Creating, editing, listing and viewing achievements through the pages."""
import pytest

from exchange.achievements.kinds import State
from exchange.achievements.models import Achievement
from exchange.auth.roles import Role
from tests.support import factories


def form_data(member, **changes):
    data = {
        "title": "高压开关柜局部放电带电检测方法",
        "abstract": "利用特高频与超声波联合检测，在不停电条件下定位开关柜内部局部放电缺陷。",
        "keywords": "开关柜、局部放电、带电检测",
        "type": "invention_patent", "patent_number": factories.valid_patent_number("1"),
        "legal_status": "granted", "industry_code": "44", "trl": "8",
        "transaction_modes": ["transfer", "license_exclusive"], "price": "280,000",
        "benefit": "1200000.50", "contributors-0": str(member.id),
    }
    data.update(changes)
    return data


def test_member_creates_a_draft(member_client, db, users):
    member = users["studio_member"]
    response = member_client.post("/achievements/new", data=form_data(
        member, **{"contributors-1": str(users["studio_leader"].id)}))
    assert response.status_code == 302
    item = db.session.execute(db.select(Achievement)).scalar_one()
    assert item.state == State.DRAFT and item.studio_id == member.studio_id
    assert item.price_fen == 28_000_000 and item.benefit_fen == 120_000_050
    assert item.keywords == ["开关柜", "局部放电", "带电检测"]
    assert [c.user_id for c in item.contributors] == [member.id, users["studio_leader"].id]
    assert [m.value for m in item.transaction_modes] == ["transfer", "license_exclusive"]
    page = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "280,000" in page and "1,200,000.50" in page and "提交审核" in page


def test_bad_input_is_explained_and_kept(member_client, db, users):
    member = users["studio_member"]
    number = factories.valid_patent_number("2")  # a utility-model number on an invention
    html = member_client.post("/achievements/new", data=form_data(
        member, title="", patent_number=number, price="12.345", trl="",
        transaction_modes=[], abstract="保留我输入的简介文字")).get_data(as_text=True)
    assert "此项为必填项" in html
    assert number in html and "保留我输入的简介文字" in html
    assert "第五位" in html or "第5位" in html
    assert "两位小数" in html
    assert db.session.execute(db.select(Achievement)).first() is None


def test_patent_fields_only_for_patents(member_client, db, users):
    html = member_client.post("/achievements/new", data=form_data(
        users["studio_member"], type="technical_breakthrough")).get_data(as_text=True)
    assert "只有专利" in html or "仅专利" in html
    ok = member_client.post("/achievements/new", data=form_data(
        users["studio_member"], type="technical_breakthrough", patent_number="",
        legal_status="", price="", price_negotiable="y"))
    assert ok.status_code == 302
    assert db.session.execute(db.select(Achievement)).scalar_one().price_negotiable


def test_contributors_must_be_studio_members(member_client, db, users, other_studio):
    outsider = factories.make_user(Role.STUDIO_MEMBER, studio=other_studio)
    html = member_client.post("/achievements/new", data=form_data(
        users["studio_member"], **{"contributors-0": str(outsider.id)})).get_data(as_text=True)
    assert "is-invalid" in html
    assert db.session.execute(db.select(Achievement)).first() is None


def test_edit_only_drafts_and_returned_items_of_own_studio(app, db, users, other_studio):
    member = users["studio_member"]
    draft = factories.make_achievement(member, "draft")
    published = factories.make_achievement(member, "published")
    client = factories.login(app.test_client(), member)
    assert client.get(f"/achievements/{draft.id}/edit").status_code == 200
    assert client.get(f"/achievements/{published.id}/edit").status_code == 403
    changed = client.post(f"/achievements/{draft.id}/edit",
                          data=form_data(member, title="修改后的标题"))
    assert changed.status_code == 302
    outsider = factories.login(app.test_client(),
                               factories.make_user(Role.STUDIO_MEMBER, studio=other_studio))
    assert outsider.get(f"/achievements/{draft.id}/edit").status_code == 404  # unseen draft
    assert outsider.post(f"/achievements/{published.id}/edit",
                         data=form_data(member)).status_code == 403
    db.session.expire_all()
    assert db.session.get(Achievement, draft.id).title == "修改后的标题"


def test_edit_form_is_prefilled(member_client, db, users):
    item = factories.make_achievement(users["studio_member"], "draft")
    html = member_client.get(f"/achievements/{item.id}/edit").get_data(as_text=True)
    assert item.patent_number in html and 'value="150000"' in html
    assert "数控机床、主轴、故障诊断" in html


def test_delete_draft(member_client, db, users):
    item = factories.make_achievement(users["studio_member"], "draft")
    assert member_client.post(f"/achievements/{item.id}/delete").status_code == 302
    assert db.session.execute(db.select(Achievement)).first() is None


def test_public_list_shows_only_published(client, db, users):
    member = users["studio_member"]
    items = {s: factories.make_achievement(member, s, title=f"状态{s}的成果")
             for s in ("draft", "submitted", "published", "returned", "withdrawn", "traded")}
    html = client.get("/achievements/").get_data(as_text=True)
    assert "状态published的成果" in html
    for state in ("draft", "submitted", "returned", "withdrawn", "traded"):
        assert f"状态{state}的成果" not in html
        assert client.get(f"/achievements/{items[state].id}").status_code == 404
    assert client.get(f"/achievements/{items['published'].id}").status_code == 200


def test_public_list_filters_sorts_and_paginates(client, db, users, other_studio):
    member = users["studio_member"]
    for i in range(22):
        factories.make_achievement(member, "published", title=f"分页成果{i:02d}")
    other = factories.make_user(Role.STUDIO_MEMBER, studio=other_studio)
    factories.make_achievement(
        other, "published", title="工艺工法：焊接变形控制", type="process_method",
        patent_number=None, legal_status=None, industry_code="36", trl=5,
        transaction_modes=["technical_service"])
    first = client.get("/achievements/").get_data(as_text=True)
    assert "page=2" in first and "23" in first
    assert "工艺工法：焊接变形控制" in first  # newest first
    oldest = client.get("/achievements/?sort=oldest").get_data(as_text=True)
    assert "分页成果00" in oldest and "工艺工法：焊接变形控制" not in oldest
    for query in ("type=process_method", "industry=36", "trl=5", "mode=technical_service",
                  f"studio={other_studio.id}", "q=焊接"):
        html = client.get(f"/achievements/?{query}").get_data(as_text=True)
        assert "工艺工法：焊接变形控制" in html and "分页成果00" not in html, query
    assert "没有" in client.get("/achievements/?trl=1").get_data(as_text=True)
    assert client.get("/achievements/?trl=abc&type=nonsense").status_code == 200


def test_studio_dashboard_counts_states(member_client, db, users):
    member = users["studio_member"]
    for state in ("draft", "draft", "submitted", "published"):
        factories.make_achievement(member, state)
    html = member_client.get(f"/achievements/studio/{member.studio_id}").get_data(as_text=True)
    assert html.count('class="fs-4 fw-bold">2<') == 1
    only_drafts = member_client.get(f"/achievements/studio/{member.studio_id}?state=draft")
    assert only_drafts.get_data(as_text=True).count("list-group-item py-3") == 2


@pytest.mark.parametrize("role", ["enterprise", "studio_member"])
def test_other_dashboards_are_forbidden(client_for, other_studio, role):
    assert client_for(role).get(f"/achievements/studio/{other_studio.id}").status_code == 403


def test_studio_page_links_to_its_published_achievements(client, db, users, studio):
    factories.make_achievement(users["studio_member"], "published", title="本室的成果甲")
    page = client.get(f"/studios/{studio.id}").get_data(as_text=True)
    assert f"/achievements/?studio={studio.id}" in page and "(1)" in page
    listing = client.get(f"/achievements/?studio={studio.id}").get_data(as_text=True)
    assert "本室的成果甲" in listing and studio.name in listing


def test_review_queue_searches_unpublished_text(staff_client, db, users):
    member = users["studio_member"]
    factories.make_achievement(member, "submitted", title="甲成果",
                               abstract="利用余热回收降低能耗", keywords=["节能降耗"])
    factories.make_achievement(member, "submitted", title="乙成果", abstract="焊接机器人")
    html = staff_client.get("/achievements/review?text=餘熱回收").get_data(as_text=True)
    assert "甲成果" in html and "乙成果" not in html
    by_keyword = staff_client.get("/achievements/review?text=节能降耗").get_data(as_text=True)
    assert "甲成果" in by_keyword and "乙成果" not in by_keyword


def test_industry_is_a_choice_not_a_default(member_client, db, users):
    """Like the need form: an empty placeholder first (the studio's own industry is
    proposed, never the first division), and no industry means an error."""
    html = member_client.get("/achievements/new").get_data(as_text=True)
    select = html[html.index('name="industry_code"'):]
    select = select[:select.index("</select>")]
    assert select.split("<option", 2)[1].startswith(' value="">请选择行业')
    assert '<option selected value="34">' in select  # the studio's industry
    refused = member_client.post("/achievements/new",
                                 data=form_data(users["studio_member"], industry_code=""))
    assert refused.status_code == 200 and "高压开关柜局部放电带电检测方法" in refused.text
    assert db.session.execute(db.select(Achievement)).first() is None


def test_benefit_not_given_is_not_zero(member_client, db, users):
    """An empty 创效金额 is "not given", not ¥0; a typed 0 stays ¥0."""
    member = users["studio_member"]
    # Two patents: one live achievement per application number.
    for title, benefit, serial in (("没有填写金额的成果项目", "", 1),
                                   ("金额为零的成果项目", "0", 2)):
        member_client.post("/achievements/new", data=form_data(
            member, title=title, benefit=benefit,
            patent_number=factories.valid_patent_number(serial=serial)))
    items = {a.title: a for a in db.session.execute(db.select(Achievement)).scalars()}
    assert items["没有填写金额的成果项目"].benefit_fen is None
    assert items["金额为零的成果项目"].benefit_fen == 0
    empty = member_client.get(f"/achievements/{items['没有填写金额的成果项目'].id}").text
    benefit = empty[empty.index("<dt>创效金额"):][:300]
    assert "未填写" in benefit and "¥0" not in benefit
    zero = member_client.get(f"/achievements/{items['金额为零的成果项目'].id}").text
    assert "¥0<" in zero[zero.index("<dt>创效金额"):][:300]
    edit = member_client.get(f"/achievements/{items['没有填写金额的成果项目'].id}/edit").text
    assert 'name="benefit" type="text" value=""' in edit or 'name="benefit" type="text">' in edit
