"""Small builders for test data; they flush and commit like a request would."""
from __future__ import annotations

import itertools

from exchange.auth import services as auth_services
from exchange.auth.models import Enterprise
from exchange.auth.roles import Role
from exchange.extensions import db
from exchange.studios import services as studio_services

PASSWORD = "Correct-horse-42"
_seq = itertools.count(1)


def studio_data(**overrides) -> dict:
    n = next(_seq)
    data = {
        "name": f"测试{n}号劳模创新工作室", "leader_name": "何光华", "honour_level": "city",
        "employer_unit": "无锡测试机械有限公司", "district_id": district_id("320213"),
        "industry_code": "34", "innovation_kinds": ["technology"], "is_demonstration": False,
        "party_building": "none", "founded_year": 2015, "description": "用于测试的工作室。",
        "contact_name": "", "contact_phone": "", "contact_email": "",
    }
    data.update(overrides)
    return data


def district_id(code: str) -> int:
    from exchange.reference.models import District

    return db.session.execute(db.select(District.id).where(District.code == code)).scalar_one()


def make_studio(**overrides):
    studio = studio_services.save_profile(None, studio_data(**overrides))
    db.session.commit()
    return studio


def make_user(role: Role, *, studio=None, email: str | None = None, name: str = "测试用户"):
    n = next(_seq)
    enterprise = None
    if role == Role.ENTERPRISE:
        from exchange.demo import credit_code_for

        enterprise = Enterprise(name=f"无锡测试企业{n}有限公司",
                                credit_code=credit_code_for(10_000 + n))
        db.session.add(enterprise)
    user = auth_services.create_user(
        email or f"{role.value}{n}@test.example.cn", name, PASSWORD, role,
        studio=studio, enterprise=enterprise,
    )
    db.session.commit()
    return user


