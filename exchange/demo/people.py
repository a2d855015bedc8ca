"""Idempotent demo data: studios across Wuxi's districts and industries, their people,
enterprises, union staff and an admin. Natural keys (names, e-mails, credit codes) make a
second run a no-op. Flushes only; the CLI commits.
"""
from __future__ import annotations

import random

from flask import current_app
from werkzeug.security import generate_password_hash

from exchange.auth.models import Enterprise, User
from exchange.auth.roles import Role
from exchange.auth.validators import CREDIT_CODE_ALPHABET, credit_code_check_char
from exchange.db_types import utcnow
from exchange.extensions import db
from exchange.reference.models import District
from exchange.reference.services import sync_reference_data
from exchange.studios.models import HonourLevel, InnovationKind, PartyBuilding, Studio

DEMO_PASSWORD = "ChuangXin2026"
DEMO_DOMAIN = "demo.exchange.cn"

# (employer unit, district code, GB/T 4754 division)
EMPLOYERS = [
    ("一汽解放汽车有限公司无锡柴油机厂", "320214", "36"),
    ("阳光集团", "320281", "17"),
    ("红豆集团有限公司", "320205", "18"),
    ("国网江苏省电力有限公司无锡供电分公司", "320213", "44"),
    ("无锡地铁集团有限公司", "320211", "54"),
    ("江阴兴澄特种钢铁有限公司", "320281", "31"),
    ("双良集团有限公司", "320281", "34"),
    ("无锡透平叶片有限公司", "320206", "34"),
    ("无锡威孚高科技集团股份有限公司", "320214", "36"),
    ("华润微电子有限公司", "320214", "39"),
    ("无锡市水务集团有限公司", "320213", "46"),
    ("宜兴市环保科技工业园管委会", "320282", "77"),
    ("无锡市公共交通集团有限公司", "320213", "54"),
    ("无锡市人民医院", "320211", "84"),
    ("海澜集团有限公司", "320281", "18"),
    ("无锡华光环保能源集团股份有限公司", "WXEDZ", "34"),
    ("无锡市建筑设计研究院有限责任公司", "WXEDZ", "74"),
    ("无锡小天鹅电器有限公司", "WXEDZ", "38"),
    ("无锡药明康德新药开发股份有限公司", "320211", "73"),
    ("江苏宜兴陶瓷集团", "320282", "30"),
    ("无锡惠山软件外包园运营公司", "320206", "65"),
    ("锡山现代农业发展有限公司", "320205", "01"),
    ("无锡一棉纺织集团有限公司", "320206", "17"),
    ("中国船舶集团第七〇二研究所", "320211", "73"),
]
COMPANY_STUDIOS = {"阳光集团": "阳光集团劳模创新工作室", "红豆集团有限公司": "红豆集团职工创客中心"}
LEADERS = (
    "何光华 李树民 王建国 张志强 刘海涛 陈立新 杨春明 赵卫东 黄志刚 周红梅 吴国平 徐长青 "
    "孙建华 马晓峰 朱永强 胡文斌 郭振宇 林秀英 高德胜 罗明亮 郑小军 梁永伟 谢晓东 宋海波 "
    "唐玉兰 许国栋 韩卫国 冯志伟 邓丽华 曹建明 彭金山 曾红霞 肖永生 袁宏伟 潘正德 蒋文华 "
    "余振华 杜海燕 叶志明 程光辉 魏大伟 苏建平"
).split()
MEMBER_NAMES = (
    "王磊 李娜 张伟 刘洋 陈静 杨帆 赵敏 黄鹏 周婷 吴刚 徐丽 孙浩 马超 朱琳 胡军 郭芳 "
    "林峰 高翔 罗斌 郑洁 梁辉 谢勇 宋佳 唐亮 许可 韩雪 冯涛 邓超 曹阳 彭飞"
).split()
STUDIO_SUFFIXES = ("劳模创新工作室", "劳模创新工作室", "工匠创新工作室", "职工创客中心")
ENTERPRISES = [
    ("无锡精工智能装备有限公司", "张经理"),
    ("江苏锡能新材料科技有限公司", "李总工"),
    ("宜兴绿源环境工程有限公司", "陈主任"),
    ("无锡博远电子科技有限公司", "周工程师"),
    ("江阴澄江纺织机械有限公司", "吴厂长"),
]
KIND_NAMES_ZH = {
    InnovationKind.TECHNOLOGY: "科技创新", InnovationKind.MANAGEMENT: "管理创新",
    InnovationKind.SERVICE: "服务创新", InnovationKind.MECHANISM: "机制创新",
}
STUDIO_DESCRIPTION = (
    "工作室以{leader}同志为领衔人，依托{unit}，围绕生产一线的技术难题开展{kinds}，"
    "组织技术攻关、技能培训和师带徒活动，推动创新成果在企业内外转化应用。"
)


