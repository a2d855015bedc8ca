"""Demo technical needs, written as enterprises write them: a problem on their line, what
it costs, what they tried, what a solution must achieve. Built from the demo achievements'
keywords and industries (never their titles), so the matcher has something to find."""
from __future__ import annotations

import random
from datetime import timedelta

from exchange.achievements.kinds import State, TransactionMode
from exchange.achievements.models import Achievement
from exchange.auth.models import User
from exchange.auth.roles import Role
from exchange.db_types import local_today, utcnow
from exchange.demo.people import union_staff
from exchange.extensions import db
from exchange.needs.kinds import CloseReason, NeedState
from exchange.needs.models import Need, NeedTransition
from exchange.reference.models import District

COUNT = 120
PROBLEMS = ("故障频发", "效率偏低", "能耗偏高", "质量波动大", "全靠人工检测", "成本居高不下",
            "数据无法实时掌握", "寿命短、更换频繁")
COSTS = ("每年因停机损失约{n}万元", "产品一次合格率只有{p}%左右", "一线人工成本逐年上升",
         "客户投诉明显增多", "每月返工量占产量的{r}%")
TRIED = ("增加人工巡检频次", "更换进口设备", "反复调整工艺参数", "与高校做过初步交流",
         "请设备厂家上门排查")
GOALS = ("实现自动监测和提前预警", "把合格率提高到{p2}%以上", "能耗降低{r}%以上",
         "减少人工干预、降低劳动强度", "缩短检修时间一半以上")
CONDITIONS = ("方案需能在现有产线上改造实施，不影响正常生产", "希望半年内完成试点",
              "需提供技术培训和后续服务", "优先考虑本地团队，便于现场对接")
TITLES = ("{k1}{problem}，寻求{k2}方面的解决方案", "如何解决{k1}{problem}的问题",
          "{k1}{problem}，求{k2}技术支持", "征集{k1}{problem}的改进办法")
STATES = {NeedState.PUBLISHED: 70, NeedState.SUBMITTED: 10, NeedState.DRAFT: 8,
          NeedState.RETURNED: 6, NeedState.CLOSED: 6}
RETURN_REASON = "请写明预算范围，并补充目前的工况和已采取的措施。"


def _text(rng: random.Random, pattern: str, **words) -> str:
    return pattern.format(n=rng.randint(20, 300), p=rng.randint(70, 92), r=rng.randint(5, 20),
                          p2=rng.randint(95, 99), **words)


def load_needs() -> int:
    """Create the demo needs that are not there yet; returns how many were added."""
    owners = db.session.execute(db.select(User).where(User.role == Role.ENTERPRISE,
                                                      User.enterprise_id.is_not(None))
                                .order_by(User.id)).scalars().all()
    staff = next(iter(union_staff()), None)
    sources = db.session.execute(db.select(Achievement).where(
        Achievement.state == State.PUBLISHED).order_by(Achievement.id)).scalars().all()
    districts = db.session.execute(db.select(District.code).order_by(District.code)).scalars()
    districts = list(districts)
    if not owners or staff is None or not sources:
        return 0
    existing = set(db.session.execute(db.select(Need.enterprise_id, Need.title)).all())
    rng = random.Random(7)
    today, now = local_today(), utcnow()
    added = 0
    for i in range(COUNT):
        source = sources[rng.randrange(len(sources))]
        words = [k for k in source.keywords if 2 <= len(k) <= 10] or [source.industry.name]
        k1, k2 = words[0], words[-1] if len(words) > 1 else "相关"
        owner = owners[i % len(owners)]
        problem = rng.choice(PROBLEMS)
        title = _text(rng, rng.choice(TITLES), k1=k1, k2=k2, problem=problem)
        description = "".join((
            f"我单位是一家{source.industry.name}企业。目前{k1}环节{problem}，",
            _text(rng, rng.choice(COSTS)), "。已尝试", rng.choice(TRIED), "，效果不理想。",
            f"希望引入{'、'.join(words[:3])}相关技术，", _text(rng, rng.choice(GOALS)), "；",
            rng.choice(CONDITIONS), "。"))
        state = rng.choices(list(STATES), weights=list(STATES.values()))[0]
        negotiable = rng.random() < 0.25
        low = rng.randint(1, 20) * 50_000_00
        started = now - timedelta(days=rng.randint(10, 120))
        deadline = today + timedelta(days=rng.randint(20, 200))
        # Its own generator for the rest: skipping an existing need must not shift the
        # draws of the next ones, or a second run would add near-duplicates.
        local = random.Random(rng.random())
        if (owner.enterprise_id, title) in existing:
            continue
        existing.add((owner.enterprise_id, title))
        need = Need(
            enterprise_id=owner.enterprise_id, created_by_id=owner.id, title=title,
            description=description, keywords=words[:4], industry_code=source.industry_code,
            district_code=local.choice(districts), budget_negotiable=negotiable,
            budget_min_fen=None if negotiable else low,
            budget_max_fen=None if negotiable else low * local.choice((2, 3, 4)),
            deadline=deadline, contact_name=owner.name,
            contact_phone=f"0510-8{local.randint(0, 9_999_999):07d}", created_at=started,
            updated_at=started)
        need.transaction_modes = local.sample(list(TransactionMode), local.randint(1, 3))
        _history(need, state, started, owner, staff, local, today)
        db.session.add(need)
        added += 1
    db.session.flush()
    return added


def _history(need: Need, state: NeedState, started, owner, staff, rng, today) -> None:
    paths = {NeedState.DRAFT: [], NeedState.SUBMITTED: [NeedState.SUBMITTED],
             NeedState.RETURNED: [NeedState.SUBMITTED, NeedState.RETURNED],
             NeedState.PUBLISHED: [NeedState.SUBMITTED, NeedState.PUBLISHED],
             NeedState.CLOSED: [NeedState.SUBMITTED, NeedState.PUBLISHED, NeedState.CLOSED]}
    steps = [NeedTransition(actor_id=owner.id, from_state=None, to_state=NeedState.DRAFT,
                            created_at=started)]
    when, current = started, NeedState.DRAFT
    for target in paths[state]:
        when += timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 8))
        actor = None if target == NeedState.CLOSED else (
            owner if target == NeedState.SUBMITTED else staff)
        steps.append(NeedTransition(actor_id=actor.id if actor else None, from_state=current,
                                    to_state=target, created_at=when,
                                    reason=RETURN_REASON if target == NeedState.RETURNED
                                    else ""))
        if target == NeedState.PUBLISHED:
            need.published_at = when
        current = target
    if state == NeedState.CLOSED:  # expired by the deadline, as `flask needs expire` does
        need.deadline = today - timedelta(days=rng.randint(1, 20))
        need.close_reason = CloseReason.EXPIRED
    need.transitions = steps
    need.state = state
    need.updated_at = when
