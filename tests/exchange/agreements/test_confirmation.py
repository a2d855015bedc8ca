"""Confirm before binding actions (issue 15, D.12): accepting terms for the enterprise
or the studio needs an "I confirm" box that the server checks; without it the POST does
nothing. (Marking an inquiry agreed: tests/exchange/inquiries/test_confirmation.py.)"""
from __future__ import annotations

import pytest

from exchange.agreements import services
from exchange.agreements.kinds import Party
from exchange.agreements.models import Agreement
from exchange.audit.models import AuditEntry
from exchange.extensions import db
from exchange.services_base import DomainError
from tests.support import factories


def _acceptances(agreement_id):
    db.session.expire_all()
    return {a.party for a in db.session.get(Agreement, agreement_id).versions[0].acceptances}


@pytest.mark.parametrize(("role", "party"), [("enterprise", "enterprise"),
                                             ("studio_leader", "studio")])
def test_acceptance_needs_the_confirmation(client_for, deal, role, party):
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "proposed")
    client = client_for(role)
    page = client.get(f"/agreements/{agreement.id}").text
    assert 'name="confirm" value="y" id="confirm-accept" required' in page
    url = f"/agreements/{agreement.id}/versions/1/accept"
    audited = db.session.scalar(db.select(db.func.count(AuditEntry.id)))
    for unconfirmed in ({"party": party}, {"party": party, "confirm": ""}):
        response = client.post(url, data=unconfirmed, follow_redirects=True)
        assert response.status_code == 200
        assert _acceptances(agreement.id) == set()
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == audited
    assert "勾选" in response.text or "Tick the box" in response.text
    client.post(url, data={"party": party, "confirm": "y"})
    assert _acceptances(agreement.id) == {Party(party)}


def test_the_service_refuses_an_unconfirmed_acceptance(deal):
    agreement = factories.make_agreement(deal["enterprise"], deal["achievement"],
                                         deal["mediator"], "proposed")
    version = agreement.versions[0]
    with pytest.raises(DomainError):
        services.accept(version, deal["enterprise"], Party.ENTERPRISE)
    with pytest.raises(DomainError):
        services.accept(version, deal["leader"], Party.STUDIO, confirmed=False)
    # The mediator's record of the employer unit's consent carries its document instead.
    services.accept(version, deal["mediator"], Party.EMPLOYER_UNIT, "厂办函〔2026〕18号")
    assert {a.party for a in version.acceptances} == {Party.EMPLOYER_UNIT}
