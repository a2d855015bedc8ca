"""专利开放许可: who prepares a declaration, reviews it, sees it, and takes a licence."""
from __future__ import annotations

from exchange.access import belongs_to_studio, has_confirmed_email, is_staff
from exchange.auth.roles import Role
from exchange.openlicences.kinds import DeclarationState

PUBLIC_STATES = (DeclarationState.EFFECTIVE, DeclarationState.WITHDRAWAL_REQUESTED,
                 DeclarationState.WITHDRAWAL_APPROVED, DeclarationState.WITHDRAWN)


def can_prepare(user, studio_id: int) -> bool:
    """The studio's leader prepares, edits, submits and asks to withdraw (the patentee
    acts through them and the employer unit's consent)."""
    return (belongs_to_studio(user, studio_id) and user.role == Role.STUDIO_LEADER)


def can_view(user, declaration) -> bool:
    """Announced declarations are public (CNIPA publishes them); the rest stay with the
    studio and the union."""
    return (declaration.state in PUBLIC_STATES or is_staff(user)
            or belongs_to_studio(user, declaration.studio_id))


def can_review(user) -> bool:
    """Union staff record the consent, approve, return and record announcements."""
    return is_staff(user)


def made(user, declaration) -> bool:
    """Whether this user made the declaration or recorded the employer unit's consent to
    it: such a person does not approve it (Four eyes)."""
    return user.is_authenticated and user.id in {declaration.created_by_id,
                                                 declaration.consent_by_id}


def can_take(user) -> bool:
    """A signed-in enterprise whose address is confirmed takes a licence for itself."""
    return (user.is_authenticated and user.role == Role.ENTERPRISE
            and user.enterprise_id is not None and has_confirmed_email(user))
