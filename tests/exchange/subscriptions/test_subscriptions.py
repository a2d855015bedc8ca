"""Subscriptions: a search saved from the search page, keywords and industries watched;
a newly published item reaches the subscriptions it matches, with the reason, once."""
from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange.notifications import delivery
from exchange.notifications.models import Notification
from exchange.services_base import DomainError
from exchange.subscriptions import matching, services
from exchange.subscriptions.models import Subscription, SubscriptionHit
from search_index.schema import Document
from tests.support import factories

DAY = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
NEXT_MORNING = datetime(2026, 12, 4, 0, 5, tzinfo=UTC)


def _notes(db, user):
    db.session.rollback()
    return db.session.execute(db.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "subscription_match")).scalars().all()


def test_a_search_saved_from_the_search_page_keeps_its_query_and_facets(
        db, users, client_for):
    client = client_for("enterprise")
    page = client.get("/search/?q=主轴故障&section=C").get_data(as_text=True)
    assert 'id="save-search-button"' in page
    answer = client.post("/subscriptions/search", data={
        "kind": "achievements", "q": "主轴故障", "filters": json.dumps({"section": "C"})})
    assert answer.status_code == 302
    saved = db.session.execute(db.select(Subscription)).scalar_one()
    assert (saved.query, saved.filters, saved.kind) == ("主轴故障", {"section": ["C"]},
                                                        "achievements")
    assert "主轴故障" in client.get("/subscriptions/").get_data(as_text=True)
    assert 'id="save-search-button"' not in client_for("visitor").get(
        "/search/?q=主轴").get_data(as_text=True)


def test_a_published_achievement_reaches_a_matching_saved_search_with_its_reason(
        db, users):
    enterprise = users["enterprise"]
    services.subscribe(enterprise, "achievements", name="主轴", query="主轴故障",
                       filters={"section": ["C"]})
    other = services.subscribe(enterprise, "achievements", name="焊接", query="焊接机器人")
    elsewhere = services.subscribe(enterprise, "achievements", name="农业",
                                   query="主轴故障", filters={"section": ["A"]})
    db.session.commit()
    item = factories.make_achievement(users["studio_member"], "published")
    (note,) = _notes(db, enterprise)
    assert note.params["name"] == "主轴" and note.params["title"] == item.title
    assert "主轴" in note.params["reason"] and "制造业" in note.params["reason"]
    assert note.link == f"/achievements/{item.id}"
    hits = db.session.execute(db.select(SubscriptionHit.subscription_id)).scalars().all()
    assert other.id not in hits and elsewhere.id not in hits


def test_delivery_run_twice_tells_once_and_never_the_items_own_studio(db, users):
    services.subscribe(users["enterprise"], "achievements", name="k", keywords=["主轴"])
    services.subscribe(users["studio_leader"], "achievements", name="own", keywords=["主轴"])
    db.session.commit()
    item = factories.make_achievement(users["studio_member"], "published")
    assert services.deliver("achievements", item.id) == 0  # the job ran already
    db.session.commit()
    assert len(_notes(db, users["enterprise"])) == 1
    assert _notes(db, users["studio_leader"]) == []


def test_a_studio_watches_the_needs_of_its_industry(db, users, client_for):
    client = client_for("studio_member")
    assert client.post("/subscriptions/studio-needs").status_code == 302
    factories.make_need(users["enterprise"], "published")  # industry 34: section C
    assert len(_notes(db, users["studio_member"])) == 1
    assert client_for("enterprise").post("/subscriptions/studio-needs").status_code == 403


def test_a_saved_search_receives_a_new_achievement_in_the_next_digest(db, users, outbox):
    member = users["studio_member"]
    with time_machine.travel(DAY):
        services.subscribe(users["enterprise"], "achievements", name="主轴",
                           query="主轴故障")
        db.session.commit()
        item = factories.make_achievement(member, "published")
        assert [m for m in outbox if m.to == [users["enterprise"].email]] == []
    with time_machine.travel(NEXT_MORNING):
        delivery.queue_digests()
        db.session.commit()
    (digest,) = [m for m in outbox if m.to == [users["enterprise"].email]]
    assert "每日摘要" in digest.subject and item.title in digest.body


def test_subscriptions_are_bounded_and_never_watch_everything(db, users):
    with pytest.raises(DomainError):
        services.subscribe(users["enterprise"], "achievements", name="all")
    for n in range(services.MAX_PER_USER):
        services.subscribe(users["enterprise"], "needs", name=str(n), query=f"词{n}")
    with pytest.raises(DomainError):
        services.subscribe(users["enterprise"], "needs", name="one more", query="主轴")


def test_only_the_owner_deletes_a_subscription(db, users, client_for):
    mine = services.subscribe(users["enterprise"], "achievements", name="主轴", query="主轴")
    db.session.commit()
    assert client_for("studio_member").post(
        f"/subscriptions/{mine.id}/delete").status_code == 404
    assert client_for("enterprise").post(
        f"/subscriptions/{mine.id}/delete").status_code == 302
    assert db.session.execute(db.select(Subscription)).first() is None


DOC = Document(id="achievement:1", version="", title="数控机床主轴故障在线诊断装置",
               abstract="振动与温度信号融合", keywords=("数控机床", "主轴"), studio="s",
               facets={"section": ("C",), "division": ("34",)}, published_at=0.0)


def test_matching_reasons_name_terms_keywords_and_facets():
    reason = matching.match("主轴 诊断", ["刀具", "主轴"], {"division": ["34", "35"]}, DOC)
    assert reason.terms == ("主轴", "诊断") and reason.keywords == ("主轴",)
    assert reason.facets == (("division", "34"),)
    assert matching.match("焊接", [], {}, DOC) is None
    assert matching.match("", ["刀具"], {}, DOC) is None
    assert matching.match("主轴", [], {"section": ["A"]}, DOC) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=st.text(max_size=250), keywords=st.lists(st.text(max_size=30), max_size=15),
       filters=st.dictionaries(st.text(max_size=12), st.lists(st.text(max_size=25),
                                                              max_size=4), max_size=4))
def test_no_input_makes_matching_fail(query, keywords, filters):
    reason = matching.match(query, keywords, filters, DOC)
    assert reason is None or isinstance(reason, matching.Reason)


@pytest.mark.parametrize("form", [
    {"kind": "achievements", "q": "主" * 300, "filters": "{}"},
    {"kind": "weird", "q": "主轴", "filters": "not json"},
    {"kind": "needs", "q": "", "filters": json.dumps({"section": ["C"] * 50, "x": "y"})},
    {"kind": "achievements", "q": "主轴", "filters": "[1, 2]"},
])
def test_odd_save_requests_get_an_answer_not_a_500(db, users, client_for, form):
    assert client_for("enterprise").post("/subscriptions/search", data=form).status_code == 302
