"""The operations do what the site does, with its rules: reads as visitors see them,
an enterprise's and a studio's work, the review queue, parties' inquiries, agreements
and an inventor's statement."""
from __future__ import annotations

import io

from exchange.achievements.models import Achievement, Attachment
from exchange.api.catalogue import spans
from exchange.extensions import db as _db
from exchange.inquiries.models import InquiryMessage
from exchange.needs.models import Need
from exchange.search import sync
from tests.exchange.api.conftest import achievement_body, need_body
from tests.support import factories


def test_highlights_become_offsets_into_plain_text():
    found = spans("数控<mark>机床</mark>的 &lt;b&gt; <mark>主轴</mark>")
    assert found["text"] == "数控机床的 <b> 主轴"
    assert [found["text"][a:b] for a, b in found["highlights"]] == ["机床", "主轴"]


def test_search_has_facets_with_counts_and_offsets(api, world, app):
    with app.app_context():
        sync.drain(raise_errors=True)
    body = api().get("/api/v1/search?q=主轴&type=invention_patent").get_json()
    assert body["total"] >= 1 and body["mode"] == "and"
    hit = next(h for h in body["hits"] if h["id"] == world["published"])
    assert hit["kind"] == "achievement"
    assert any(hit["title"]["text"][a:b] == "主轴" for a, b in hit["title"]["highlights"])
    types = {f["value"]: f for f in body["facets"]["type"]}
    assert types["invention_patent"]["count"] >= 1 and types["invention_patent"]["label"]


def test_a_visitor_sees_no_files_and_no_contact_a_signed_in_user_does(api, world):
    achievement = f"/api/v1/achievements/{world['published']}"
    assert api().get(achievement).get_json()["attachments"] == []
    files = api("enterprise").get(achievement).get_json()["attachments"]
    assert [f["filename"] for f in files] == ["spec.pdf"]
    assert files[0]["url"].endswith(f"/attachments/{files[0]['id']}")
    need = f"/api/v1/needs/{world['need']}"
    assert api().get(need).get_json()["contact_phone"] is None
    assert api("enterprise").get(need).get_json()["contact_phone"] == "0510-82701234"


def test_drafts_stay_unknown_to_others(api, world):
    assert api().get(f"/api/v1/achievements/{world['draft']}").status_code == 404
    assert api("enterprise").get(f"/api/v1/achievements/{world['draft']}").status_code == 404
    assert api("studio_member").get(f"/api/v1/achievements/{world['draft']}").status_code == 200


def test_list_filters_are_the_sites(api, world, users, db):
    factories.make_achievement(users["studio_member"], "published", type="technical_breakthrough",
                               patent_number=None, legal_status=None)
    patents = api().get("/api/v1/achievements?type=invention_patent").get_json()
    assert [a["type"] for a in patents] == ["invention_patent"] * len(patents)
    oldest = api().get("/api/v1/achievements?sort=oldest").get_json()
    newest = api().get("/api/v1/achievements").get_json()
    assert [a["id"] for a in oldest] == [a["id"] for a in reversed(newest)]


def test_an_enterprise_posts_submits_and_closes_a_need_staff_publish_it(api, world, db):
    client = api("enterprise")
    made = client.post("/api/v1/needs", json=need_body(title="注塑件飞边自动检测需求"))
    assert made.status_code == 201
    need_id = made.get_json()["id"]
    assert made.get_json()["state"] == "draft"
    act = f"/api/v1/needs/{need_id}/actions"
    assert client.post(act, json={"action": "submit"}).get_json()["state"] == "submitted"
    queue = api("union_staff").get("/api/v1/review/needs").get_json()
    assert need_id in [n["id"] for n in queue]
    refused = api("union_staff").post(act, json={"action": "return"},
                                      headers={"Accept-Language": "en"})
    assert refused.status_code == 422  # the site's rule: a return needs its reason
    assert refused.get_json()["title"] in ("Invalid values", "Not possible now")
    published = api("union_staff").post(act, json={"action": "publish"})
    assert published.get_json()["state"] == "published"
    closed = client.post(act, json={"action": "close_solved"})
    assert closed.status_code == 200 and closed.get_json()["state"] == "closed"
    assert _db.session.get(Need, need_id).state.value == "closed"


def test_staff_return_an_achievement_with_a_reason(api, world, db):
    act = f"/api/v1/achievements/{world['submitted']}/actions"
    returned = api("union_staff").post(act, json={"action": "return",
                                                  "reason": "请补充专利证书扫描件"})
    assert returned.status_code == 200
    body = returned.get_json()
    assert body["state"] == "returned" and body["return_reason"] == "请补充专利证书扫描件"


