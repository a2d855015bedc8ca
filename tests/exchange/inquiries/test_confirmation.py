"""Confirm before binding actions (issue 15, D.12): marking an inquiry agreed cannot be
undone, so it needs an "I confirm" box that the server checks; without it the POST does
nothing."""
from __future__ import annotations

import pytest

from exchange.inquiries import services
from exchange.inquiries.kinds import InquiryState
from exchange.inquiries.models import Inquiry
from exchange.services_base import DomainError
from tests.support import factories


@pytest.fixture
def negotiating(db, users):
    item = factories.make_achievement(users["studio_member"], "published")
    return factories.make_inquiry(users["enterprise"], item, "negotiating",
                                  mediator=users["union_staff"])


def _state(db, inquiry_id):
    db.session.expire_all()
    return db.session.get(Inquiry, inquiry_id).state


def test_agreed_needs_the_confirmation(client_for, db, negotiating):
    mediator = client_for("union_staff")
    page = mediator.get(f"/inquiries/{negotiating.id}").text
    assert 'id="agree-form"' in page and 'id="confirm-agreed"' in page
    url = f"/inquiries/{negotiating.id}/state"
    for unconfirmed in ({"target": "agreed"}, {"target": "agreed", "confirm": ""}):
        response = mediator.post(url, data=unconfirmed, follow_redirects=True)
        assert response.status_code == 200
        assert _state(db, negotiating.id) == InquiryState.NEGOTIATING
    assert "勾选" in response.text or "Tick the box" in response.text
    mediator.post(url, data={"target": "agreed", "confirm": "y"})
    assert _state(db, negotiating.id) == InquiryState.AGREED


def test_other_moves_need_no_confirmation(db, users, negotiating):
    services.move(users["union_staff"], negotiating, InquiryState.CLOSED, "企业另有安排")
    assert negotiating.state == InquiryState.CLOSED


def test_the_service_refuses_an_unconfirmed_agreement(db, users, negotiating):
    with pytest.raises(DomainError):
        services.move(users["union_staff"], negotiating, InquiryState.AGREED)
    assert negotiating.state == InquiryState.NEGOTIATING