def login(client, user, password: str = PASSWORD):
    response = client.post("/auth/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.data
    return client


def valid_patent_number(kind_digit: str = "1", serial: int = 123456, year: int = 2023) -> str:
    from exchange.achievements.validators import patent_check_digit

    digits = f"{year}{kind_digit}{serial:07d}"
    return f"CN{digits}.{patent_check_digit(digits)}"


def achievement_values(**overrides) -> dict:
    from exchange.achievements.kinds import AchievementType, LegalStatus, TransactionMode

    values = {
        "title": f"数控机床主轴故障在线诊断装置{next(_seq)}",
        "abstract": "通过振动与温度信号融合，实时识别主轴轴承早期故障，减少非计划停机。",
        "keywords": ["数控机床", "主轴", "故障诊断"],
        "type": AchievementType.INVENTION_PATENT,
        "patent_number": valid_patent_number("1", next(_seq)),
        "legal_status": LegalStatus.GRANTED, "industry_code": "34", "trl": 7,
        "transaction_modes": [TransactionMode.TRANSFER, TransactionMode.LICENSE_GENERAL],
        "price_fen": 15_000_000, "price_negotiable": False, "benefit_fen": 2_500_000,
    }
    values.update(overrides)
    return values


def make_achievement(author, state: str = "draft", **overrides):
    """An achievement of the author's studio, moved to `state` the way people would."""
    from exchange.achievements import services, workflow
    from exchange.achievements.kinds import State

    item = services.save(author, author.studio_id, None, achievement_values(**overrides),
                         [author.id])
    staff = _staff()
    steps = {
        "draft": [], "submitted": [(author, "submit")],
        "published": [(author, "submit"), (staff, "publish")],
        "returned": [(author, "submit"), (staff, "return")],
        "withdrawn": [(author, "submit"), (staff, "publish"), (staff, "withdraw")],
        "traded": [(author, "submit"), (staff, "publish"), (staff, "mark_traded")],
    }[state]
    for actor, action in steps:
        workflow.apply(actor, item, action, "请补充专利证书扫描件" if action == "return" else "")
    db.session.commit()
    assert item.state == State(state)
    return item


def _staff():
    from exchange.auth.models import User

    staff = db.session.execute(
        db.select(User).where(User.role == Role.UNION_STAFF).limit(1)
    ).scalar_one_or_none()
    return staff or make_user(Role.UNION_STAFF, name="审核员")


def _second_staff(mediator):
    """A union staff member other than the mediator: the approver (Trust rule: Four eyes)."""
    from exchange.auth.models import User

    other = db.session.execute(db.select(User).where(
        User.role == Role.UNION_STAFF, User.id != mediator.id).limit(1)).scalar_one_or_none()
    return other or make_user(Role.UNION_STAFF, name="审批人")


def need_values(**overrides) -> dict:
    from datetime import date, timedelta

    values = {
        "title": "数控机床主轴异响及早期故障在线诊断",
        "description": "我公司数控车床主轴在高速运行时出现异响，停机检修成本高，"
                       "希望实现主轴轴承故障的早期在线诊断与预警。",
        "keywords": ["数控机床", "主轴", "故障诊断"], "industry_code": "34",
        "district_code": "320213", "transaction_modes": ["transfer", "technical_service"],
        "budget_min_fen": 10_000_00, "budget_max_fen": 50_000_00, "budget_negotiable": False,
        "deadline": date.today() + timedelta(days=60), "contact_name": "周经理",
        "contact_phone": "0510-82701234",
    }
    values.update(overrides)
    return values


def make_need(owner, state: str = "draft", **overrides):
    """A need of the owner's enterprise, moved to `state` the way people would."""
    from exchange.needs import services, workflow
    from exchange.needs.kinds import NeedState

    need = services.save(owner, None, need_values(**overrides))
    staff = _staff()
    steps = {
        "draft": [], "submitted": [(owner, "submit")],
        "published": [(owner, "submit"), (staff, "publish")],
        "returned": [(owner, "submit"), (staff, "return")],
        "closed": [(owner, "submit"), (staff, "publish"), (owner, "close_solved")],
    }[state]
    for actor, action in steps:
        workflow.apply(actor, need, action, "请写明预算范围" if action == "return" else "")
    db.session.commit()
    assert need.state == NeedState(state)
    return need


def make_inquiry(enterprise_user, achievement, state: str = "open", mediator=None):
    """An inquiry on a published achievement, moved to `state` by its mediator."""
    from exchange.inquiries import services
    from exchange.inquiries.kinds import InquiryState

    inquiry = services.open_inquiry(enterprise_user, achievement, "请问该成果能否用于我司产线？")
    if state != "open" or mediator is not None:
        mediator = mediator or _staff()
        services.assign(_staff(), inquiry, mediator)
        path = {"open": [], "negotiating": ["negotiating"], "agreed": ["negotiating", "agreed"],
                "closed": ["closed"]}[state]
        for target in path:
            services.move(mediator, inquiry, InquiryState(target),
                          "企业另有安排" if target == "closed" else "", confirmed=True)
    db.session.commit()
    return inquiry


def _leader_of(studio_id: int):
    from exchange.auth.models import User

    leader = db.session.execute(db.select(User).where(
        User.studio_id == studio_id, User.role == Role.STUDIO_LEADER).limit(1)).scalar()
    if leader is None:
        from exchange.studios.models import Studio
        leader = make_user(Role.STUDIO_LEADER, studio=db.session.get(Studio, studio_id),
                           name="领衔人")
    return leader


def make_agreement(enterprise_user, achievement, mediator, state: str = "draft",
                   shares: list[tuple[str, str, int, int | None]] | None = None,
                   approver=None, inquiry=None):
    """An agreement drafted from a negotiating inquiry (`inquiry`, moved there by
    `mediator`, or a new one) and taken to `state` (draft, proposed, accepted, active).
    `shares` replaces the default beneficiaries: (kind, name, share_bp, user_id)."""
    from exchange.agreements import services
    from exchange.agreements.kinds import BeneficiaryKind, Party
    from exchange.agreements.models import Beneficiary
    from exchange.inquiries import services as inquiries
    from exchange.inquiries.kinds import InquiryState

    if inquiry is None:
        inquiry = make_inquiry(enterprise_user, achievement, "negotiating", mediator=mediator)
    else:
        inquiries.assign(_staff(), inquiry, mediator)
        inquiries.move(mediator, inquiry, InquiryState.NEGOTIATING, "", confirmed=True)
    agreement = services.create_from_inquiry(inquiry, mediator)
    version = agreement.versions[0]
    if shares is not None:
        version.beneficiaries.clear()
        db.session.flush()
        version.beneficiaries = [
            Beneficiary(position=i, kind=BeneficiaryKind(kind), name=name, share_bp=bp,
                        user_id=user_id)
            for i, (kind, name, bp, user_id) in enumerate(shares)]
    db.session.flush()
    if state in ("proposed", "accepted", "active"):
        services.propose(version, mediator, acknowledged=True)
    if state in ("accepted", "active"):
        services.accept(version, enterprise_user, Party.ENTERPRISE, confirmed=True)
        services.accept(version, _leader_of(agreement.studio_id), Party.STUDIO, confirmed=True)
        services.accept(version, mediator, Party.EMPLOYER_UNIT, "单位同意函 2026-18 号")
    if state == "active":
        services.approve(version, approver or _second_staff(mediator))
    db.session.commit()
    return agreement


def activity_values(kind: str = "training", **overrides) -> dict:
    from datetime import date, timedelta

    from exchange.programme.kinds import ActivityKind

    topics = {"training": "数控机床主轴装调技能培训", "tackling": "高炉煤气余热回收技术攻关",
              "party_building": "党员先锋岗主题党日活动"}
    values = {
        "kind": ActivityKind(kind), "held_on": date.today() - timedelta(days=3),
        "topic": topics[kind], "participants": 40 if kind == "training" else 12,
        "description": "工作室组织的活动，用于测试。",
    }
    values.update(overrides)
    return values


def make_activity(studio, author, kind: str = "training", verified: bool = False, **overrides):
    """An activity-log entry of `studio` recorded by `author`; verified by union staff if asked."""
    from exchange.programme import services

    activity = services.record(author, activity_values(kind, **overrides), studio.id)
    if verified:
        services.set_verified(_staff(), activity, True)
    db.session.commit()
    return activity


# --- issue 17: tokens the mails carry, jobs -----------------------------------------------

def _token_from(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[1]


def reset_token(user) -> str:
    """The token a password-reset mail would carry for this account."""
    from exchange.auth import account_mail

    return account_mail.reset_token(user)


def verify_token(user) -> str:
    from exchange.auth import account_mail

    return account_mail.verification_token(user)


def unsubscribe_token(user) -> str:
    from exchange.notifications import delivery
    from exchange.notifications.models import Category

    return _token_from(delivery.unsubscribe_path(user, Category.MATCH))


def make_failed_job():
    from exchange.jobs.models import Job, JobState

    job = Job(name="mail.send", args={"mail_id": 0}, state=JobState.FAILED, attempts=5,
              last_error="Traceback (most recent call last):\nOSError: connection refused")
    db.session.add(job)
    db.session.flush()
    return job


def make_import_job(actor):
    from exchange.jobs.models import Job, JobState

    job = Job(name="achievements.import", key=f"import:{next(_seq):064d}",
              args={"actor_id": actor.id, "studio_id": actor.studio_id, "token": "x" * 32},
              state=JobState.PENDING)
    db.session.add(job)
    db.session.flush()
    return job


def make_subscription(user, **values):
    from exchange.subscriptions import services

    return services.subscribe(user, values.pop("kind", "achievements"),
                              name=values.pop("name", "主轴"), query=values.pop("query", "主轴"),
                              **values)


def make_token(user, scope: str = "write", days: int = 30) -> str:
    """A personal access token of `user`; returns its secret."""
    from exchange.api import services as api_services

    _token, secret = api_services.create(user, f"测试令牌{next(_seq)}", scope, days)
    db.session.commit()
    return secret


def make_declaration(leader, achievement, state: str = "effective", staff=None,
                     approver=None):
    """An open-licence declaration on the achievement by the studio's leader, taken to
    `state` (draft, submitted, effective): the consent by `staff`, approval and the
    announcement by `approver` (four eyes)."""
    from datetime import timedelta

    from exchange.db_types import local_today
    from exchange.openlicences import services

    declaration = services.start(achievement, leader)
    if state in ("submitted", "effective"):
        services.submit(declaration, leader, ["fees_paid", "not_pledged", "not_suspended"],
                        acknowledged=True)
    if state == "effective":
        staff = staff or _staff()
        services.record_consent(declaration, staff, "厂办函〔2026〕21号")
        services.approve(declaration, approver or _second_staff(staff))
        services.record_announcement(declaration, approver or _second_staff(staff),
                                     local_today() - timedelta(days=1), "CN-OL-2026-001")
    db.session.commit()
    return declaration
