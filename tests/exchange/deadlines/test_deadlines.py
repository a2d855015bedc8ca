"""Deadlines open and close with what people do; the worker's check reminds before and
alerts the mediator once after, on the working calendar."""
from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from exchange.db_types import LOCAL_ZONE
from exchange.deadlines import services
from exchange.deadlines.models import Deadline, DeadlineKind
from exchange.inquiries import services as inquiries
from exchange.notifications.models import Notification
from tests.support import factories


def beijing(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL_ZONE)


def _notes(db, kind):
    db.session.rollback()
    return db.session.execute(db.select(Notification.user_id).where(
        Notification.kind == kind).order_by(Notification.user_id)).scalars().all()


@pytest.fixture
def opened(db, users):
    """An inquiry opened on Wednesday 30 September 2026 at 10:00 in Beijing, before the
    National Day week; a mediator assigned."""
    with time_machine.travel(beijing(2026, 9, 30, 10), tick=False):
        item = factories.make_achievement(users["studio_member"], "published")
        inquiry = factories.make_inquiry(users["enterprise"], item,
                                         mediator=users["union_staff"])
        db.session.commit()
    return inquiry


def test_an_inquiry_past_its_deadline_alerts_the_mediator_exactly_once(db, users, opened):
    deadline = db.session.execute(db.select(Deadline).where(
        Deadline.kind == DeadlineKind.INQUIRY_ANSWER)).scalar_one()
    assert deadline.due_at == beijing(2026, 10, 11)  # 8, 9 and the make-up Saturday 10
    assert deadline.mediator_id == users["union_staff"].id
    with time_machine.travel(beijing(2026, 10, 7, 12), tick=False):
        # Five calendar days on, but all holidays: Monday to Friday would be late now.
        assert services.check() == {"reminded": 0, "alerted": 0}
    with time_machine.travel(beijing(2026, 10, 10, 9), tick=False):  # the last day
        assert services.check() == {"reminded": 1, "alerted": 0}
        db.session.commit()
    assert _notes(db, "deadline_reminder") == sorted(
        [users["studio_member"].id, users["studio_leader"].id])
    with time_machine.travel(beijing(2026, 10, 11, 9), tick=False):  # Sunday: late
        assert services.check() == {"reminded": 0, "alerted": 1}
        assert services.check() == {"reminded": 0, "alerted": 0}  # the next run
        db.session.commit()
    assert _notes(db, "deadline_overdue") == [users["union_staff"].id]


def test_the_studios_first_answer_meets_the_deadline(db, users, opened):
    with time_machine.travel(beijing(2026, 10, 8, 9), tick=False):
        inquiries.post(users["studio_leader"], opened, "可以，欢迎来厂参观。")
        db.session.commit()
    with time_machine.travel(beijing(2026, 10, 12, 9), tick=False):
        assert services.check() == {"reminded": 0, "alerted": 0}
    assert db.session.execute(db.select(Deadline.met_at).where(
        Deadline.kind == DeadlineKind.INQUIRY_ANSWER)).scalar_one() is not None


def test_a_late_unassigned_inquiry_alerts_every_staff_member(db, users):
    with time_machine.travel(beijing(2026, 11, 27, 10), tick=False):  # a Friday
        factories.make_inquiry(users["enterprise"],
                               factories.make_achievement(users["studio_member"], "published"))
        db.session.commit()
    with time_machine.travel(beijing(2026, 12, 3, 1), tick=False):
        services.check()
        db.session.commit()
    assert users["union_staff"].id in _notes(db, "deadline_overdue")


def test_a_submission_waits_on_staff_and_a_review_meets_it(db, users):
    item = factories.make_achievement(users["studio_member"], "submitted")
    (deadline,) = db.session.execute(db.select(Deadline).where(
        Deadline.kind == DeadlineKind.REVIEW)).scalars().all()
    assert deadline.kind == DeadlineKind.REVIEW and deadline.met_at is None
    from exchange.achievements import workflow

    workflow.apply(users["union_staff"], item, "publish")
    db.session.commit()
    db.session.refresh(deadline)
    assert deadline.met_at is not None


def test_proposed_terms_wait_on_each_party_and_an_acceptance_meets_its_own(db, users):
    item = factories.make_achievement(users["studio_member"], "published")
    agreement = factories.make_agreement(users["enterprise"], item, users["union_staff"],
                                         "proposed")
    rows = db.session.execute(db.select(Deadline).where(
        Deadline.kind == DeadlineKind.ACCEPTANCE)).scalars().all()
    assert len(rows) == 3 and all(d.met_at is None for d in rows)
    from exchange.agreements import services as agreements
    from exchange.agreements.kinds import Party

    agreements.accept(agreement.versions[-1], users["enterprise"], Party.ENTERPRISE,
                      confirmed=True)
    db.session.commit()
    db.session.expire_all()
    met = {d.key.split(":")[2].split("@")[0]: d.met_at is not None
           for d in db.session.execute(db.select(Deadline).where(
               Deadline.kind == DeadlineKind.ACCEPTANCE)).scalars()}
    assert met == {"enterprise": True, "studio": False, "employer_unit": False}


def test_staff_see_what_is_overdue_on_a_list_and_the_dashboard(db, users, client_for,
                                                              opened):
    with time_machine.travel(beijing(2026, 10, 12, 9), tick=True):
        page = client_for("union_staff").get("/deadlines/overdue").get_data(as_text=True)
        dashboard = client_for("union_staff").get("/programme/dashboard").get_data(
            as_text=True)
    assert opened.achievement.title in page and "2026-10-10" in page
    assert 'id="overdue-card"' in dashboard


def test_nothing_overdue_says_so(db, users, client_for):
    page = client_for("union_staff").get("/deadlines/overdue").get_data(as_text=True)
    assert 'id="nothing-overdue"' in page
