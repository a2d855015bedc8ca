"""Exactly once (Trust rule): an enterprise has at most one inquiry that is not closed
per achievement. A second visit or a double click is sent to it, and the database's
partial unique index holds the rule when requests race (issue 15, D.10 and C.7)."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.exc import IntegrityError

from exchange.inquiries import services
from exchange.inquiries.kinds import InquiryState
from exchange.inquiries.models import Inquiry
from tests.support import factories


@pytest.fixture
def item(db, users):
    return factories.make_achievement(users["studio_member"], "published")


def _inquiries(db) -> list[Inquiry]:
    db.session.expire_all()
    return list(db.session.execute(db.select(Inquiry).order_by(Inquiry.id)).scalars())


@pytest.mark.parametrize("state", ["open", "negotiating", "agreed"])
def test_a_second_inquiry_goes_to_the_live_one(enterprise_client, db, users, item, state):
    first = factories.make_inquiry(users["enterprise"], item, state)
    page = enterprise_client.get(f"/achievements/{item.id}").text
    assert 'id="live-inquiry"' in page and 'id="open-inquiry"' not in page
    response = enterprise_client.post(f"/inquiries/open/{item.id}", data={"body": "再问一次"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/inquiries/{first.id}")
    assert [i.id for i in _inquiries(db)] == [first.id]


def test_after_the_first_is_closed_a_new_one_opens(enterprise_client, db, users, item):
    first = factories.make_inquiry(users["enterprise"], item, "closed")
    assert 'id="open-inquiry"' in enterprise_client.get(f"/achievements/{item.id}").text
    response = enterprise_client.post(f"/inquiries/open/{item.id}", data={"body": "重新询价"})
    found = _inquiries(db)
    assert len(found) == 2 and found[1].state == InquiryState.OPEN
    assert response.headers["Location"].endswith(f"/inquiries/{found[1].id}")
    assert first.id == found[0].id


def test_another_enterprise_opens_its_own(db, users, item):
    factories.make_inquiry(users["enterprise"], item)
    other = factories.make_user(factories.Role.ENTERPRISE, name="企业丁")
    services.open_inquiry(other, item, "我们也想了解")
    assert len(_inquiries(db)) == 2


def test_the_database_refuses_a_second_live_inquiry(db, users, item):
    first = factories.make_inquiry(users["enterprise"], item, "agreed")
    db.session.add(Inquiry(achievement_id=item.id, enterprise_id=first.enterprise_id,
                           opened_by_id=users["enterprise"].id, state=InquiryState.OPEN))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    # A closed one beside the live one is allowed: the index covers live states only.
    db.session.add(Inquiry(achievement_id=item.id, enterprise_id=first.enterprise_id,
                           opened_by_id=users["enterprise"].id, state=InquiryState.CLOSED))
    db.session.commit()
    assert len(_inquiries(db)) == 2


def test_concurrent_clicks_open_exactly_one(app, db, users, item):
    """Six POSTs released together (a double click, several tabs): one inquiry, and
    every request is sent to it."""
    clients = [factories.login(app.test_client(), users["enterprise"]) for _ in range(6)]
    barrier = threading.Barrier(len(clients), timeout=30)

    def click(client):
        barrier.wait()
        return client.post(f"/inquiries/open/{item.id}", data={"body": "能否试用？"})

    with ThreadPoolExecutor(len(clients)) as pool:
        responses = list(pool.map(click, clients))
    found = _inquiries(db)
    assert len(found) == 1
    assert [r.status_code for r in responses] == [302] * len(clients)
    assert {r.headers["Location"].rsplit("/", 1)[-1] for r in responses} == {str(found[0].id)}


def test_a_race_lost_at_the_index_sends_to_the_winner(db, users, item, monkeypatch):
    """The other request's row was not visible to the check (it committed in between):
    the index refuses the insert, the transaction stays usable, the winner is named."""
    first = factories.make_inquiry(users["enterprise"], item)
    real = services.live_inquiry_id
    calls = []

    def unseen_once(enterprise_id, achievement_id):
        calls.append(1)
        return None if len(calls) == 1 else real(enterprise_id, achievement_id)

    monkeypatch.setattr(services, "live_inquiry_id", unseen_once)
    with pytest.raises(services.AlreadyOpen) as raised:
        services.open_inquiry(users["enterprise"], item, "双击")
    assert raised.value.inquiry_id == first.id and len(calls) == 2
    db.session.commit()  # still usable after the refused INSERT (a savepoint held it)
    assert [i.id for i in _inquiries(db)] == [first.id]
