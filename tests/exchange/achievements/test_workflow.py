"""Every life-cycle transition, allowed and refused, by role; history and notifications."""
import pytest

from exchange.achievements import workflow
from exchange.achievements.kinds import State
from exchange.auth.roles import Role
from exchange.notifications.models import Notification
from exchange.services_base import DomainError, Refused
from tests.support import factories

ROLES = ("studio_member", "studio_leader", "enterprise", "union_staff", "admin",
         "other_studio_member")
# action: (start state, roles allowed)
RULES = {
    "submit": ("draft", {"studio_member", "studio_leader"}),
    "recall": ("submitted", {"studio_member", "studio_leader"}),
    "publish": ("submitted", {"union_staff", "admin"}),
    "return": ("submitted", {"union_staff", "admin"}),
    "withdraw": ("published", {"studio_leader", "union_staff", "admin"}),
    "mark_traded": ("published", {"union_staff", "admin"}),
    "reopen": ("withdrawn", {"studio_member", "studio_leader"}),
}
TARGET = {"submit": State.SUBMITTED, "recall": State.DRAFT, "publish": State.PUBLISHED,
          "return": State.RETURNED, "withdraw": State.WITHDRAWN, "mark_traded": State.TRADED,
          "reopen": State.DRAFT}


@pytest.fixture
def actors(users, other_studio):
    return {**users, "other_studio_member": factories.make_user(Role.STUDIO_MEMBER,
                                                                 studio=other_studio)}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", RULES)
def test_transition_by_role(db, actors, action, role):
    start, allowed = RULES[action]
    item = factories.make_achievement(actors["studio_member"], start)
    actor = actors[role]
    if role in allowed:
        step = workflow.apply(actor, item, action, "不够具体" if action == "return" else "")
        db.session.commit()
        assert item.state == TARGET[action]
        assert (step.actor_id, step.from_state, step.to_state) == (actor.id, State(start),
                                                                   TARGET[action])
    else:
        with pytest.raises(Refused):
            workflow.apply(actor, item, action)
        assert item.state == State(start)


@pytest.mark.parametrize(("action", "wrong_state"), [
    ("publish", "draft"), ("submit", "published"), ("return", "returned"),
    ("withdraw", "submitted"), ("reopen", "published"), ("recall", "draft"),
])
def test_transition_from_wrong_state_is_refused(db, actors, action, wrong_state):
    item = factories.make_achievement(actors["studio_member"], wrong_state)
    actor = actors["union_staff"] if RULES[action][1] & {"union_staff"} else \
        actors["studio_leader"]
    with pytest.raises(DomainError):
        workflow.apply(actor, item, action, "理由")
    assert item.state == State(wrong_state)


def test_return_needs_a_reason(db, actors):
    item = factories.make_achievement(actors["studio_member"], "submitted")
    with pytest.raises(DomainError):
        workflow.apply(actors["union_staff"], item, "return", "   ")


def test_history_and_outcome_notifications(db, actors):
    member = actors["studio_member"]
    item = factories.make_achievement(member, "returned")
    assert [(t.from_state, t.to_state) for t in item.transitions] == [
        (None, State.DRAFT), (State.DRAFT, State.SUBMITTED), (State.SUBMITTED, State.RETURNED)]
    assert item.last_return_reason == "请补充专利证书扫描件"
    workflow.apply(member, item, "submit")
    workflow.apply(actors["union_staff"], item, "publish")
    db.session.commit()
    assert item.published_at is not None
    notes = db.session.execute(db.select(Notification).filter_by(user_id=member.id)
                               .order_by(Notification.id)).scalars().all()
    assert [n.kind for n in notes] == ["achievement_returned", "achievement_published"]


def test_pages_show_history_and_notifications(db, actors, client_for):
    member = actors["studio_member"]
    item = factories.make_achievement(member, "returned")
    client = client_for("studio_member")
    page = client.get(f"/achievements/{item.id}").get_data(as_text=True)
    assert "请补充专利证书扫描件" in page and 'id="history"' in page
    home = client.get("/").get_data(as_text=True)
    assert 'id="unread-count">1<' in home
    notes = client.get("/notifications/").get_data(as_text=True)
    assert item.title in notes and "请补充专利证书扫描件" in notes


def test_actions_through_the_page(db, actors, client_for):
    item = factories.make_achievement(actors["studio_member"], "draft")
    member = client_for("studio_member")
    assert member.post(f"/achievements/{item.id}/action",
                       data={"action": "submit"}).status_code == 302
    staff = client_for("union_staff")
    queue = staff.get("/achievements/review").get_data(as_text=True)
    assert item.title in queue
    staff.post(f"/achievements/{item.id}/action", data={"action": "publish", "next": "review"})
    db.session.expire_all()
    assert item.state == State.PUBLISHED
    assert member.post(f"/achievements/{item.id}/action",
                       data={"action": "publish"}).status_code == 403


def test_history_is_internal(db, actors, client):
    member = actors["studio_member"]
    item = factories.make_achievement(member, "returned")
    workflow.apply(member, item, "submit")
    workflow.apply(actors["union_staff"], item, "publish")
    db.session.commit()
    page = client.get(f"/achievements/{item.id}").get_data(as_text=True)
    assert 'id="history"' not in page and "请补充专利证书扫描件" not in page
    assert actors["union_staff"].name not in page
