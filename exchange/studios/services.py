"""Studio profiles and membership. Flush only; the caller commits."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from exchange.auth.models import User
from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.reference.models import District, Industry
from exchange.services_base import DomainError
from exchange.studios.models import HonourLevel, PartyBuilding, Studio

PROFILE_FIELDS = (
    "name", "leader_name", "employer_unit", "district_id", "industry_code",
    "is_demonstration", "founded_year", "description", "contact_name", "contact_phone",
    "contact_email",
)


def can_manage(user, studio: Studio) -> bool:
    """Union staff and admins manage every studio; a leader manages only their own."""
    if not user.is_authenticated:
        return False
    if user.role in (Role.UNION_STAFF, Role.ADMIN):
        return True
    return user.role == Role.STUDIO_LEADER and user.studio_id == studio.id


def _check_unique_name(name: str, studio: Studio | None) -> None:
    stmt = db.select(Studio.id).where(func.lower(Studio.name) == name.strip().lower())
    if studio is not None and studio.id is not None:
        stmt = stmt.where(Studio.id != studio.id)
    if db.session.execute(stmt).first() is not None:
        raise DomainError(_l("A studio with this name already exists."), "name")


def save_profile(studio: Studio | None, data: dict) -> Studio:
    """Create (studio=None) or update a studio from validated form data."""
    _check_unique_name(data["name"], studio)
    if studio is None:
        studio = Studio()
        db.session.add(studio)
    for field in PROFILE_FIELDS:
        if field in data:
            value = data[field]
            setattr(studio, field, value.strip() if isinstance(value, str) else value)
    studio.honour_level = HonourLevel(data["honour_level"])
    studio.party_building = PartyBuilding(data["party_building"])
    studio.innovation_kinds = data["innovation_kinds"]
    db.session.flush()
    return studio


# The programme's party-building target covers the studios of city level or above.
COVERAGE_LEVELS = (HonourLevel.NATIONAL, HonourLevel.PROVINCIAL, HonourLevel.CITY)


def list_studios(q: str = "", district: str = "", industry: str = "", honour: str = "",
                 coverage: str = ""):
    """Select for the public list, filtered; paginated by the caller. `coverage`
    (covered/uncovered) narrows to city-level-or-above studios with or without party
    building, as the programme dashboard counts them."""
    stmt = db.select(Studio).order_by(*Studio.rank_order())
    if q:
        stmt = stmt.where(Studio.name.contains(q.strip()))
    if district:
        stmt = stmt.join(Studio.district).where(District.code == district)
    if industry:
        stmt = stmt.join(Studio.industry).where(Industry.section == industry)
    if honour:
        stmt = stmt.where(Studio.honour_level == HonourLevel(honour))
    if coverage in ("covered", "uncovered"):
        stmt = stmt.where(Studio.honour_level.in_(COVERAGE_LEVELS))
        stmt = stmt.where((Studio.party_building != PartyBuilding.NONE) if coverage == "covered"
                          else (Studio.party_building == PartyBuilding.NONE))
    return stmt


def remove_member(actor, studio: Studio, member: User) -> None:
    """Leaving a studio deactivates the account: its history stays attributable."""
    if member.studio_id != studio.id or not member.role.is_studio:
        raise DomainError(_l("This person is not a member of the studio."))
    if member.id == actor.id:
        raise DomainError(_l("You cannot remove yourself."))
    if member.role == Role.STUDIO_LEADER and actor.role not in (Role.UNION_STAFF, Role.ADMIN):
        raise DomainError(_l("Only union staff can remove a studio leader."))
    member.active = False
    member.end_sessions()
    db.session.flush()


def counts() -> dict[str, int]:
    return {
        "studios": db.session.scalar(db.select(func.count(Studio.id))) or 0,
        "demonstration": db.session.scalar(
            db.select(func.count(Studio.id)).where(Studio.is_demonstration.is_(True))
        ) or 0,
        "members": db.session.scalar(
            db.select(func.count(User.id)).where(
                User.role.in_([Role.STUDIO_MEMBER, Role.STUDIO_LEADER]), User.active.is_(True)
            )
        ) or 0,
    }
