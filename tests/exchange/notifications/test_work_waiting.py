"""Staff see work waiting (issue 15, D.11): they are told when an achievement or a need
is submitted for review and when an inquiry is opened; the navigation counts the review
queues and the inquiries without a mediator; any staff member reads and assigns an
unassigned inquiry."""
from __future__ import annotations

import re

from flask_login import login_user
from sqlalchemy import event

from exchange import menu
from exchange.achievements import workflow as achievement_workflow
from exchange.auth.roles import Role
from exchange.inquiries import services as inquiries
from exchange.needs import workflow as need_workflow
from exchange.notifications import services
from exchange.notifications.models import Notification
from tests.support import factories


def _told(db, kind: str) -> dict[int, str]:
    """Each user's latest notification of this kind (ordered: PostgreSQL returns rows in
    no particular order, and the factory's own submissions notified staff too)."""
    return dict(db.session.execute(db.select(Notification.user_id, Notification.link)
                                   .where(Notification.kind == kind)
                                   .order_by(Notification.id)).all())


def test_staff_are_told_of_submissions_and_new_inquiries(db, users):
    published = factories.make_achievement(users["studio_member"], "published")
    second = factories.make_user(Role.UNION_STAFF, name="工会己")
    inactive = factories.make_user(Role.UNION_STAFF, name="已离职")
    inactive.active = False
    db.session.commit()
    staff_ids = {users["union_staff"].id, second.id}

    item = factories.make_achievement(users["studio_member"], "draft")  # no staff step
    achievement_workflow.apply(users["studio_member"], item, "submit")
    assert _told(db, "achievement_submitted") == dict.fromkeys(
        staff_ids, f"/achievements/{item.id}")

    need = factories.make_need(users["enterprise"])  # a draft: no staff step
    need_workflow.apply(users["enterprise"], need, "submit")
    assert _told(db, "need_submitted") == dict.fromkeys(staff_ids, f"/needs/{need.id}")

    inquiry = inquiries.open_inquiry(users["enterprise"], published, "能否试用？")
    assert _told(db, "inquiry_unassigned") == dict.fromkeys(
        staff_ids, f"/inquiries/{inquiry.id}")
    text = services.text(db.session.execute(db.select(Notification).where(
        Notification.kind == "inquiry_unassigned")).scalars().first())
    assert published.title in text


def _badge(page, badge_id: str) -> int | None:
    found = re.search(rf'id="{badge_id}"[^>]*>(\d+)<', page)
    return int(found.group(1)) if found else None


def test_the_navigation_counts_work_waiting_for_staff(client_for, db, users):
    for _ in range(2):
        factories.make_achievement(users["studio_member"], "submitted")
    factories.make_need(users["enterprise"], "submitted")
    published = factories.make_achievement(users["studio_member"], "published")
    factories.make_inquiry(users["enterprise"], published)  # no mediator
    assigned = factories.make_achievement(users["studio_member"], "published")
    factories.make_inquiry(users["enterprise"], assigned, mediator=users["union_staff"])
    for role in ("union_staff", "admin"):
        page = client_for(role).get("/").text
        assert (_badge(page, "review-count"), _badge(page, "need-review-count"),
                _badge(page, "unassigned-count")) == (2, 1, 1), role
    page = client_for("enterprise").get("/").text
    assert _badge(page, "review-count") is None and _badge(page, "unassigned-count") is None


def _work_waiting(app, user) -> dict:
    with app.test_request_context("/"):
        login_user(user)
        return menu.figures()["work"]


def test_the_counts_are_one_cheap_query(app, db, users):
    """The menu's figures (unread notes, 'My statement', and for staff the work waiting)
    are one query per page, whatever the role."""
    staff, enterprise = users["union_staff"], users["enterprise"]
    assert staff.role and enterprise.role  # loaded before counting
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert _work_waiting(app, staff) == {"achievements": 0, "needs": 0,
                                             "unassigned": 0}
        assert _work_waiting(app, enterprise) == {}
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 2  # one per request


def test_any_staff_member_reads_and_assigns_an_unassigned_inquiry(client_for, db, users):
    published = factories.make_achievement(users["studio_member"], "published")
    inquiry = factories.make_inquiry(users["enterprise"], published)
    staff = client_for("union_staff")
    page = staff.get(f"/inquiries/{inquiry.id}")
    assert page.status_code == 200 and 'id="needs-mediator"' in page.text
    assert "请问该成果能否用于我司产线？" in page.text
    assert 'name="body"' not in page.text  # reads, but is no party to the thread
    assert staff.post(f"/inquiries/{inquiry.id}/messages",
                      data={"body": "插话"}).status_code == 404
    other = factories.make_user(Role.UNION_STAFF, name="调解员庚")
    response = staff.post(f"/inquiries/{inquiry.id}/assign", data={"mediator": str(other.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(inquiry), inquiry.id).mediator_id == other.id
    assert staff.get(f"/inquiries/{inquiry.id}").status_code == 404  # now the mediator's
    assert _badge(staff.get("/").text, "unassigned-count") is None