def test_a_studio_creates_edits_attaches_and_submits(api, world, users, db):
    client = api("studio_member")
    made = client.post("/api/v1/achievements", json=achievement_body(title="焊缝视觉检测系统"))
    assert made.status_code == 201, made.get_json()
    item_id = made.get_json()["id"]
    item = _db.session.get(Achievement, item_id)
    assert [c.user_id for c in item.contributors] == [users["studio_member"].id]
    url = f"/api/v1/achievements/{item_id}"
    etag = client.get(url).headers["ETag"]
    changed = client.patch(url, json={"price_fen": 9_900_000}, headers={"If-Match": etag})
    assert changed.status_code == 200 and changed.get_json()["price_fen"] == 9_900_000
    assert changed.get_json()["title"] == "焊缝视觉检测系统"  # what was not sent stays
    upload = client.post(url + "/attachments",
                         data={"file": (io.BytesIO(b"%PDF-1.4 weld"), "焊缝.pdf")})
    assert upload.status_code == 201 and upload.get_json()["content_type"] == "application/pdf"
    bad = client.post(url + "/attachments",
                      data={"file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "x.pdf")})
    assert bad.status_code == 422 and bad.mimetype == "application/problem+json"
    assert _db.session.execute(_db.select(_db.func.count()).select_from(Attachment).where(
        Attachment.achievement_id == item_id)).scalar_one() == 1
    submitted = client.post(url + "/actions", json={"action": "submit"})
    assert submitted.get_json()["state"] == "submitted"
    locked = client.patch(url, json={"title": "提交后不能改"},
                          headers={"If-Match": client.get(url).headers["ETag"]})
    assert locked.status_code == 403
    again = client.post(url + "/actions", json={"action": "submit"},
                        headers={"Accept-Language": "en"})
    assert again.status_code == 422 and again.get_json()["title"] == "Not possible now"
    assert "errors" not in again.get_json()


def test_another_studio_cannot_touch_the_draft(api, world, other_studio, db):
    from exchange.auth.roles import Role

    stranger = factories.make_user(Role.STUDIO_LEADER, studio=other_studio)
    secret = factories.make_token(stranger)
    client = api()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    url = f"/api/v1/achievements/{world['draft']}"
    assert client.patch(url, json={"title": "别人的草稿"},
                        headers={"If-Match": '"x"'}).status_code == 404
    assert client.post(url + "/actions", json={"action": "submit"}).status_code == 404


def test_parties_read_and_write_the_inquiry_thread(api, world, db):
    url = f"/api/v1/inquiries/{world['inquiry']}"
    listed = api("studio_member").get("/api/v1/inquiries").get_json()
    assert world["inquiry"] in [i["id"] for i in listed]
    posted = api("studio_member").post(url + "/messages", json={"body": "可以安排现场演示"})
    assert posted.status_code == 201
    thread = api("enterprise").get(url).get_json()["messages"]
    assert thread[-1]["body"] == "可以安排现场演示"
    empty = api("enterprise").post(url + "/messages", json={"body": ""},
                                   headers={"Accept-Language": "en"})
    assert empty.status_code == 422
    assert empty.get_json()["errors"] == [{"field": "body", "detail": "Write a message."}]
    assert _db.session.execute(_db.select(_db.func.count()).select_from(
        InquiryMessage).where(InquiryMessage.body == "")).scalar_one() == 0


def test_an_inventor_reads_their_own_statement(api, users, db):
    from datetime import date

    from exchange.agreements import money
    from exchange.auth.roles import Role

    staff, author = users["union_staff"], users["studio_member"]
    deal = factories.make_agreement(
        users["enterprise"], factories.make_achievement(author, "published"), staff, "active",
        shares=[("inventor", "成员甲", 6000, author.id), ("studio_fund", "工作室", 2000, None),
                ("employer_unit", "单位", 1500, None), ("platform", "平台", 500, None)])
    money.record_receipt(deal, staff, key="api-1", amount_fen=1_000_000, on=date.today(),
                         reference="回单")
    _db.session.commit()
    mine = api("studio_member").get("/api/v1/me/statement").get_json()
    assert [(s["beneficiary"], s["share_bp"], s["allocated_fen"]) for s in mine] == [
        ("成员甲", 6000, 600_000)]
    assert api("enterprise").get("/api/v1/me/statement").get_json() == []
    agreement = api("enterprise").get(f"/api/v1/agreements/{deal.id}").get_json()
    assert agreement["received_fen"] == 1_000_000
    assert sum(s["allocated_fen"] for s in agreement["shares"]) == 1_000_000
    outsider = factories.make_user(Role.ENTERPRISE, name="旁观企业")
    client = api()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {factories.make_token(outsider)}"
    assert client.get(f"/api/v1/agreements/{deal.id}").status_code == 404
