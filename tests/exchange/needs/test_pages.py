"""Posting, validating, reviewing and reading needs through the pages."""
from datetime import date, timedelta

from exchange.needs.kinds import NeedState
from exchange.needs.models import Need
from tests.support import factories


def form_data(**overrides) -> dict:
    data = {
        "title": "输送带跑偏自动纠正装置", "description": "矿用输送带运行中经常跑偏，"
        "人工调整耗时且有安全隐患，需要能自动检测并纠偏的装置。",
        "keywords": "输送带、纠偏, 自动控制", "industry_code": "35", "district_code": "320211",
        "transaction_modes": ["transfer", "license_general"], "budget_min": "50000",
        "budget_max": "200,000", "deadline": (date.today() + timedelta(days=30)).isoformat(),
        "contact_name": "孙工", "contact_phone": "13912345678",
    }
    data.update(overrides)
    return data


def test_enterprise_posts_a_draft_then_submits_it(enterprise_client, db, users):
    response = enterprise_client.post("/needs/new", data=form_data())
    assert response.status_code == 302
    need = db.session.execute(db.select(Need)).scalar_one()
    assert need.state == NeedState.DRAFT
    assert need.enterprise_id == users["enterprise"].enterprise_id
    assert (need.budget_min_fen, need.budget_max_fen) == (5_000_000, 20_000_000)
    assert need.keywords == ["输送带", "纠偏", "自动控制"]
    assert [m.value for m in need.transaction_modes] == ["transfer", "license_general"]
    page = enterprise_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "¥50,000 – ¥200,000" in page and "提交审核" in page
    enterprise_client.post(f"/needs/{need.id}/action", data={"action": "submit"})
    db.session.expire_all()
    assert db.session.get(Need, need.id).state == NeedState.SUBMITTED


def test_bad_input_is_explained_and_kept(enterprise_client, db):
    html = enterprise_client.post("/needs/new", data=form_data(
        budget_min="300000", budget_max="1000", contact_phone="12345",
        deadline=date.today().isoformat(), transaction_modes=[],
        description="保留我输入的需求描述文字，至少二十个字符才够长度要求。")).get_data(as_text=True)
    assert "预算上限低于下限" in html
    assert "带区号的固定电话" in html
    assert "今天之后" in html
    assert "至少选择一种交易方式" in html
    assert "保留我输入的需求描述文字" in html
    assert db.session.execute(db.select(Need)).first() is None


def test_budget_or_negotiable_is_required(enterprise_client, db):
    html = enterprise_client.post("/needs/new", data=form_data(
        budget_min="", budget_max="")).get_data(as_text=True)
    assert "预算面议" in html and db.session.execute(db.select(Need)).first() is None
    ok = enterprise_client.post("/needs/new", data=form_data(
        budget_min="", budget_max="", budget_negotiable="y"))
    assert ok.status_code == 302
    assert db.session.execute(db.select(Need)).scalar_one().budget_negotiable


def test_public_list_shows_published_needs_and_hides_contacts_from_visitors(client, db,
                                                                           users):
    published = factories.make_need(users["enterprise"], "published")
    factories.make_need(users["enterprise"], "submitted", title="尚在审核中的需求标题")
    listing = client.get("/needs/").get_data(as_text=True)
    assert published.title in listing and "尚在审核中的需求标题" not in listing
    page = client.get(f"/needs/{published.id}").get_data(as_text=True)
    assert published.contact_phone not in page and "登录后查看联系方式" in page


def test_staff_review_queue_publishes(staff_client, db, users):
    need = factories.make_need(users["enterprise"], "submitted")
    queue = staff_client.get("/needs/review").get_data(as_text=True)
    assert need.title in queue
    staff_client.post(f"/needs/{need.id}/action", data={"action": "publish", "next": "review"})
    db.session.expire_all()
    assert db.session.get(Need, need.id).state == NeedState.PUBLISHED
    assert need.title not in staff_client.get("/needs/review").get_data(as_text=True)


def test_owner_sees_own_needs_in_every_state(enterprise_client, db, users):
    for state in ("draft", "returned", "published"):
        factories.make_need(users["enterprise"], state, title=f"状态为{state}的需求")
    mine = enterprise_client.get("/needs/mine").get_data(as_text=True)
    assert all(f"状态为{s}的需求" in mine for s in ("draft", "returned", "published"))
    returned = db.session.execute(
        db.select(Need.id).where(Need.state == NeedState.RETURNED)).scalar_one()
    assert "请写明预算范围" in enterprise_client.get(f"/needs/{returned}").get_data(as_text=True)


def industry_select(html: str) -> str:
    """The <select> of the industry field, from its opening tag to its end."""
    start = html.rindex("<select", 0, html.index('name="industry_code"'))
    return html[start:html.index("</select>", start)]


def test_need_form_names_a_need_and_makes_the_industry_a_choice(enterprise_client, db):
    html = enterprise_client.get("/needs/new").get_data(as_text=True)
    assert "需求名称" in html and "成果名称" not in html
    select = industry_select(html)
    # The placeholder comes first, so no division (formerly "01 农业") is preselected.
    assert select.split("<option", 2)[1].startswith(' value="">请选择行业')
    assert "selected" not in select
    refused = enterprise_client.post("/needs/new", data=form_data(industry_code=""))
    assert refused.status_code == 200 and "输送带跑偏自动纠正装置" in refused.text
    assert "is-invalid" in industry_select(refused.text) and "此项为必填项" in refused.text
    assert db.session.execute(db.select(Need)).first() is None


def test_history_starts_with_the_draft(enterprise_client, staff_client, db, users):
    """Like an achievement's, a need's history records its creation first."""
    enterprise_client.post("/needs/new", data=form_data())
    need = db.session.execute(db.select(Need)).scalar_one()
    enterprise_client.post(f"/needs/{need.id}/action", data={"action": "submit"})
    db.session.expire_all()
    steps = db.session.get(Need, need.id).transitions
    assert [(s.from_state, s.to_state) for s in steps] == [
        (None, NeedState.DRAFT), (NeedState.DRAFT, NeedState.SUBMITTED)]
    assert steps[0].actor_id == users["enterprise"].id
    html = staff_client.get(f"/needs/{need.id}").get_data(as_text=True)
    history = html[html.index("流转记录"):]
    assert history.index("草稿") < history.index("待审核")
