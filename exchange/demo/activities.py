"""Demo activity log: trainings, tackling projects and party-building activities of the
demo studios over this year and the last, most verified by union staff, so the programme
dashboard shows this year's training at roughly 70 % of its 2000 person-times target."""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from exchange.auth.models import User
from exchange.auth.roles import Role
from exchange.db_types import LOCAL_ZONE, local_today
from exchange.demo.people import union_staff
from exchange.extensions import db
from exchange.programme.kinds import ActivityKind
from exchange.programme.models import Activity
from exchange.studios.models import PartyBuilding, Studio

TRAININGS = (
    "数控机床操作与日常维护技能培训", "焊接工艺评定与实操培训", "精益生产与现场改善培训",
    "安全生产标准化与隐患排查培训", "PLC编程与自动化控制培训", "QC小组活动方法培训",
    "电气设备带电检测技术培训", "“师带徒”技能传授集中授课", "工业机器人示教编程培训",
    "专利申请与知识产权保护讲座", "节能降耗技术交流培训", "液压系统故障诊断培训",
    "职业技能等级认定考前辅导", "BIM建模与施工模拟应用培训",
)
TACKLING = (
    "高炉煤气余热回收效率提升攻关", "柴油机缸盖铸造缺陷攻关", "细纱断头率降低技术攻关",
    "配网故障快速定位技术攻关", "地铁车辆制动系统异响攻关", "污水处理曝气能耗优化攻关",
    "汽轮机叶片型面加工精度提升攻关", "功率芯片封装良率提升攻关", "轴承套圈磨削振纹攻关",
    "陶瓷窑炉温控精度提升攻关",
)
PARTY = (
    "“党建+创新”主题党日活动", "党员先锋岗技术攻坚承诺践诺活动", "党的二十大精神专题学习会",
    "劳模工匠进党校宣讲", "党员技术骨干结对帮带启动会", "“红色工匠”志愿服务进社区",
    "党建共建签约暨技术交流会",
)
DESCRIPTIONS = {
    ActivityKind.TRAINING: "由{leader}带领工作室骨干授课，理论讲解与现场实操相结合，"
                           "课后进行了技能考核。",
    ActivityKind.TACKLING: "针对生产中的难点问题成立攻关小组，{leader}任组长，"
                           "已完成原因分析并进入方案验证阶段。",
    ActivityKind.PARTY_BUILDING: "工作室党员与技术骨干共同参加，{leader}结合创新实践作交流发言。",
}
THIS_YEAR_TRAINING = 1520  # person-times recorded this year, before verification
RECENT_DAYS = 21  # entries held in the last three weeks still await verification


def _people() -> tuple[dict[int, list[User]], list[User]]:
    studio_users: dict[int, list[User]] = {}
    for user in db.session.execute(db.select(User).where(
            User.role.in_((Role.STUDIO_LEADER, Role.STUDIO_MEMBER)))
            .order_by(User.role, User.id)).scalars():  # leaders first
        studio_users.setdefault(user.studio_id, []).append(user)
    return studio_users, union_staff()


def _plan(studios: list[Studio], today: date, rng: random.Random) -> list[tuple]:
    """(studio, kind, held_on, topic, participants) for every demo entry."""
    this_start, last_start = date(today.year, 1, 1), date(today.year - 1, 1, 1)
    this_days, last_days = (today - this_start).days, (this_start - last_start).days - 1
    entries = []
    for year_start, days, this_year in ((last_start, last_days, False),
                                        (this_start, this_days, True)):
        def day(fraction: float, start=year_start, span=days) -> date:
            return start + timedelta(days=round(span * fraction))

        for i, studio in enumerate(studios):
            for _ in range(1 + (i % 3 == 0)):
                entries.append((studio, ActivityKind.TRAINING, day(rng.random()),
                                rng.choice(TRAININGS), rng.randint(20, 60), this_year))
            if i % 2 == 0:
                entries.append((studio, ActivityKind.TACKLING, day(rng.random()),
                                rng.choice(TACKLING), rng.randint(3, 12), this_year))
            if studio.party_building != PartyBuilding.NONE:
                for _ in range(1 + (i % 4 == 0)):
                    entries.append((studio, ActivityKind.PARTY_BUILDING, day(rng.random()),
                                    rng.choice(PARTY), rng.randint(8, 30), this_year))
    # Scale this year's trainings to the planned total; last year's to about the target.
    for this_year, total in ((True, THIS_YEAR_TRAINING), (False, 1950)):
        rows = [k for k, e in enumerate(entries) if e[1] == ActivityKind.TRAINING
                and e[5] == this_year]
        raw = sum(entries[k][4] for k in rows)
        for k in rows:
            studio, kind, held_on, topic, people, _ = entries[k]
            entries[k] = (studio, kind, held_on, topic, max(1, round(people * total / raw)),
                          this_year)
    return [entry[:5] for entry in entries]


def _verified_at(held_on: date, days: int, today: date) -> datetime:
    day = min(held_on + timedelta(days=days), today)
    return datetime.combine(day, time(10, 30), LOCAL_ZONE).astimezone(UTC)


def load_activities() -> int:
    if db.session.execute(db.select(Activity.id).limit(1)).first():
        return 0
    studio_users, staff = _people()
    studios = [s for s in db.session.execute(db.select(Studio).order_by(Studio.id)).scalars()
               if studio_users.get(s.id)]
    if not studios or not staff:
        return 0
    today = local_today()
    rng = random.Random(2000)  # the same demo log on every run
    rows = []
    for n, (studio, kind, held_on, topic, participants) in enumerate(
            _plan(studios, today, rng)):
        people = studio_users[studio.id]
        author = people[n % len(people)]
        # Recent entries await verification, and a few older ones slipped through.
        verified = (today - held_on).days > RECENT_DAYS and n % 17 != 5
        checker = staff[n % len(staff)]
        rows.append(Activity(
            studio_id=studio.id, kind=kind, held_on=held_on, topic=topic,
            participants=participants,
            description=DESCRIPTIONS[kind].format(leader=studio.leader_name),
            created_by_id=author.id,
            verified_by_id=checker.id if verified else None,
            verified_at=_verified_at(held_on, 3 + n % 9, today) if verified else None))
    db.session.add_all(rows)
    db.session.flush()
    return len(rows)
