"""Notifications leave the app by each user's choice: a mail at once (with RFC 8058
one-click unsubscribe), the daily digest at 08:00 Beijing time, or the bell only."""
from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from exchange.jobs import services as jobs
from exchange.notifications import delivery
from exchange.notifications import services as notifications
from exchange.notifications.models import Category, Channel, Notification

# 2026-12-03 10:00 in Beijing, then the next morning at 08:05 (00:05 UTC).
DAY = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
NEXT_MORNING = datetime(2026, 12, 4, 0, 5, tzinfo=UTC)


def _notice(user, kind="inquiry_message"):
    return notifications.notify(user.id, kind, link="/inquiries/", title="数控机床主轴",
                                need="主轴振动")


def test_role_defaults_mail_what_asks_to_act_and_digest_what_informs(db, users):
    enterprise = delivery.choices(users["enterprise"])
    assert enterprise[Category.INQUIRY] == Channel.IMMEDIATE
    assert enterprise[Category.MATCH] == Channel.DIGEST
    assert delivery.choices(users["union_staff"])[Category.REVIEW] == Channel.DIGEST
    assert delivery.choices(users["admin"])[Category.INQUIRY] == Channel.IN_APP
    assert delivery.category_of("share_paid") == Category.MONEY
    assert delivery.category_of("deadline_overdue") == Category.DEADLINE


def test_an_immediate_notice_is_mailed_in_chinese_with_one_click_unsubscribe(
        db, users, outbox):
    _notice(users["enterprise"])
    db.session.commit()
    (message,) = outbox
    assert message.to == [users["enterprise"].email]
    assert "数控机床主轴" in message.subject and "对接" in message.subject
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/notifications/unsubscribe/")


def test_the_account_language_chooses_the_mail_language(db, users, outbox):
    users["enterprise"].locale = "en"
    _notice(users["enterprise"])
    db.session.commit()
    assert "New message in the inquiry" in outbox[0].subject


def test_a_user_who_chose_the_app_only_gets_no_mail(db, users, client_for, outbox):
    client = client_for("enterprise")
    form = {c.value: Channel.IN_APP.value for c in Category} | {"language": "zh_Hans"}
    assert client.post("/notifications/preferences", data=form).status_code == 302
    outbox.clear()
    _notice(users["enterprise"])
    db.session.commit()
    assert outbox == []
    assert db.session.execute(db.select(Notification)).scalar_one().delivery == Channel.IN_APP


def test_digest_notifications_arrive_together_the_next_morning_once(db, users, outbox):
    member = users["studio_member"]
    with time_machine.travel(DAY):
        _notice(member, "match_for_achievement")
        notifications.notify(member.id, "match_for_achievement", link="/", title="焊接机器人",
                             need="焊缝检测")
        db.session.commit()
        assert outbox == []  # digest: nothing at once
        assert delivery.queue_digests() == 0  # before 08:00 of the next day: not yet
    with time_machine.travel(NEXT_MORNING):
        assert delivery.queue_digests() == 1
        db.session.commit()
        assert len(outbox) == 1 and "2 条通知" in outbox[0].subject
        assert "焊接机器人" in outbox[0].body and "数控机床主轴" in outbox[0].body
        assert "List-Unsubscribe" in outbox[0].extra_headers
        delivery.queue_digests()  # the periodic task runs again within the hour
        db.session.commit()
    assert len(outbox) == 1
    assert all(n.mailed_at for n in db.session.execute(db.select(Notification)).scalars())
    jobs.sweep()  # nothing left waiting for the queue either