def credit_code_for(seed: int) -> str:
    """A valid 统一社会信用代码 for demo companies: 91 + Wuxi region + organisation code."""
    rng = random.Random(seed)
    body = "91320200" + "".join(rng.choice(CREDIT_CODE_ALPHABET[:10] + "ABCDEFGH")
                                for _ in range(9))
    return body + credit_code_check_char(body)


class _Loader:
    def __init__(self) -> None:
        self.summary = {"studios": 0, "users": 0, "enterprises": 0}
        # One hash for every demo account: the password is the same and hashing is slow.
        self.password_hash = generate_password_hash(
            DEMO_PASSWORD, method=current_app.config["PASSWORD_HASH_METHOD"]
        )
        self.users = {u.email: u for u in db.session.execute(db.select(User)).scalars()}

    def user(self, local: str, name: str, role: Role, **links) -> User:
        email = f"{local}@{DEMO_DOMAIN}"
        user = self.users.get(email)
        if user is None:
            user = User(email=email, name=name, role=role, password_hash=self.password_hash,
                        email_verified_at=utcnow(), **links)
            db.session.add(user)
            self.users[email] = user
            self.summary["users"] += 1
        return user

    def studios(self) -> list[Studio]:
        existing = {s.name: s for s in db.session.execute(db.select(Studio)).scalars()}
        districts = {d.code: d for d in db.session.execute(db.select(District)).scalars()}
        rng = random.Random(4754)
        studios = []
        for i, leader in enumerate(LEADERS):
            unit, district_code, division = EMPLOYERS[i % len(EMPLOYERS)]
            name = COMPANY_STUDIOS.get(unit) if i < len(EMPLOYERS) else None
            name = name or leader + STUDIO_SUFFIXES[i % len(STUDIO_SUFFIXES)]
            studio = existing.get(name)
            if studio is None:
                kinds = [InnovationKind.TECHNOLOGY] + rng.sample(
                    [InnovationKind.MANAGEMENT, InnovationKind.SERVICE, InnovationKind.MECHANISM],
                    rng.randint(0, 2),
                )
                honour = (HonourLevel.NATIONAL if i % 9 == 0 else HonourLevel.PROVINCIAL
                          if i % 4 == 0 else HonourLevel.CITY if i % 3 else HonourLevel.DISTRICT)
                studio = Studio(
                    name=name, leader_name=leader, honour_level=honour, employer_unit=unit,
                    district=districts[district_code], industry_code=division,
                    is_demonstration=i % 5 == 0,
                    party_building=(PartyBuilding.PARTY_ORGANISATION, PartyBuilding.PIONEER_POST,
                                    PartyBuilding.NONE)[i % 3],
                    founded_year=2008 + i % 15,
                    description=STUDIO_DESCRIPTION.format(
                        leader=leader, unit=unit, kinds="、".join(KIND_NAMES_ZH[k] for k in kinds)),
                    contact_name=leader, contact_phone=f"0510-8{i:03d}{rng.randint(1000, 9999)}",
                    contact_email=f"studio{i + 1:02d}@{DEMO_DOMAIN}",
                )
                studio.innovation_kinds = kinds
                db.session.add(studio)
                self.summary["studios"] += 1
            studios.append(studio)
        db.session.flush()
        return studios

    def enterprises(self) -> None:
        existing = {e.credit_code: e for e in db.session.execute(db.select(Enterprise)).scalars()}
        for i, (company, contact) in enumerate(ENTERPRISES, start=1):
            code = credit_code_for(i)
            enterprise = existing.get(code)
            if enterprise is None:
                enterprise = Enterprise(name=company, credit_code=code)
                db.session.add(enterprise)
                self.summary["enterprises"] += 1
            self.user(f"enterprise{i:02d}", contact, Role.ENTERPRISE, enterprise=enterprise)


def union_staff() -> list[User]:
    """The demo's union staff, oldest account first: the loaders' reviewers, mediators and
    approvers (the first and the second: four eyes)."""
    return list(db.session.execute(db.select(User).where(User.role == Role.UNION_STAFF)
                                   .order_by(User.id)).scalars())


def load_people() -> dict[str, int]:
    sync_reference_data()
    loader = _Loader()
    loader.user("admin", "系统管理员", Role.ADMIN)
    loader.user("staff", "市总工会 刘文静", Role.UNION_STAFF)
    loader.user("staff2", "梁溪区总工会 陆明", Role.UNION_STAFF)
    for i, studio in enumerate(loader.studios(), start=1):
        loader.user(f"leader{i:02d}", studio.leader_name, Role.STUDIO_LEADER, studio=studio)
        for j in range(2):
            number = 2 * (i - 1) + j + 1
            name = MEMBER_NAMES[(number - 1) % len(MEMBER_NAMES)]
            loader.user(f"member{number:02d}", name, Role.STUDIO_MEMBER, studio=studio)
    loader.enterprises()
    db.session.flush()
    return loader.summary
