"""Coded feedback: closing an inquiry, withdrawing and declining a match ask for a reason
from a short list; the studio reads them; the dashboard counts them."""
from __future__ import annotations

import pytest

from exchange.db_types import local_today
from exchange.feedback import services
from exchange.feedback.kinds import FeedbackContext, FeedbackReason
from exchange.feedback.models import Feedback
from exchange.inquiries.kinds import InquiryState
from exchange.inquiries.models import Inquiry
from tests.support import factories


@pytest.fixture
def item(db, users):
    return factories.make_achievement(users["studio_member"], "published")


def _all(db):
    db.session.rollback()
    return db.session.execute(db.select(Feedback)).scalars().all()


def test_the_mediator_closes_with_a_coded_reason(db, users, client_for, item):
    inquiry = factories.make_inquiry(users["enterprise"], item, "negotiating",
                                     mediator=users["union_staff"])
    client = client_for("union_staff")
    page = client.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert 'id="close-form"' in page and "价格不合适" in page
    client.post(f"/inquiries/{inquiry.id}/state", data={"target": "closed",
                                                         "reason_code": "price"})
    (given,) = _all(db)
    assert (given.context, given.reason) == (FeedbackContext.INQUIRY_CLOSED,
                                             FeedbackReason.PRICE)
    assert "价格不合适" in client.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)


def test_other_needs_its_words_and_nothing_closes_without_them(db, users, client_for, item):
    inquiry = factories.make_inquiry(users["enterprise"], item)
    client = client_for("enterprise")
    client.post(f"/inquiries/{inquiry.id}/state", data={"target": "closed",
                                                         "reason_code": "other"})
    assert _all(db) == []
    assert db.session.get(Inquiry, inquiry.id).state == InquiryState.OPEN


def test_the_studio_side_can_withdraw_too(db, users, client_for, item):
    inquiry = factories.make_inquiry(users["enterprise"], item)
    client_for("studio_leader").post(f"/inquiries/{inquiry.id}/state", data={
        "target": "closed", "reason_code": "unreachable", "reason": "电话一直无人接听"})
    (given,) = _all(db)
    assert given.context == FeedbackContext.WITHDRAWN and given.text == "电话一直无人接听"
    assert db.session.get(Inquiry, inquiry.id).state == InquiryState.CLOSED


def test_a_declined_match_leaves_the_list_and_reaches_the_studio(db, users, client_for,
                                                                 item):
    need = factories.make_need(users["enterprise"], "published")
    client = client_for("enterprise")
    page = client.get(f"/needs/{need.id}/matches?all=1").get_data(as_text=True)
    assert f'/needs/{need.id}/matches/{item.id}/decline' in page
    client.post(f"/needs/{need.id}/matches/{item.id}/decline",
                data={"reason_code": "maturity"})
    page = client.get(f"/needs/{need.id}/matches?all=1").get_data(as_text=True)
    assert f'data-match="achievement:{item.id}"' not in page and 'id="declined-count"' in page
    studio_page = client_for("studio_member").get(f"/achievements/{item.id}").get_data(
        as_text=True)
    assert 'id="feedback"' in studio_page and "技术成熟度不够" in studio_page
    for outsider in ("enterprise", "visitor"):
        assert 'id="feedback"' not in client_for(outsider).get(
            f"/achievements/{item.id}").get_data(as_text=True)
    # Only the need's owner declines.
    other = client_for("studio_member").post(
        f"/needs/{need.id}/matches/{item.id}/decline", data={"reason_code": "price"})
    assert other.status_code == 403


def test_the_dashboard_counts_reasons_by_district_and_industry(db, users, client_for, item):
    for reason in ("price", "price", "ip_unclear"):
        need = factories.make_need(users["enterprise"], "published")
        client_for("enterprise").post(f"/needs/{need.id}/matches/{item.id}/decline",
                                      data={"reason_code": reason})
    counts = services.counts(local_today().year)
    assert counts["reason"][FeedbackReason.PRICE] == 2 and counts["total"] == 3
    district = item.studio.district.code
    assert counts["district"] == {district: 3} and counts["section"] == {"C": 3}
    assert services.counts(local_today().year, industry="A")["total"] == 0
    direct = db.session.execute(db.select(db.func.count()).select_from(Feedback)).scalar_one()
    assert direct == counts["total"]
    page = client_for("union_staff").get("/programme/dashboard").get_data(as_text=True)
    assert 'id="feedback-counts"' in page and "知识产权不清晰" in page
