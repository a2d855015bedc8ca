"""Inquiry threads: who reads them, who moves them on, who hears about it."""
import pytest

from exchange.auth.roles import Role
from exchange.inquiries import services
from exchange.inquiries.kinds import InquiryState
from exchange.inquiries.models import Inquiry
from exchange.notifications.models import Notification
from exchange.services_base import DomainError, Refused
from tests.support import factories


@pytest.fixture
def inquiry(db, users):
    item = factories.make_achievement(users["studio_member"], "published",
                                      title="数控机床主轴故障在线诊断装置")
    return factories.make_inquiry(users["enterprise"], item)


def test_enterprise_opens_an_inquiry_from_the_achievement_page(enterprise_client, db, users):
    item = factories.make_achievement(users["studio_member"], "published")
    page = enterprise_client.get(f"/achievements/{item.id}").get_data(as_text=True)
    assert 'id="open-inquiry"' in page
    response = enterprise_client.post(f"/inquiries/open/{item.id}",
                                      data={"body": "能否在我司两台车床上试用？"})
    inquiry = db.session.execute(db.select(Inquiry)).scalar_one()
    assert response.headers["Location"].endswith(f"/inquiries/{inquiry.id}")
    assert inquiry.state == InquiryState.OPEN and inquiry.messages[0].body.startswith("能否")
    told = db.session.execute(db.select(Notification.user_id).where(
        Notification.kind == "inquiry_opened")).scalars().all()
    assert set(told) == {users["studio_member"].id, users["studio_leader"].id}


def test_no_inquiry_on_an_unpublished_achievement(db, users):
    draft = factories.make_achievement(users["studio_member"], "draft")
    with pytest.raises(DomainError):
        services.open_inquiry(users["enterprise"], draft, "你好")


def test_another_enterprise_and_other_staff_cannot_read_the_thread(db, users, inquiry,
                                                                   client_for, app):
    other = factories.make_user(Role.ENTERPRISE, name="企业丁")
    owner = client_for("enterprise")  # for contrast
    assert owner.get(f"/inquiries/{inquiry.id}").status_code == 200
    stranger = factories.login(app.test_client(), other)
    assert stranger.get(f"/inquiries/{inquiry.id}").status_code == 404
    assert stranger.post(f"/inquiries/{inquiry.id}/messages",
                         data={"body": "偷看"}).status_code == 404
    assert inquiry.achievement.title not in stranger.get("/inquiries/").get_data(as_text=True)
    # Any staff member reads an unassigned inquiry, to assign it (issue 15, D.11); once a
    # mediator is assigned, other staff no longer read the thread.
    assert client_for("union_staff").get(f"/inquiries/{inquiry.id}").status_code == 200
    services.assign(users["admin"], inquiry, factories.make_user(Role.UNION_STAFF, name="调解员"))
    db.session.commit()
    assert client_for("union_staff").get(f"/inquiries/{inquiry.id}").status_code == 404


def test_mediator_carries_the_inquiry_to_agreement(db, users, inquiry, client_for):
    staff = users["union_staff"]
    staff_client = client_for("union_staff")
    staff_client.post(f"/inquiries/{inquiry.id}/assign", data={"mediator": str(staff.id)})
    db.session.expire_all()
    assert inquiry.mediator_id == staff.id
    assert staff_client.get(f"/inquiries/{inquiry.id}").status_code == 200  # now a party
    studio = client_for("studio_leader")
    studio.post(f"/inquiries/{inquiry.id}/messages", data={"body": "可以，下周上门调试。"})
    assert studio.post(f"/inquiries/{inquiry.id}/state",
                       data={"target": "negotiating"}).status_code == 403
    for target in ("negotiating", "agreed"):
        staff_client.post(f"/inquiries/{inquiry.id}/state", data={"target": target,
                                                                  "confirm": "y"})
    db.session.expire_all()
    assert inquiry.state == InquiryState.AGREED
    thread = client_for("enterprise").get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "可以，下周上门调试。" in thread and 'name="body"' not in thread  # read-only now
    with pytest.raises(DomainError):
        services.post(users["enterprise"], inquiry, "还能发吗？")


def test_closing_needs_a_reason_and_a_legal_move(db, users, inquiry):
    with pytest.raises(DomainError):
        services.move(users["enterprise"], inquiry, InquiryState.CLOSED, " ")
    with pytest.raises(Refused):
        services.move(users["enterprise"], inquiry, InquiryState.NEGOTIATING)
    services.move(users["enterprise"], inquiry, InquiryState.CLOSED, "已找到其他方案")
    assert inquiry.state == InquiryState.CLOSED and inquiry.close_reason == "已找到其他方案"
    with pytest.raises(DomainError):
        services.move(users["enterprise"], inquiry, InquiryState.CLOSED, "再关一次")


def test_messages_notify_the_other_parties(db, users, inquiry):
    services.post(users["studio_member"], inquiry, "请提供设备型号。")
    told = set(db.session.execute(db.select(Notification.user_id).where(
        Notification.kind == "inquiry_message")).scalars())
    assert told == {users["enterprise"].id, users["studio_leader"].id}


def test_an_inquiry_opened_from_a_match_answers_that_need(enterprise_client, db, users):
    item = factories.make_achievement(users["studio_member"], "published")
    need = factories.make_need(users["enterprise"], "published")
    page = enterprise_client.get(f"/achievements/{item.id}?need={need.id}").get_data(
        as_text=True)
    assert f'name="need" type="hidden" value="{need.id}"' in page
    enterprise_client.post(f"/inquiries/open/{item.id}", data={"body": "想试用", "need": need.id})
    assert db.session.execute(db.select(Inquiry)).scalar_one().need_id == need.id
    other = factories.make_need(factories.make_user(Role.ENTERPRISE, name="企业丁"), "published")
    refused = enterprise_client.post(f"/inquiries/open/{item.id}",
                                     data={"body": "冒用", "need": other.id})
    assert refused.status_code == 403


def test_files_in_the_thread_follow_the_attachment_rules(enterprise_client, db, users,
                                                         inquiry, app):
    import io

    sent = enterprise_client.post(f"/inquiries/{inquiry.id}/messages", data={
        "body": "附上工况说明", "file": (io.BytesIO(b"%PDF-1.4 conditions"), "工况说明.pdf")},
        content_type="multipart/form-data")
    assert sent.status_code == 302
    db.session.expire_all()
    attachment = inquiry.messages[-1].attachments[0]
    assert attachment.filename == "工况说明.pdf" and attachment.content_type == "application/pdf"
    url = f"/inquiries/{inquiry.id}/attachments/{attachment.id}"
    assert enterprise_client.get(url).data == b"%PDF-1.4 conditions"
    html = enterprise_client.post(f"/inquiries/{inquiry.id}/messages", data={
        "body": "伪装的文件", "file": (io.BytesIO(b"MZ not a pdf"), "fake.pdf")},
        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "PDF、PNG" in html or "PDF" in html
    db.session.expire_all()
    assert [m.body for m in inquiry.messages].count("伪装的文件") == 0
    stranger = factories.login(app.test_client(),
                               factories.make_user(Role.ENTERPRISE, name="企业戊"))
    assert stranger.get(url).status_code == 404
