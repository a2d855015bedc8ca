"""The need life cycle: draft -> submitted -> published | returned -> closed (solved/expired).

Like achievements: a table of actions (sources, target, who), each step recorded, the
enterprise told of the review's outcome. Expiry is the system's own action (`expire`).
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from exchange import signals
from exchange.access import require_confirmed_email
from exchange.access.needs import may_act
from exchange.audit import services as audit
from exchange.db_types import local_today, utcnow
from exchange.extensions import db
from exchange.jobs.registry import handler
from exchange.navigation import path_for
from exchange.needs import services
from exchange.needs.kinds import CloseReason, NeedState
from exchange.needs.models import Need, NeedTransition
from exchange.notifications import services as notifications
from exchange.services_base import Action, DomainError, Refused

# actor: "owner", "staff" or "owner_or_staff"
ACTIONS = {a.name: a for a in (
    Action("submit", _l("Submit for review"), frozenset({NeedState.DRAFT, NeedState.RETURNED}),
           NeedState.SUBMITTED, "owner"),
    Action("recall", _l("Recall to draft"), frozenset({NeedState.SUBMITTED}), NeedState.DRAFT,
           "owner", style="outline-secondary"),
    Action("publish", _l("Publish"), frozenset({NeedState.SUBMITTED}), NeedState.PUBLISHED,
           "staff", style="success"),
    Action("return", _l("Return with reason"), frozenset({NeedState.SUBMITTED}),
           NeedState.RETURNED, "staff", needs_reason=True, style="outline-danger"),
    Action("close_solved", _l("Close as solved"), frozenset({NeedState.PUBLISHED}),
           NeedState.CLOSED, "owner_or_staff", style="outline-primary"),
)}
NOTIFY = {"publish": "need_published", "return": "need_returned"}
# Decisions on publication go to the audit trail (Trust rule: An audit trail).
AUDITED = {"publish": "need.published", "return": "need.returned",
           "close_solved": "need.closed"}


def available(user, need: Need) -> list[Action]:
    return [a for a in ACTIONS.values() if need.state in a.sources and may_act(user, need, a)]


def _step(need: Need, actor_id: int | None, target: NeedState, reason: str) -> NeedTransition:
    step = NeedTransition(actor_id=actor_id, from_state=need.state, to_state=target,
                          reason=reason)
    need.transitions.append(step)
    need.state = target
    return step


def apply(actor, need: Need, name: str, reason: str = "") -> NeedTransition:
    """Take an action. Refused when the actor may not; DomainError when the state
    or the reason does not allow it."""
    action = ACTIONS.get(name)
    if action is None or not may_act(actor, need, action):
        raise Refused(name)
    if need.state not in action.sources:
        raise DomainError(_l("This action is not possible while the need is %(state)s.",
                             state=need.state.label))
    if name == "submit":
        require_confirmed_email(actor)
    reason = (reason or "").strip()
    if action.needs_reason and not reason:
        raise DomainError(_l("Give a reason so the enterprise knows what to change."),
                          "reason")
    if name == "publish" and need.deadline <= local_today():
        raise DomainError(_l("The deadline has passed: return the need so the enterprise "
                             "can set a new one."))
    before = need.state
    step = _step(need, actor.id, action.target, reason)
    if action.target == NeedState.PUBLISHED:
        need.published_at = utcnow()
    if action.target == NeedState.CLOSED:
        need.close_reason = CloseReason.SOLVED
    db.session.flush()
    if name in AUDITED:
        audit.record(actor, AUDITED[name], "need", need.id, before={"state": before},
                     after={"state": need.state}, reason=reason)
    if action.target == NeedState.SUBMITTED:
        # Staff see work waiting (issue 15, D.11).
        notifications.notify_staff("need_submitted", path_for("needs.detail", need_id=need.id),
                                   except_id=actor.id,
                                   title=need.title)
    if name in NOTIFY:
        notifications.notify(submitter_id(need), NOTIFY[name],
                             link=path_for("needs.detail", need_id=need.id),
                             title=need.title, reason=reason)
    if NeedState.SUBMITTED in (before, action.target):
        signals.review_changed.send(need, kind="need",
                                    submitted=action.target == NeedState.SUBMITTED)
    if name == "publish":
        signals.need_published.send(need, submitter_id=submitter_id(need))
    return step


@handler("needs.expire", minute="7")
def expire_job() -> None:
    """Hourly in the worker: a need closes within the hour its deadline passes."""
    expire(local_today())


def expire(today: date) -> list[Need]:
    """Close every published need whose deadline has passed and tell whoever submitted it.
    Safe to run again: closed needs are no longer published."""
    closed = services.overdue(today)
    for need in closed:
        _step(need, None, NeedState.CLOSED, "")
        need.close_reason = CloseReason.EXPIRED
        db.session.flush()
        notifications.notify(submitter_id(need), "need_expired",
                             link=path_for("needs.detail", need_id=need.id),
                             title=need.title)
    return closed


def submitter_id(need: Need) -> int:
    for step in reversed(need.transitions):
        if step.to_state == NeedState.SUBMITTED and step.actor_id is not None:
            return step.actor_id
    return need.created_by_id
