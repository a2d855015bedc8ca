"""Draft → proposed → accepted by each party → approved → active → completed/terminated."""
from __future__ import annotations

import pytest

from exchange.agreements import services
from exchange.agreements.kinds import AgreementState, Party, VersionState
from exchange.agreements.models import Agreement
from exchange.extensions import db
from exchange.services_base import DomainError
from tests.support import factories

TERMS = {
    "deal_type": "licence", "exclusivity": "sole", "consideration": "200000",
    "term_start": "2026-01-01", "term_end": "2027-12-31", "payment_kind": "instalments",
    "instalments-0-due_on": "2026-03-01", "instalments-0-amount": "120000",
    "instalments-1-due_on": "2026-09-01", "instalments-1-amount": "80000",
    "beneficiaries-0-kind": "inventor", "beneficiaries-0-person": "成员甲",
    "beneficiaries-0-share": "40",
    "beneficiaries-1-kind": "studio_fund", "beneficiaries-1-person": "工作室基金",
    "beneficiaries-1-share": "30",
    "beneficiaries-2-kind": "employer_unit", "beneficiaries-2-person": "无锡机床厂",
    "beneficiaries-2-share": "25",
    "beneficiaries-3-kind": "platform", "beneficiaries-3-person": "平台",
    "beneficiaries-3-share": "5",
}


def _reload(agreement_id):
    db.session.expire_all()
    return db.session.get(Agreement, agreement_id)


def test_mediator_drafts_edits_proposes_parties_accept_staff_approve(client_for, deal):
    inquiry = factories.make_inquiry(deal["enterprise"], deal["achievement"], "negotiating",
                                     mediator=deal["mediator"])
    mediator = client_for("union_staff")
    page = mediator.get(f"/inquiries/{inquiry.id}")
    assert "draft-agreement" in page.text
    response = mediator.post(f"/inquiries/{inquiry.id}/agreement")
    assert response.status_code == 302 and response.location.endswith("/versions/1/edit")
    agreement = db.session.execute(db.select(Agreement)).scalar_one()
    version = agreement.versions[0]
    # Prefilled: the achievement's price and its inventor, defaults summing to 100 %.
    assert version.consideration_fen == 10_000_000 and version.total_share_bp == 10000
    assert version.beneficiaries[0].user_id == deal["inventor"].id

    response = mediator.post(f"/agreements/{agreement.id}/versions/1/edit", data=TERMS)
    assert response.status_code == 302
    agreement = _reload(agreement.id)
    version = agreement.versions[0]
    assert [b.share_bp for b in version.beneficiaries] == [4000, 3000, 2500, 500]
    assert [i.amount_fen for i in version.installments] == [12_000_000, 8_000_000]

    # 40 % to inventors under a licence trips art. 45: proposing needs the acknowledgement.
    detail = mediator.get(f"/agreements/{agreement.id}")
    assert 'data-code="art45"' in detail.text
    mediator.post(f"/agreements/{agreement.id}/versions/1/propose")
    assert _reload(agreement.id).versions[0].state == VersionState.DRAFT
    mediator.post(f"/agreements/{agreement.id}/versions/1/propose", data={"acknowledge": "y"})
    version = _reload(agreement.id).versions[0]
    assert version.state == VersionState.PROPOSED
    # The demo achievement is a granted invention patent: art. 93's reward reminder too.
    assert version.acknowledged_warnings == ["art45", "art93"]
    assert version.acknowledged_by_id == deal["mediator"].id

    client_for("enterprise").post(f"/agreements/{agreement.id}/versions/1/accept",
                                  data={"party": "enterprise", "confirm": "y"})
    client_for("studio_leader").post(f"/agreements/{agreement.id}/versions/1/accept",
                                     data={"party": "studio", "confirm": "y"})
    mediator.post(f"/agreements/{agreement.id}/versions/1/accept",
                  data={"party": "employer_unit", "reason": "厂办函〔2026〕18号"})
    agreement = _reload(agreement.id)
    assert agreement.versions[0].state == VersionState.ACCEPTED
    assert {a.party for a in agreement.versions[0].acceptances} == set(Party)

    approver = client_for("admin")
    response = approver.post(f"/agreements/{agreement.id}/versions/1/approve")
    assert response.status_code == 302
    agreement = _reload(agreement.id)
    assert agreement.state == AgreementState.ACTIVE
    assert agreement.in_force.number == 1
    assert agreement.inquiry.state.value == "agreed"
    page = approver.get("/ledger/")
    assert "Income:Agreement:" + agreement.code in page.text


