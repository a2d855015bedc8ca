"""What the navigation shows a signed-in user on every page: unread notifications, the
work waiting for staff, and whether 'My statement' applies. One query per page, made
the first time a template asks and kept for the request on `flask.g`.

It reads several domains for the menu only, so it sits above them (like the views) and
no domain imports it.
"""
from __future__ import annotations

from flask import Flask, g
from flask_login import current_user
from sqlalchemy import func

from exchange.access import is_staff
from exchange.achievements.kinds import State
from exchange.achievements.models import Achievement
from exchange.agreements.models import Beneficiary
from exchange.extensions import db
from exchange.inquiries.kinds import InquiryState
from exchange.inquiries.models import Inquiry
from exchange.needs.kinds import NeedState
from exchange.needs.models import Need
from exchange.notifications.models import Notification

NOTHING = {"unread": 0, "statement": False, "work": {}}


def _count(model, *where):
    return db.select(func.count(model.id)).where(*where).scalar_subquery()


def figures() -> dict:
    """{"unread": int, "statement": bool, "work": {achievements, needs, unassigned} for
    staff, else {}} for the signed-in user; NOTHING for a visitor."""
    if not current_user.is_authenticated:
        return NOTHING
    user_id = current_user.id
    cached = g.get("menu_figures")
    if cached is None or cached[0] != user_id:
        columns = [
            _count(Notification, Notification.user_id == user_id,
                   Notification.read_at.is_(None)),
            db.exists().where(Beneficiary.user_id == user_id),
        ]
        staff = is_staff(current_user)
        if staff:
            columns += [
                _count(Achievement, Achievement.state == State.SUBMITTED),
                _count(Need, Need.state == NeedState.SUBMITTED),
                _count(Inquiry, Inquiry.mediator_id.is_(None),
                       Inquiry.state.in_((InquiryState.OPEN, InquiryState.NEGOTIATING))),
            ]
        row = db.session.execute(db.select(*columns)).one()
        work = ({"achievements": row[2], "needs": row[3], "unassigned": row[4]}
                if staff else {})
        cached = g.menu_figures = (user_id, {"unread": row[0] or 0,
                                             "statement": bool(row[1]), "work": work})
    return cached[1]


def init_app(app: Flask) -> None:
    @app.context_processor
    def menu():
        shown = figures()
        return {"unread_notifications": shown["unread"], "work_waiting": shown["work"]}

    @app.template_global()
    def statement_link_needed() -> bool:
        """Whether the navigation shows 'My statement' (the user is a beneficiary)."""
        return figures()["statement"]
