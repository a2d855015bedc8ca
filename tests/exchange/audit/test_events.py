"""Each audited event writes exactly one row, with the changed fields before and after
(Trust rule: An audit trail): rights, publication, agreements, money."""
from __future__ import annotations

from datetime import date

from exchange.achievements import workflow as achievement_workflow
from exchange.agreements import money, services
from exchange.agreements.kinds import AgreementState, Party
from exchange.auth.roles import Role
from exchange.inquiries import services as inquiries
from exchange.inquiries.kinds import InquiryState
from exchange.needs import workflow as need_workflow
from tests.support import factories

SHARES = [("inventor", "成员甲", 4000, None), ("studio_fund", "工作室基金", 6000, None)]


def test_role_change_and_deactivation_through_the_admin_pages(admin_client, users, trail):
    target = users["enterprise"]
    admin_client.post(f"/admin/users/{target.id}/role", data={"role": "union_staff"})
    entry = trail.one("account.role_changed")
    assert (entry.actor_id, entry.target_kind, entry.target_id) == (
        users["admin"].id, "user", target.id)
    assert (entry.before, entry.after) == ({"role": "enterprise"}, {"role": "union_staff"})
    admin_client.post(f"/admin/users/{target.id}/active")
    entry = trail.one("account.deactivated")
    assert (entry.before, entry.after) == ({"active": True}, {"active": False})
    admin_client.post(f"/admin/users/{target.id}/active")
    entry = trail.one("account.reactivated")
    assert (entry.before, entry.after) == ({"active": False}, {"active": True})
    # A refused change (one's own account) writes nothing.
    admin_client.post(f"/admin/users/{users['admin'].id}/role", data={"role": "enterprise"})
    assert trail.new() == []


def test_removing_a_studio_member_deactivates_with_a_reason(leader_client, users, studio,
                                                            trail):
    member = users["studio_member"]
    leader_client.post(f"/studios/{studio.id}/members/{member.id}/remove")
    entry = trail.one("account.deactivated")
    assert entry.actor_id == users["studio_leader"].id and entry.target_id == member.id
    assert entry.reason


def test_publication_decisions(db, users, trail):
    staff, author = users["union_staff"], users["studio_member"]
    item = factories.make_achievement(author, "submitted")
    trail.mark()
    achievement_workflow.apply(staff, item, "return", "请补充检测报告")
    entry = trail.one("achievement.returned")
    assert (entry.before, entry.after) == ({"state": "submitted"}, {"state": "returned"})
    assert entry.reason == "请补充检测报告" and entry.target_id == item.id
    achievement_workflow.apply(author, item, "submit")
    assert trail.new() == []  # the studio's own steps are not audited
    achievement_workflow.apply(staff, item, "publish")
    assert trail.one("achievement.published").after == {"state": "published"}
    achievement_workflow.apply(users["studio_leader"], item, "withdraw")
    entry = trail.one("achievement.withdrawn")
    assert entry.actor_id == users["studio_leader"].id and entry.before == {"state": "published"}

    need = factories.make_need(users["enterprise"], "submitted")
    trail.mark()
    need_workflow.apply(staff, need, "return", "请写明预算")
    assert trail.one("need.returned").target_kind == "need"
    need_workflow.apply(users["enterprise"], need, "submit")
    need_workflow.apply(staff, need, "publish")
    assert trail.one("need.published").after == {"state": "published"}


