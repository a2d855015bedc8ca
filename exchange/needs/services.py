"""Needs: access rules, saving, listing, expiry. Flush only; the caller commits."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, func, or_
from sqlalchemy.orm import selectinload

from exchange.access.needs import EDITABLE
from exchange.db_types import local_year_bounds
from exchange.extensions import db
from exchange.inquiries.kinds import FUNNEL_STAGES
from exchange.inquiries.models import Inquiry
from exchange.needs.kinds import NeedState
from exchange.needs.models import Need, NeedMode, NeedTransition
from exchange.reference.models import Industry
from exchange.services_base import DomainError
from search_index.analysis import query_tokens

CONTENT_FIELDS = ("title", "description", "keywords", "industry_code", "district_code",
                  "transaction_modes", "budget_min_fen", "budget_max_fen", "budget_negotiable",
                  "deadline", "contact_name", "contact_phone")


# --- access ---------------------------------------------------------------------------

# --- changes --------------------------------------------------------------------------

def save(actor, need: Need | None, values: dict) -> Need:
    """Create a draft for the actor's enterprise, or change an editable one."""
    if actor.enterprise_id is None:
        raise DomainError(_l("Your account belongs to no enterprise."))
    if need is None:
        need = Need(enterprise_id=actor.enterprise_id, created_by_id=actor.id,
                    state=NeedState.DRAFT)
        # The history starts with the creation, as an achievement's does.
        need.transitions = [NeedTransition(actor_id=actor.id, from_state=None,
                                           to_state=NeedState.DRAFT)]
        db.session.add(need)
    elif need.state not in EDITABLE:
        raise DomainError(_l("Only drafts and returned needs can be edited."))
    for name in CONTENT_FIELDS:
        setattr(need, name, values[name])
    db.session.flush()
    return need


def delete_draft(need: Need) -> None:
    if need.state != NeedState.DRAFT:
        raise DomainError(_l("Only drafts can be deleted."))
    db.session.delete(need)
    db.session.flush()


# --- queries --------------------------------------------------------------------------

def filtered(stmt, filters: dict):
    if filters.get("text"):
        for word in query_tokens(filters["text"]):
            like = f"%{word}%"
            stmt = stmt.where(or_(func.lower(Need.title).like(like),
                                  func.lower(Need.description).like(like),
                                  func.lower(cast(Need.keywords, String)).like(like)))
    if filters.get("industry"):
        code = filters["industry"]
        stmt = stmt.join(Need.industry).where(
            Industry.section == code if len(code) == 1 else Industry.code == code)
    if filters.get("district"):
        stmt = stmt.where(Need.district_code == filters["district"])
    if filters.get("mode"):
        stmt = stmt.where(Need.mode_rows.any(NeedMode.mode == filters["mode"]))
    if filters.get("state") == "posted":
        stmt = stmt.where(Need.published_at.is_not(None),
                          Need.state.in_((NeedState.PUBLISHED, NeedState.CLOSED)))
    elif filters.get("state"):
        stmt = stmt.where(Need.state == filters["state"])
    if filters.get("year"):
        start, end = local_year_bounds(int(filters["year"]))
        stmt = stmt.where(Need.published_at >= start, Need.published_at < end)
    if filters.get("stage") in FUNNEL_STAGES:
        stmt = stmt.where(Need.id.in_(db.select(Inquiry.need_id).where(
            Inquiry.state.in_(FUNNEL_STAGES[filters["stage"]]))))
    return stmt


# What a list card reads, loaded for the whole page instead of once per need.
LIST_LOAD = (selectinload(Need.mode_rows), selectinload(Need.enterprise),
             selectinload(Need.industry), selectinload(Need.district))


def public_list(filters: dict):
    """Open needs, the newest first (closed ones leave the public list)."""
    stmt = filtered(db.select(Need).where(Need.state == NeedState.PUBLISHED)
                    .options(*LIST_LOAD),
                    {**filters, "state": None})
    return stmt.order_by(Need.published_at.desc(), Need.id.desc())


def review_queue(filters: dict):
    stmt = filtered(db.select(Need).options(*LIST_LOAD), {**filters, "state": filters.get("state")
                                      or NeedState.SUBMITTED})
    return stmt.order_by(Need.updated_at.asc(), Need.id.asc())  # first come, first reviewed


def enterprise_list(enterprise_id: int, filters: dict):
    stmt = filtered(db.select(Need).where(Need.enterprise_id == enterprise_id)
                    .options(*LIST_LOAD), filters)
    return stmt.order_by(Need.updated_at.desc(), Need.id.desc())


def overdue(today: date) -> list[Need]:
    """Published needs whose deadline has passed."""
    return list(db.session.execute(
        db.select(Need).where(Need.state == NeedState.PUBLISHED, Need.deadline < today)
        .order_by(Need.id)).scalars())
