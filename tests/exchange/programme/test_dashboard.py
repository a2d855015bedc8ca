"""The dashboard page, its reports and the public figures: every figure shown is the
one computed, and the list it links to counts the same items."""
from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from openpyxl import load_workbook

from exchange.achievements.models import Achievement
from exchange.auth.roles import Role
from exchange.db_types import local_today
from exchange.extensions import db
from tests.support import factories

YEAR = local_today().year


def _published(author, count, **overrides):
    items = [factories.make_achievement(author, "published", **overrides) for _ in range(count)]
    for item in items:
        item.published_at = datetime(YEAR, 3, 15, 4, tzinfo=UTC)
    db.session.commit()
    return items


def _total(page_text: str) -> int:
    """The list's total as its pagination footer states it (共N条 / N in total)."""
    found = re.search(r"共\s*(\d+)\s*条|(\d+) in total", page_text)
    return int(found.group(1) or found.group(2)) if found else 0


def test_figures_link_to_lists_that_count_the_same(client_for, users):
    member = users["studio_member"]
    _published(member, 3, type="technical_innovation", patent_number=None,
               legal_status=None)
    _published(member, 2)  # the factory's default is a granted invention patent
    withdrawn = factories.make_achievement(member, "withdrawn", type="technical_breakthrough",
                                           patent_number=None, legal_status=None)
    withdrawn.published_at = datetime(YEAR, 4, 1, tzinfo=UTC)
    db.session.commit()
    staff = client_for("union_staff")
    page = staff.get(f"/programme/dashboard?year={YEAR}")
    assert page.status_code == 200
    for key, expected in (("innovations", 3), ("patents", 2)):
        card = re.search(rf'data-figure="{key}".*?href="([^"]+)"[^>]*data-actual="(\d+)"',
                         page.text, re.S)
        assert int(card.group(2)) == expected
        listing = staff.get(card.group(1).replace("&amp;", "&"))
        assert _total(listing.text) == expected, key


def _card(page_text: str, key: str) -> tuple[str, int]:
    card = re.search(rf'data-figure="{key}".*?href="([^"]+)"[^>]*data-actual="(\d+)"',
                     page_text, re.S)
    return card.group(1).replace("&amp;", "&"), int(card.group(2))


def test_the_training_card_links_to_the_trainings_it_sums(client_for, users, studio):
    """Under a district filter the card counts that district's studios, and so does the
    activity log it opens."""
    elsewhere = factories.make_studio(district_id=factories.district_id("320282"))
    outsider = factories.make_user(Role.STUDIO_MEMBER, studio=elsewhere)
    factories.make_activity(studio, users["studio_member"], participants=30, verified=True)
    factories.make_activity(elsewhere, outsider, participants=12, verified=True)
    staff = client_for("union_staff")
    for query, expected, hidden in (("&district=320213", 30, elsewhere.name),
                                    ("&district=320282", 12, studio.name),
                                    ("", 42, None)):
        link, actual = _card(staff.get(f"/programme/dashboard?year={YEAR}{query}").text,
                             "training")
        assert actual == expected
        listing = staff.get(link).text
        totals = listing.split('data-kind="training"')[1].split("</tr>")[0]
        assert totals.endswith(f'<td class="text-end">{expected} 人次</td>')  # verified
        if hidden:
            assert hidden not in listing.split('id="activity-list"')[1]


def test_report_pages_and_xlsx(client_for, users):
    _published(users["studio_member"], 1)
    staff = client_for("admin")
    report = staff.get(f"/programme/report?year={YEAR}")
    assert report.status_code == 200
    assert "@page" not in report.text  # the A4 rules live in the stylesheet
    assert 'id="report-tables"' in report.text
    book = load_workbook(io.BytesIO(staff.get(f"/programme/report.xlsx?year={YEAR}").data))
    assert len(book.sheetnames) == 10
    assert "技术合同" in book.sheetnames  # issue 19: turnover and registrations by area
    targets = list(book.worksheets[0].values)
    assert targets[3][1] == 1  # patents so far


def test_filters_reach_every_section(client_for, users):
    page = client_for("union_staff").get(
        f"/programme/dashboard?year={YEAR}&district=320213&industry=C")
    assert page.status_code == 200
    for section in ("progress", "areas", "achievements", "deals", "money", "uncovered"):
        assert f'id="{section}"' in page.text
    bad = client_for("union_staff").get("/programme/dashboard?year=1066&district=nowhere")
    assert bad.status_code == 200 and f"{YEAR}" in bad.text


def test_public_figures_show_counts_and_no_money(client, users):
    _published(users["studio_member"], 2)
    page = client.get("/programme/figures")
    assert page.status_code == 200
    assert "¥" not in page.text
    assert re.search(r'display-6"><a[^>]*>2</a>', page.text)  # published achievements
    assert db.session.scalar(db.select(db.func.count(Achievement.id))) == 2
