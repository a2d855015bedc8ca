"""Record and read coded feedback. Flush only; the caller commits."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from exchange.achievements.models import Achievement
from exchange.db_types import local_year_bounds
from exchange.extensions import db
from exchange.feedback.kinds import FeedbackContext, FeedbackReason
from exchange.feedback.models import Feedback
from exchange.reference.models import District, Industry
from exchange.services_base import DomainError, insert_once
from exchange.studios.models import Studio


def parse_reason(code: str | None, text: str | None) -> tuple[FeedbackReason, str]:
    """A reason from the short list, with its text (required for "other")."""
    try:
        reason = FeedbackReason(code or "")
    except ValueError:
        raise DomainError(_l("Choose a reason from the list."), "reason_code") from None
    text = (text or "").strip()[:500]
    if reason == FeedbackReason.OTHER and not text:
        raise DomainError(_l("Say in a few words what the other reason is."), "reason_text")
    return reason, text


def record(actor, context: FeedbackContext, reason: FeedbackReason, text: str, *,
           achievement_id: int, need_id: int | None = None,
           inquiry_id: int | None = None) -> Feedback:
    item = Feedback(context=context, reason=reason, text=text, user_id=actor.id,
                    achievement_id=achievement_id, need_id=need_id, inquiry_id=inquiry_id)
    if insert_once(item) is not None:
        raise DomainError(_l("This match was already declined."))
    return item


def for_achievement(achievement_id: int) -> list[Feedback]:
    return list(db.session.execute(db.select(Feedback).where(
        Feedback.achievement_id == achievement_id).order_by(Feedback.created_at.desc()))
        .scalars())


def for_inquiry(inquiry_id: int) -> Feedback | None:
    return db.session.execute(db.select(Feedback).where(
        Feedback.inquiry_id == inquiry_id)).scalars().first()


def declined_for_need(need_id: int) -> set[int]:
    """The achievements this need's owner declined as matches."""
    return set(db.session.execute(db.select(Feedback.achievement_id).where(
        Feedback.need_id == need_id, Feedback.context == FeedbackContext.MATCH_DECLINED))
        .scalars())


def counts(year: int, district: str | None = None, industry: str | None = None) -> dict:
    """Feedback of a local year by reason, by district (of the achievement's studio) and
    by industry section (of the achievement), under the dashboard's filters."""
    start, end = local_year_bounds(year)
    base = (db.select(Feedback.reason, District.code, Industry.section, func.count())
            .join(Achievement, Achievement.id == Feedback.achievement_id)
            .join(Studio, Studio.id == Achievement.studio_id)
            .join(District, District.id == Studio.district_id)
            .join(Industry, Industry.code == Achievement.industry_code)
            .where(Feedback.created_at >= start, Feedback.created_at < end))
    if district:
        base = base.where(District.code == district)
    if industry:
        base = base.where(Industry.section == industry if len(industry) == 1
                          else Achievement.industry_code == industry)
    rows = db.session.execute(base.group_by(Feedback.reason, District.code,
                                            Industry.section)).all()
    result = {"reason": {r: 0 for r in FeedbackReason}, "district": {}, "section": {}}
    for reason, district_code, section, n in rows:
        result["reason"][reason] += n
        result["district"][district_code] = result["district"].get(district_code, 0) + n
        result["section"][section] = result["section"].get(section, 0) + n
    result["total"] = sum(result["reason"].values())
    return result
