"""Each main page runs a fixed number of queries, whatever the number of items it lists:
the budgets are what the pages need today; a query per item (an N+1) breaks them."""
from __future__ import annotations

import pytest

from exchange.auth.roles import Role
from tests.support import factories

ITEMS = 6
# (who, path with {placeholders}, queries at most)
BUDGETS = [
    ("visitor", "/", 6),
    ("visitor", "/achievements/", 7),
    ("visitor", "/achievements/{achievement}", 8),
    ("visitor", "/needs/", 8),
    ("visitor", "/needs/{need}", 5),
    ("visitor", "/search/?q=数控", 5),
    ("visitor", "/studios/", 6),
    ("visitor", "/studios/{studio}", 6),
    ("enterprise", "/", 8),
    ("enterprise", "/achievements/{achievement}", 12),
    ("enterprise", "/favourites/", 4),
    ("enterprise", "/inquiries/", 7),
    ("studio_member", "/", 8),
    ("studio_member", "/achievements/studio/{studio}", 25),
    ("studio_member", "/notifications/", 4),
    ("union_staff", "/", 8),
    ("union_staff", "/achievements/review", 6),
    ("union_staff", "/agreements/", 4),
    # +4 (issue 17): overdue deadlines by kind, feedback by reason/district/industry, and
    # the names of districts and sections those tables show.
    # +3 (issue 19): technology contracts made and registered, each one query grouped by
    # district and industry section, and the sections' names.
    ("union_staff", "/programme/dashboard", 22),
    ("union_staff", "/programme/activities", 9),
]


@pytest.fixture
def site(db, users, studio):
    """Several of everything, so that a per-item query multiplies."""
    ids = {"studio": studio.id}
    for number in range(ITEMS):
        item = factories.make_achievement(users["studio_member"], "published",
                                          title=f"数控机床主轴精度补偿技术{number}")
        need = factories.make_need(users["enterprise"], "published",
                                   title=f"寻求数控机床精度提升方案{number}")
        factories.make_inquiry(users["enterprise"], item)
        factories.make_activity(studio, users["studio_member"])
        ids.setdefault("achievement", item.id)
        ids.setdefault("need", need.id)
    for number in range(ITEMS):
        factories.make_studio(name=f"劳模创新工作室{number}")
    factories.make_user(Role.UNION_STAFF, name="工会己")
    db.session.commit()
    return ids


@pytest.mark.parametrize(("who", "path", "budget"), BUDGETS)
def test_main_pages_stay_within_their_query_budget(client_for, site, count_queries, who,
                                                   path, budget):
    client = client_for(who)
    url = path.format_map(site)
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    assert len(statements) <= budget, f"{who} {url}: {len(statements)} queries"
