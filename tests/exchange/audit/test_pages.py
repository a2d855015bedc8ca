"""The audit page: administrators read, filter and export the trail; nobody else
(Trust rule: An audit trail)."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from exchange.audit.models import AuditEntry


@pytest.fixture
def entries(db, users):
    admin, staff = users["admin"], users["union_staff"]
    rows = [  # created_at in UTC; Beijing is +8
        (admin, "account.role_changed", "user", 7, datetime(2026, 3, 1, 2, 0, tzinfo=UTC)),
        (staff, "agreement.approved", "agreement", 3, datetime(2026, 3, 2, 2, 0, tzinfo=UTC)),
        (staff, "money.receipt", "agreement", 3, datetime(2026, 3, 2, 17, 0, tzinfo=UTC)),
        (staff, "studio.titles_changed", "studio", 5, datetime(2026, 3, 4, 2, 0, tzinfo=UTC)),
    ]
    for actor, action, kind, target, when in rows:
        db.session.add(AuditEntry(actor_id=actor.id, actor_name=actor.name, action=action,
                                  target_kind=kind, target_id=target, created_at=when,
                                  before={"x": 1}, after={"x": "=HYPERLINK(\"http://e\")"},
                                  reason="理由"))
    db.session.commit()


def _actions(page) -> list[str]:
    return [line.split('data-action="')[1].split('"')[0]
            for line in page.text.splitlines() if 'data-action="' in line]


def test_newest_first_and_each_filter(admin_client, entries, users):
    page = admin_client.get("/admin/audit")
    assert page.status_code == 200
    assert _actions(page) == ["studio.titles_changed", "money.receipt", "agreement.approved",
                              "account.role_changed"]
    assert _actions(admin_client.get("/admin/audit?actor=管理员")) == ["account.role_changed"]
    assert _actions(admin_client.get(f"/admin/audit?actor={users['union_staff'].id}")) == [
        "studio.titles_changed", "money.receipt", "agreement.approved"]
    assert _actions(admin_client.get("/admin/audit?action=money.receipt")) == ["money.receipt"]
    assert _actions(admin_client.get("/admin/audit?kind=agreement")) == [
        "money.receipt", "agreement.approved"]
    # Local (Beijing) days: the receipt at 17:00 UTC on 2 March is on 3 March there.
    assert _actions(admin_client.get("/admin/audit?since=2026-03-03&until=2026-03-03")) == [
        "money.receipt"]
    assert _actions(admin_client.get("/admin/audit?until=2026-03-02")) == [
        "agreement.approved", "account.role_changed"]


def test_bad_filters_are_shown_on_the_field_not_a_500(admin_client, entries):
    page = admin_client.get("/admin/audit?since=2026-13-45&action=nope&kind=x")
    assert page.status_code == 200
    assert "invalid-feedback" in page.text and 'value="2026-13-45"' in page.text
    assert len(_actions(page)) == 4  # an invalid filter filters nothing
    # NUL was a 500 on PostgreSQL: the root input rule answers every such query with a 400.
    page = admin_client.get("/admin/audit?actor=%00x&since=%00")
    assert page.status_code == 400
    page = admin_client.get("/admin/audit?since=2026-03-04&until=2026-03-01")
    assert page.status_code == 200 and "invalid-feedback" in page.text


def test_pages(admin_client, db, users):
    for i in range(25):
        db.session.add(AuditEntry(actor_id=users["admin"].id, actor_name="管理员戊",
                                  action="account.deactivated", target_kind="user",
                                  target_id=i))
    db.session.commit()
    assert len(_actions(admin_client.get("/admin/audit"))) == 20
    assert len(_actions(admin_client.get("/admin/audit?page=2"))) == 5


def test_export_csv_and_xlsx_follow_the_filters(admin_client, entries):
    response = admin_client.get("/admin/audit/export.csv?kind=agreement")
    assert response.status_code == 200 and "attachment" in response.headers[
        "Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    actions = [row[3] for row in rows[2:]]
    assert actions == ["money.receipt", "agreement.approved"]
    assert rows[2][0] == "2026-03-03 01:00:00"  # Beijing time
    assert not any(cell.startswith("=") for row in rows for cell in row)  # defused
    response = admin_client.get("/admin/audit/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.max_row == 5  # header and four entries
    assert admin_client.get("/admin/audit/export.pdf").status_code == 404


@pytest.mark.parametrize("role", ["visitor", "studio_member", "studio_leader", "enterprise",
                                  "union_staff"])
def test_only_administrators(client_for, entries, role):
    for path in ("/admin/audit", "/admin/audit/export.csv"):
        response = client_for(role).get(path)
        assert response.status_code in (302, 403)
        assert response.status_code == (302 if role == "visitor" else 403)
