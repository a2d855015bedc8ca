"""Roles from DESIGN.md; a visitor is simply an anonymous request."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from exchange.enums import LabelledEnum


class Role(LabelledEnum):
    STUDIO_MEMBER = "studio_member"
    STUDIO_LEADER = "studio_leader"
    ENTERPRISE = "enterprise"
    UNION_STAFF = "union_staff"
    ADMIN = "admin"

    @property
    def is_studio(self) -> bool:
        return self in (Role.STUDIO_MEMBER, Role.STUDIO_LEADER)


Role.set_labels({
    Role.STUDIO_MEMBER: _l("Studio member"),
    Role.STUDIO_LEADER: _l("Studio leader"),
    Role.ENTERPRISE: _l("Enterprise user"),
    Role.UNION_STAFF: _l("Union staff"),
    Role.ADMIN: _l("Administrator"),
})
