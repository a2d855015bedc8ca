"""The achievement life cycle: draft -> submitted -> published | returned -> withdrawn/traded.

Each action names the states it starts from, the state it leads to and who may take it;
every step is recorded as a Transition and the submitter hears about the review's outcome.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange import signals
from exchange.access.achievements import may_act
from exchange.achievements.kinds import State
from exchange.achievements.models import Achievement, Transition
from exchange.achievements.services import (
    ensure_patent_free,
    patent_guard,
)
from exchange.audit import services as audit
from exchange.db_types import utcnow
from exchange.extensions import db
from exchange.navigation import path_for
from exchange.notifications import services as notifications
from exchange.services_base import Action, DomainError, Refused

# actor: "studio", "staff" or "leader_or_staff"
ACTIONS = {a.name: a for a in (
    Action("submit", _l("Submit for review"), frozenset({State.DRAFT, State.RETURNED}),
           State.SUBMITTED, "studio"),
    Action("recall", _l("Recall to draft"), frozenset({State.SUBMITTED}), State.DRAFT,
           "studio", style="outline-secondary"),
    Action("publish", _l("Publish"), frozenset({State.SUBMITTED}), State.PUBLISHED, "staff",
           style="success"),
    Action("return", _l("Return with reason"), frozenset({State.SUBMITTED}), State.RETURNED,
           "staff", needs_reason=True, style="outline-danger"),
    Action("withdraw", _l("Withdraw"), frozenset({State.PUBLISHED}), State.WITHDRAWN,
           "leader_or_staff", style="outline-danger"),
    Action("mark_traded", _l("Mark as traded"), frozenset({State.PUBLISHED}), State.TRADED,
           "staff", style="outline-primary"),
    Action("reopen", _l("Reopen as draft"), frozenset({State.WITHDRAWN}), State.DRAFT, "studio",
           style="outline-secondary"),
)}


# Decisions on publication go to the audit trail (Trust rule: An audit trail).
AUDITED = {"publish": "achievement.published", "return": "achievement.returned",
           "withdraw": "achievement.withdrawn", "mark_traded": "achievement.traded"}


def available(user, achievement: Achievement) -> list[Action]:
    return [a for a in ACTIONS.values()
            if achievement.state in a.sources and may_act(user, achievement, a)]


def apply(actor, achievement: Achievement, name: str, reason: str = "") -> Transition:
    """Take an action. Refused when the actor may not; DomainError when the state
    or the reason does not allow it."""
    action = ACTIONS.get(name)
    if action is None or not may_act(actor, achievement, action):
        raise Refused(name)
    if achievement.state not in action.sources:
        raise DomainError(_l("This action is not possible while the item is %(state)s.",
                             state=achievement.state.label))
    reason = (reason or "").strip()
    if action.needs_reason and not reason:
        raise DomainError(_l("Give a reason so the studio knows what to change."), "reason")
    before = achievement.state
    step = Transition(actor_id=actor.id, from_state=achievement.state, to_state=action.target,
                      reason=reason)
    if achievement.state == State.WITHDRAWN and achievement.patent_number:
        # Withdrawing freed the number; someone may have entered it since.
        ensure_patent_free(actor, achievement.patent_number, achievement.id)
        with patent_guard(actor, [achievement.patent_number], achievement.id):
            _move(achievement, step, action)
    else:
        _move(achievement, step, action)
    if name in AUDITED:
        audit.record(actor, AUDITED[name], "achievement", achievement.id,
                     before={"state": before}, after={"state": achievement.state},
                     reason=reason)
    if action.target == State.SUBMITTED:
        # Staff see work waiting (issue 15, D.11).
        notifications.notify_staff(
            "achievement_submitted",
            path_for("achievements.detail", achievement_id=achievement.id),
            except_id=actor.id, title=achievement.title)
    _tell_submitter(achievement, action, reason)
    if State.SUBMITTED in (before, action.target):
        signals.review_changed.send(achievement, kind="achievement",
                                    submitted=action.target == State.SUBMITTED)
    if action.target == State.PUBLISHED:
        signals.achievement_published.send(achievement)
    return step


def _move(achievement: Achievement, step: Transition, action: Action) -> None:
    achievement.transitions.append(step)
    achievement.state = action.target
    if action.target == State.PUBLISHED:
        achievement.published_at = utcnow()
    db.session.flush()


def submitter_id(achievement: Achievement) -> int:
    for step in reversed(achievement.transitions):
        if step.to_state == State.SUBMITTED:
            return step.actor_id
    return achievement.created_by_id


def _tell_submitter(achievement: Achievement, action: Action, reason: str) -> None:
    kinds = {"publish": "achievement_published", "return": "achievement_returned",
             "withdraw": "achievement_withdrawn", "mark_traded": "achievement_traded"}
    if action.name in kinds:
        notifications.notify(
            submitter_id(achievement), kinds[action.name],
            link=path_for("achievements.detail", achievement_id=achievement.id),
            title=achievement.title, reason=reason,
        )
