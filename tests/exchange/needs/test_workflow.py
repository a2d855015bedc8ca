"""Need life cycle by role, expiry from the command line, and the notifications."""
from datetime import date, timedelta

import pytest

from exchange.auth.roles import Role
from exchange.needs import workflow
from exchange.needs.kinds import CloseReason, NeedState
from exchange.notifications.models import Notification
from exchange.services_base import DomainError, Refused
from tests.support import factories

ROLES = ("studio_member", "studio_leader", "enterprise", "union_staff", "admin",
         "other_enterprise")
RULES = {
    "submit": ("draft", {"enterprise"}),
    "recall": ("submitted", {"enterprise"}),
    "publish": ("submitted", {"union_staff", "admin"}),
    "return": ("submitted", {"union_staff", "admin"}),
    "close_solved": ("published", {"enterprise", "union_staff", "admin"}),
}
TARGET = {"submit": NeedState.SUBMITTED, "recall": NeedState.DRAFT,
          "publish": NeedState.PUBLISHED, "return": NeedState.RETURNED,
          "close_solved": NeedState.CLOSED}


@pytest.fixture
def actors(users):
    return {**users, "other_enterprise": factories.make_user(Role.ENTERPRISE, name="企业丁")}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", RULES)
def test_transition_by_role(db, actors, action, role):
    start, allowed = RULES[action]
    need = factories.make_need(actors["enterprise"], start)
    if role in allowed:
        workflow.apply(actors[role], need, action, "预算请写明" if action == "return" else "")
        assert need.state == TARGET[action]
        assert need.transitions[-1].actor_id == actors[role].id
    else:
        with pytest.raises(Refused):
            workflow.apply(actors[role], need, action, "x")
        assert need.state == NeedState(start)


def test_wrong_state_and_missing_reason_are_refused(db, actors):
    need = factories.make_need(actors["enterprise"], "draft")
    with pytest.raises(DomainError):
        workflow.apply(actors["union_staff"], need, "publish")
    workflow.apply(actors["enterprise"], need, "submit")
    with pytest.raises(DomainError) as refused:
        workflow.apply(actors["union_staff"], need, "return", "  ")
    assert refused.value.field == "reason"


def test_closing_records_the_reason_and_publishing_tells_the_enterprise(db, actors):
    owner = actors["enterprise"]
    need = factories.make_need(owner, "published")
    notes = db.session.execute(db.select(Notification).where(
        Notification.user_id == owner.id)).scalars().all()
    assert [n.kind for n in notes] == ["need_published"]
    workflow.apply(owner, need, "close_solved")
    assert need.close_reason == CloseReason.SOLVED and need.published_at is not None


def test_a_need_past_its_deadline_cannot_be_published(db, actors):
    need = factories.make_need(actors["enterprise"], "submitted")
    need.deadline = date.today()
    with pytest.raises(DomainError):
        workflow.apply(actors["union_staff"], need, "publish")


def test_expire_closes_overdue_needs_once_and_tells_the_owner(db, actors, runner):
    owner = actors["enterprise"]
    overdue = factories.make_need(owner, "published", title="到期的需求：液压系统泄漏检测")
    current = factories.make_need(owner, "published", title="仍在征集：输送带跑偏纠正")
    draft = factories.make_need(owner, "draft")
    later = (overdue.deadline + timedelta(days=1)).isoformat()
    current.deadline = overdue.deadline + timedelta(days=30)
    db.session.commit()
    result = runner.invoke(args=["needs", "expire", "--today", later])
    assert result.exit_code == 0 and "closed 1 expired needs" in result.output
    db.session.refresh(overdue)
    assert overdue.state == NeedState.CLOSED and overdue.close_reason == CloseReason.EXPIRED
    assert overdue.transitions[-1].actor_id is None
    assert current.state == NeedState.PUBLISHED and draft.state == NeedState.DRAFT
    kinds = db.session.execute(db.select(Notification.kind).where(
        Notification.user_id == owner.id)).scalars().all()
    assert kinds.count("need_expired") == 1
    again = runner.invoke(args=["needs", "expire", "--today", later])
    assert "closed 0 expired needs" in again.output
