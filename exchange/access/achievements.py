"""Achievements (成果): who sees, edits, downloads and moves an item through review."""
from __future__ import annotations

from exchange.access import belongs_to_studio, is_staff
from exchange.achievements.kinds import State
from exchange.auth.roles import Role


def can_view(user, achievement) -> bool:
    """Published items are public; drafts and items in review are the studio's and the
    union's only."""
    return (achievement.state == State.PUBLISHED or is_staff(user)
            or belongs_to_studio(user, achievement.studio_id))


def can_see_history(user, achievement) -> bool:
    return is_staff(user) or belongs_to_studio(user, achievement.studio_id)


def can_edit(user, achievement) -> bool:
    """Studio members edit their studio's drafts and returned items, nothing else."""
    return belongs_to_studio(user, achievement.studio_id) and achievement.state.editable


def can_download(user, achievement) -> bool:
    # Published attachments need an account (studios asked not to hand files to bots);
    # unpublished ones are for the studio and the union only.
    if achievement.state == State.PUBLISHED:
        return user.is_authenticated
    return can_view(user, achievement)


def may_act(user, achievement, action) -> bool:
    """Whether this user may take a workflow action: its `actor` says who ("studio",
    "staff", or the studio's leader or staff)."""
    if action.actor == "studio":
        return belongs_to_studio(user, achievement.studio_id)
    if action.actor == "staff":
        return is_staff(user)
    return is_staff(user) or (belongs_to_studio(user, achievement.studio_id)
                              and user.role == Role.STUDIO_LEADER)


def can_list_studio(user, studio_id: int) -> bool:
    """A studio's own list (drafts included) and its export: the studio and the union."""
    return is_staff(user) or belongs_to_studio(user, studio_id)
