"""Demo inquiries in every state, opened by the demo enterprises on achievements that fit
their published needs' industries, carried on by the demo union staff."""
from __future__ import annotations

from exchange.achievements.kinds import State
from exchange.achievements.models import Achievement
from exchange.auth.models import User
from exchange.demo.people import union_staff
from exchange.extensions import db
from exchange.inquiries import services
from exchange.inquiries.kinds import InquiryState
from exchange.inquiries.models import Inquiry
from exchange.needs.kinds import NeedState
from exchange.needs.models import Need

# (state, how many): the path each takes is the mediator's usual one.
PLAN = ((InquiryState.OPEN, 4), (InquiryState.NEGOTIATING, 4), (InquiryState.AGREED, 3),
        (InquiryState.CLOSED, 3))
PATHS = {InquiryState.OPEN: (), InquiryState.NEGOTIATING: (InquiryState.NEGOTIATING,),
         InquiryState.AGREED: (InquiryState.NEGOTIATING, InquiryState.AGREED),
         InquiryState.CLOSED: (InquiryState.NEGOTIATING, InquiryState.CLOSED)}
OPENING = ("看到贵工作室的“{title}”，与我们“{need}”的需求很接近，"
           "想了解能否在我司现场试用，以及大致的合作方式。")
REPLY = "感谢关注！该成果已在本单位产线稳定运行，可以安排技术人员上门查看工况后给出方案。"


def load_inquiries() -> int:
    if db.session.execute(db.select(Inquiry.id).limit(1)).first():
        return 0  # demo inquiries come as one set: never top them up
    staff = next(iter(union_staff()), None)
    needs = db.session.execute(db.select(Need).where(Need.state == NeedState.PUBLISHED)
                               .order_by(Need.id)).scalars().all()
    if staff is None or not needs:
        return 0
    added = 0
    wanted = [state for state, count in PLAN for _ in range(count)]
    for need, state in zip(needs, wanted, strict=False):
        achievement = db.session.execute(db.select(Achievement).where(
            Achievement.state == State.PUBLISHED,
            Achievement.industry_code == need.industry_code).order_by(Achievement.id)
            .limit(1)).scalar_one_or_none()
        owner = need.created_by
        if achievement is None or owner is None:
            continue
        try:
            inquiry = services.open_inquiry(owner, achievement, OPENING.format(
                title=achievement.title, need=need.title), need)
        except services.AlreadyOpen:
            continue  # one live inquiry per enterprise and achievement

        studio_person = db.session.execute(db.select(User).where(
            User.studio_id == achievement.studio_id).order_by(User.id)).scalars().first()
        if studio_person is not None:
            services.post(studio_person, inquiry, REPLY)
        if state != InquiryState.OPEN:
            services.assign(staff, inquiry, staff)
            for target in PATHS[state]:
                services.move(staff, inquiry, target,
                              "企业预算调整，暂缓合作" if target == InquiryState.CLOSED else "",
                              confirmed=True)
        added += 1
    return added
