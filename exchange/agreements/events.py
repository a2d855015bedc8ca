"""An agreement's event log (the history its page shows) and who hears of each step.

Both the terms (services.py) and the money (money.py) write here, so neither needs the
other for it: the dependency runs services -> money -> events.
"""
from __future__ import annotations

from exchange.agreements.models import Agreement, AgreementEvent
from exchange.auth.models import User
from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.navigation import path_for
from exchange.notifications import services as notifications


def record(agreement: Agreement, actor, action: str, detail: str = "") -> None:
    agreement.events.append(AgreementEvent(actor_id=actor.id, action=action, detail=detail))


def party_user_ids(agreement: Agreement) -> set[int]:
    people = db.session.execute(db.select(User.id).where(
        User.active.is_(True),
        (User.enterprise_id == agreement.enterprise_id)
        | ((User.studio_id == agreement.studio_id) & (User.role == Role.STUDIO_LEADER))))
    return {*people.scalars(), agreement.mediator_id}


def tell(agreement: Agreement, actor, kind: str, user_ids=None, **params) -> None:
    targets = party_user_ids(agreement) if user_ids is None else set(user_ids)
    for user_id in sorted(targets - {actor.id}):
        notifications.notify(user_id, kind,
                             link=path_for("agreements.detail", agreement_id=agreement.id),
                             title=agreement.achievement.title, **params)

