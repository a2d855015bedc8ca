"""Four eyes (Trust rule): whoever mediates an agreement does not approve it; the
approval comes from a second staff member and names them (issue 15, D.8)."""
from __future__ import annotations

import pytest

from exchange.agreements import services
from exchange.agreements.kinds import Party, VersionState
from exchange.agreements.models import Agreement
from exchange.extensions import db
from exchange.services_base import DomainError
from tests.support import factories


def _accepted(deal):
    return factories.make_agreement(deal["enterprise"], deal["achievement"],
                                    deal["mediator"], "accepted")


def test_the_mediator_cannot_approve(deal):
    agreement = _accepted(deal)
    with pytest.raises(DomainError, match="四眼|four eyes"):
        services.approve(agreement.versions[0], deal["mediator"])
    db.session.rollback()
    assert db.session.get(Agreement, agreement.id).versions[0].state == VersionState.ACCEPTED


def test_nor_whoever_recorded_the_employer_units_consent(deal, users):
    """A staff member other than the mediator who recorded consent is refused too."""
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "proposed")
    version = agreement.versions[0]
    services.accept(version, deal["enterprise"], Party.ENTERPRISE, confirmed=True)
    services.accept(version, deal["leader"], Party.STUDIO, confirmed=True)
    services.accept(version, deal["mediator"], Party.EMPLOYER_UNIT, "厂办函〔2026〕18号")
    version.acceptances[-1].user_id = users["admin"].id  # recorded in the admin's name
    db.session.flush()
    with pytest.raises(DomainError):
        services.approve(version, users["admin"])
    services.approve(version, deal["approver"])
    assert version.approved_by_id == deal["approver"].id


def test_through_the_page_the_mediator_is_refused_and_another_approves(client_for, deal,
                                                                       users, app):
    agreement = _accepted(deal)
    mediator = client_for("union_staff")
    page = mediator.get(f"/agreements/{agreement.id}")
    assert 'id="approve-button"' not in page.text and 'id="approve-by-another"' in page.text
    response = mediator.post(f"/agreements/{agreement.id}/versions/1/approve",
                             follow_redirects=True)
    assert "四眼" in response.text or "four eyes" in response.text
    db.session.expire_all()
    assert db.session.get(Agreement, agreement.id).versions[0].state == VersionState.ACCEPTED

    second = factories.login(app.test_client(), deal["approver"])
    assert 'id="approve-button"' in second.get(f"/agreements/{agreement.id}").text
    second.post(f"/agreements/{agreement.id}/versions/1/approve")
    db.session.expire_all()
    version = db.session.get(Agreement, agreement.id).versions[0]
    assert version.state == VersionState.APPROVED and version.approved_by_id == deal[
        "approver"].id
    page = second.get(f"/agreements/{agreement.id}").text
    assert "审批人" in page  # the approval names the second staff member


def test_an_admin_who_is_not_the_mediator_approves(client_for, deal):
    agreement = _accepted(deal)
    client_for("admin").post(f"/agreements/{agreement.id}/versions/1/approve")
    db.session.expire_all()
    assert db.session.get(Agreement, agreement.id).in_force is not None