def test_agreement_life_and_money(db, users, trail):
    staff, enterprise = users["union_staff"], users["enterprise"]
    approver = factories.make_user(Role.UNION_STAFF, name="审批人")
    item = factories.make_achievement(users["studio_member"], "published")
    agreement = factories.make_agreement(enterprise, item, staff, "draft", shares=SHARES)
    version = agreement.versions[0]
    trail.mark()
    services.propose(version, staff, acknowledged=True)  # 40 % to inventors: art. 45
    entry = trail.one("agreement.warnings_acknowledged")
    assert entry.target_id == agreement.id and "art45" in entry.after["warnings"]

    services.accept(version, enterprise, Party.ENTERPRISE, confirmed=True)
    entry = trail.one("agreement.accepted")
    assert entry.before == {"version": 1, "accepted": []}
    assert entry.after == {"version": 1, "accepted": ["enterprise"], "party": "enterprise"}
    services.accept(version, users["studio_leader"], Party.STUDIO, confirmed=True)
    trail.one("agreement.accepted")
    services.accept(version, staff, Party.EMPLOYER_UNIT, "厂办函〔2026〕18号")
    assert trail.one("agreement.accepted").reason == "厂办函〔2026〕18号"

    services.approve(version, approver)
    entry = trail.one("agreement.approved")
    assert entry.actor_id == approver.id
    assert entry.before == {"version": 1, "version_state": "accepted",
                            "agreement_state": "negotiating"}
    assert entry.after == {"version": 1, "version_state": "approved",
                           "agreement_state": "active", "approved_by": approver.id}

    posted = money.record_receipt(agreement, staff, key="r1", amount_fen=100_000,
                                  on=date(2026, 11, 20), reference="工行回单 0001")
    entry = trail.one("money.receipt")
    assert entry.after == {"transaction_id": posted.transaction_id, "key": "r1",
                           "amount_fen": 100_000, "on": "2026-11-20",
                           "reference": "工行回单 0001"}
    money.record_receipt(agreement, staff, key="r1", amount_fen=100_000,
                         on=date(2026, 11, 20), reference="工行回单 0001")
    assert trail.new() == []  # a replayed form posts once and is audited once
    person = version.beneficiaries[0]
    money.record_payout(agreement, staff, key="p1", beneficiary_id=person.id,
                        amount_fen=10_000, on=date(2026, 11, 21), reference="转账")
    entry = trail.one("money.payout")
    assert entry.after["beneficiary_id"] == person.id and entry.after["amount_fen"] == 10_000
    money.reverse(agreement, staff, key="x-p1", original_key="p1", reason="录入错误")
    entry = trail.one("money.reversal")
    assert entry.before["key"] == "p1" and entry.after["key"] == "x-p1"
    assert entry.reason == "录入错误"

    services.close(agreement, staff, AgreementState.TERMINATED, "企业停产")
    entry = trail.one("agreement.terminated")
    assert (entry.before, entry.after, entry.reason) == (
        {"state": "active"}, {"state": "terminated"}, "企业停产")


def test_refused_approval(db, users, trail):
    item = factories.make_achievement(users["studio_member"], "published")
    agreement = factories.make_agreement(users["enterprise"], item, users["union_staff"],
                                         "accepted")
    trail.mark()
    services.refuse(agreement.versions[0], users["admin"], "分成比例需复核")
    entry = trail.one("agreement.refused")
    assert entry.before["version_state"] == "accepted"
    assert entry.after["version_state"] == "withdrawn" and entry.reason == "分成比例需复核"


def test_marking_an_inquiry_agreed(db, users, trail):
    item = factories.make_achievement(users["studio_member"], "published")
    inquiry = factories.make_inquiry(users["enterprise"], item, "negotiating",
                                     mediator=users["union_staff"])
    trail.mark()
    inquiries.move(users["union_staff"], inquiry, InquiryState.AGREED, confirmed=True)
    entry = trail.one("inquiry.agreed")
    assert (entry.before, entry.after) == ({"state": "negotiating"}, {"state": "agreed"})


def test_a_rolled_back_change_leaves_no_row(db, users, trail):
    """Same transaction: approval, money and titles roll back with their audit rows."""
    from exchange.studios import services as studios
    from exchange.studios.models import HonourLevel, PartyBuilding

    item = factories.make_achievement(users["studio_member"], "published")
    agreement = factories.make_agreement(users["enterprise"], item, users["union_staff"],
                                         "accepted")
    studio_id = item.studio_id
    trail.mark()
    services.approve(agreement.versions[0], users["admin"])
    money.record_receipt(agreement, users["union_staff"], key="r-rollback", amount_fen=500,
                         on=date(2026, 11, 20), reference="回单")
    studios.set_titles(users["union_staff"], item.studio, HonourLevel.NATIONAL, True,
                       PartyBuilding.PARTY_ORGANISATION, "命名文件")
    assert [e.action for e in trail.new()] == [  # flushed in the change's transaction
        "agreement.approved", "money.receipt", "studio.titles_changed"]
    db.session.rollback()
    assert trail.new() == []
    from exchange.studios.models import Studio

    assert db.session.get(Studio, studio_id).honour_level == HonourLevel.CITY
