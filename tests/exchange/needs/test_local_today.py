"""Need dates follow the Beijing calendar: at 20:00 UTC it is already tomorrow there.

Trust rule: dates the union acts on (deadlines, expiry) are Beijing dates, whatever the
server's clock zone."""
from __future__ import annotations

from datetime import timedelta

from exchange.needs import workflow
from exchange.needs.kinds import NeedState
from exchange.needs.views import DEFAULT_DEADLINE_DAYS
from exchange.services_base import DomainError
from tests.exchange.needs.test_pages import form_data
from tests.support import factories
from tests.support.clock import BEIJING_TODAY


def test_expire_without_a_date_uses_the_beijing_day(beijing_0400, db, users, runner):
    need = factories.make_need(users["enterprise"], "published")
    need.deadline = BEIJING_TODAY - timedelta(days=1)  # 31 December: passed in Beijing
    db.session.commit()
    result = runner.invoke(args=["needs", "expire"])
    assert result.exit_code == 0 and "closed 1 expired needs" in result.output
    db.session.refresh(need)
    assert need.state == NeedState.CLOSED


def test_publishing_on_the_deadline_day_is_refused(beijing_0400, db, users):
    need = factories.make_need(users["enterprise"], "submitted")
    need.deadline = BEIJING_TODAY
    try:
        workflow.apply(users["union_staff"], need, "publish")
    except DomainError:
        pass
    else:
        raise AssertionError("a need was published on its deadline day (Beijing)")


def test_new_need_form_default_and_check_use_the_beijing_day(beijing_0400, enterprise_client,
                                                             db):
    page = enterprise_client.get("/needs/new").get_data(as_text=True)
    default = BEIJING_TODAY + timedelta(days=DEFAULT_DEADLINE_DAYS)
    assert f'value="{default.isoformat()}"' in page
    html = enterprise_client.post("/needs/new", data=form_data(
        deadline=BEIJING_TODAY.isoformat())).get_data(as_text=True)
    assert "今天之后" in html  # "choose a day after today": 1 January is today in Beijing
