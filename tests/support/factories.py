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
        "employer_unit": "无锡测试机械有限公司", "district_id": _district_id("320213"),
        "industry_code": "34", "innovation_kinds": ["technology"], "is_demonstration": False,
        "party_building": "none", "founded_year": 2015, "description": "用于测试的工作室。",
        "contact_name": "", "contact_phone": "", "contact_email": "",
    }
    data.update(overrides)
    return data


def _district_id(code: str) -> int:
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
