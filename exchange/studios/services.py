"""Studio profiles and membership. Flush only; the caller commits."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from exchange.access.studios import can_award_titles, can_remove_leader
from exchange.audit import services as audit
from exchange.auth.models import User
from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.reference.models import District, Industry
from exchange.services_base import DomainError, Refused
from exchange.studios.models import HonourLevel, PartyBuilding, Studio

PROFILE_FIELDS = (
    "name", "leader_name", "employer_unit", "employer_unit_credit_code", "district_id",
    "industry_code", "founded_year", "description", "contact_name", "contact_phone",
    "contact_email",
)
# Awarded by the union: set when staff create a studio, then only through set_titles,
# with a reason kept in the audit trail (Trust rule: The union awards titles).
TITLE_FIELDS = ("honour_level", "is_demonstration", "party_building")
TITLE_ACTIONS = ("studio.created", "studio.titles_changed")
TITLE_NAMES = {"honour_level": _l("Honour level"), "is_demonstration": _l("Demonstration studio"),
               "party_building": _l("Party-building coverage")}


def title_value(name: str, value) -> str:
    """A stored title value (from the history's JSON) in the reader's language."""
    if value is None:
        return "—"
    if name == "honour_level":
        return HonourLevel(value).label
    if name == "party_building":
        return PartyBuilding(value).label
    return str(_l("Yes") if value else _l("No"))


def _check_unique_name(name: str, studio: Studio | None) -> None:
    stmt = db.select(Studio.id).where(func.lower(Studio.name) == name.strip().lower())
    if studio is not None and studio.id is not None:
        stmt = stmt.where(Studio.id != studio.id)
    if db.session.execute(stmt).first() is not None:
        raise DomainError(_l("A studio with this name already exists."), "name")


def _titles(studio: Studio) -> dict:
    return {name: getattr(studio, name) for name in TITLE_FIELDS}


def save_profile(studio: Studio | None, data: dict, actor=None) -> Studio:
    """Create (studio=None, by staff: the titles are set too) or update a studio's
    profile from validated form data. An update never touches the titles, whatever the
    data holds."""
    _check_unique_name(data["name"], studio)
    creating = studio is None
    if creating:
        studio = Studio()
        db.session.add(studio)
    for field in PROFILE_FIELDS:
        if field in data:
            value = data[field]
            setattr(studio, field, value.strip() if isinstance(value, str) else value)
    if creating:
        studio.honour_level = HonourLevel(data["honour_level"])
        studio.is_demonstration = bool(data.get("is_demonstration"))
        studio.party_building = PartyBuilding(data["party_building"])
    studio.innovation_kinds = data["innovation_kinds"]
    db.session.flush()
    if creating and actor is not None:
        audit.record(actor, "studio.created", "studio", studio.id, after=_titles(studio))
    return studio


def set_titles(actor, studio: Studio, honour_level: HonourLevel, is_demonstration: bool,
               party_building: PartyBuilding, reason: str) -> None:
    """Union staff award or withdraw titles, giving the reason; the changed fields go
    to the audit trail, which is the studio's title history."""
    if not can_award_titles(actor):
        raise Refused("union staff award titles")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the reason for the change (e.g. the decision's "
                             "document number)."), "reason")
    if audit.has_control_characters(reason):
        raise DomainError(audit.CONTROL_MESSAGE, "reason")
    wanted = {"honour_level": HonourLevel(honour_level),
              "is_demonstration": bool(is_demonstration),
              "party_building": PartyBuilding(party_building)}
    current = _titles(studio)
    changed = [name for name in TITLE_FIELDS if wanted[name] != current[name]]
    if not changed:
        raise DomainError(_l("Nothing changed: choose the new titles."))
    for name in changed:
        setattr(studio, name, wanted[name])
    db.session.flush()
    audit.record(actor, "studio.titles_changed", "studio", studio.id,
                 before={name: current[name] for name in changed},
                 after={name: wanted[name] for name in changed}, reason=reason)


def title_history(studio: Studio) -> list:
    return audit.history("studio", studio.id, TITLE_ACTIONS)


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
    if member.role == Role.STUDIO_LEADER and not can_remove_leader(actor):
        raise DomainError(_l("Only union staff can remove a studio leader."))
    was_active = member.active
    member.active = False
    member.end_sessions()
    db.session.flush()
    if was_active:
        audit.record(actor, "account.deactivated", "user", member.id,
                     before={"active": True}, after={"active": False},
                     reason=f"removed from studio {studio.name}")


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
