from __future__ import annotations

import pytest

from exchange.auth.roles import Role
from tests.support import factories


@pytest.fixture
def deal(db, users, studio):
    """A published achievement of `studio` (by the member) and the people around a deal:
    the enterprise user, the studio leader, a mediator and another union staff member."""
    achievement = factories.make_achievement(users["studio_member"], "published",
                                             price_fen=10_000_000)
    return {
        "achievement": achievement,
        "enterprise": users["enterprise"],
        "leader": users["studio_leader"],
        "mediator": users["union_staff"],
        "approver": factories.make_user(Role.UNION_STAFF, name="审批人"),
        "inventor": users["studio_member"],
    }


SHARES_50_30_15_5 = [("inventor", "成员甲", 5000, None), ("studio_fund", "工作室基金", 3000, None),
                     ("employer_unit", "无锡机床厂", 1500, None), ("platform", "平台", 500, None)]


@pytest.fixture
def active_agreement(deal):
    shares = [(k, n, bp, deal["inventor"].id if k == "inventor" else None)
              for k, n, bp, _ in SHARES_50_30_15_5]
    return factories.make_agreement(deal["enterprise"], deal["achievement"], deal["mediator"],
                                    "active", shares=shares, approver=deal["approver"])
