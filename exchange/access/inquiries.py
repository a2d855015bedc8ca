"""Inquiries (对接): who takes part in a thread, who reads it, who mediates."""
from __future__ import annotations

from exchange.access import belongs_to_enterprise, belongs_to_studio, is_staff
from exchange.auth.roles import Role


def is_party(user, inquiry) -> bool:
    """The enterprise's users, the studio's members and the mediator: nobody else reads
    the thread (other staff see that it exists, to assign a mediator)."""
    if not user.is_authenticated:
        return False
    if user.role == Role.ENTERPRISE:
        return belongs_to_enterprise(user, inquiry.enterprise_id)
    if user.role.is_studio:
        return belongs_to_studio(user, inquiry.achievement.studio_id)
    return inquiry.mediator_id is not None and user.id == inquiry.mediator_id


def can_read(user, inquiry) -> bool:
    """The parties, and any staff member while no mediator is assigned: someone must be
    able to read a new inquiry to pick its mediator (issue 15, D.11)."""
    return is_party(user, inquiry) or (is_staff(user) and inquiry.mediator_id is None)


def is_mediator(user, inquiry) -> bool:
    return user.is_authenticated and inquiry.mediator_id == user.id


def can_open(user) -> bool:
    """Enterprises open inquiries (an enterprise account always has its enterprise)."""
    return (user.is_authenticated and user.role == Role.ENTERPRISE
            and user.enterprise_id is not None)


def can_assign(user) -> bool:
    return is_staff(user)