def test_an_accepted_version_never_changes(db, deal):
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "accepted")
    version = agreement.versions[0]
    with pytest.raises(DomainError):
        services.save_terms(version, None, deal["mediator"])
    with pytest.raises(DomainError):
        services.request_changes(version, deal["enterprise"], "价格太高")


def test_amendment_is_a_new_version_needing_acceptance_again(db, deal):
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "active")
    amendment = services.start_version(agreement, deal["mediator"])
    assert amendment.number == 2 and amendment.state == VersionState.DRAFT
    assert agreement.in_force.number == 1
    with pytest.raises(DomainError):
        services.start_version(agreement, deal["mediator"])  # one at a time
    services.propose(amendment, deal["mediator"], acknowledged=True)
    services.accept(amendment, deal["enterprise"], Party.ENTERPRISE, confirmed=True)
    with pytest.raises(DomainError):
        services.approve(amendment, deal["approver"])  # not yet accepted by all
    services.accept(amendment, deal["leader"], Party.STUDIO, confirmed=True)
    services.accept(amendment, deal["mediator"], Party.EMPLOYER_UNIT, "同意函")
    services.approve(amendment, deal["approver"])
    assert agreement.in_force.number == 2
    assert agreement.versions[0].state == VersionState.SUPERSEDED


def test_changes_requested_send_the_proposal_back_to_draft(client_for, deal):
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "proposed")
    client = client_for("enterprise")
    client.post(f"/agreements/{agreement.id}/versions/1/accept",
                data={"party": "enterprise", "confirm": "y"})
    response = client.post(f"/agreements/{agreement.id}/versions/1/changes", data={"reason": ""})
    assert _reload(agreement.id).versions[0].state == VersionState.PROPOSED
    response = client.post(f"/agreements/{agreement.id}/versions/1/changes",
                           data={"reason": "希望分两期付款"})
    assert response.status_code == 302
    version = _reload(agreement.id).versions[0]
    assert version.state == VersionState.DRAFT and version.acceptances == []


@pytest.mark.parametrize("role", ["studio_member", "union_staff"])
def test_only_the_parties_representatives_accept(client_for, deal, role):
    other = factories.make_user(factories.Role.UNION_STAFF, name="另一位调解员")
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"], other,
                                         "proposed")
    party = "studio" if role == "studio_member" else "enterprise"
    response = client_for(role).post(f"/agreements/{agreement.id}/versions/1/accept",
                                     data={"party": party, "confirm": "y"})
    assert response.status_code == 403
    assert _reload(agreement.id).versions[0].acceptances == []


def test_other_enterprises_do_not_see_the_agreement(client, deal):
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "draft")
    stranger = factories.make_user(factories.Role.ENTERPRISE, name="别家企业")
    factories.login(client, stranger)
    assert client.get(f"/agreements/{agreement.id}").status_code == 404
    assert agreement.code not in client.get("/agreements/").text


def test_terms_form_refuses_shares_not_adding_up(client_for, deal):
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "draft")
    data = dict(TERMS, **{"beneficiaries-3-share": "6"})
    response = client_for("union_staff").post(
        f"/agreements/{agreement.id}/versions/1/edit", data=data)
    assert response.status_code == 200
    assert "101%" in response.text
    data = dict(TERMS, **{"instalments-1-amount": "70000"})
    response = client_for("union_staff").post(
        f"/agreements/{agreement.id}/versions/1/edit", data=data)
    assert "190000" in response.text
    assert [b.share_bp for b in _reload(agreement.id).versions[0].beneficiaries] == [
        5000, 2000, 2500, 500]


def test_staff_terminate_with_a_reason(client_for, deal):
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "active")
    client = client_for("admin")
    client.post(f"/agreements/{agreement.id}/close", data={"state": "terminated"})
    assert _reload(agreement.id).state == AgreementState.ACTIVE
    client.post(f"/agreements/{agreement.id}/close",
                data={"state": "terminated", "reason": "企业破产"})
    agreement = _reload(agreement.id)
    assert agreement.state == AgreementState.TERMINATED and agreement.close_reason == "企业破产"
