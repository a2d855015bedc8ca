"""One patent application number, one live (not withdrawn) achievement.

Refused with a message naming the existing item at the form, at the import and at
reopening; held by a partial unique index in the database, so a race between two saves
ends with the same message instead of a second row (Trust rule: exactly once).
"""
from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from exchange.achievements import services
from exchange.achievements.kinds import State
from exchange.achievements.models import Achievement
from exchange.auth.roles import Role
from tests.exchange.achievements.test_pages import form_data
from tests.exchange.achievements.test_spreadsheets import sample_row, upload, xlsx
from tests.support import factories

NUMBER = factories.valid_patent_number("1", 424242)  # CN202314242421.x, an invention


def _existing(author, state="published", number=NUMBER, **overrides):
    return factories.make_achievement(author, state, patent_number=number,
                                      title="既有的专利成果", **overrides)


def _items(db) -> list[Achievement]:
    db.session.rollback()
    return db.session.execute(db.select(Achievement).order_by(Achievement.id)).scalars().all()


@pytest.mark.parametrize("typed", [NUMBER, NUMBER.lower(), f" {NUMBER[:6]} {NUMBER[6:]} ",
                                   "ZL" + NUMBER[2:]])
def test_the_form_refuses_a_number_already_on_a_live_item(member_client, db, users, typed):
    held = _existing(users["studio_leader"])
    html = member_client.post("/achievements/new", data=form_data(
        users["studio_member"], patent_number=typed)).get_data(as_text=True)
    assert "is-invalid" in html and "同一专利只能登记一次" in html
    assert "既有的专利成果" in html and f"/achievements/{held.id}" in html
    assert len(_items(db)) == 1


def test_another_studios_draft_is_named_by_its_number_only(app, db, users, other_studio):
    held = _existing(users["studio_member"], state="draft")
    outsider = factories.make_user(Role.STUDIO_MEMBER, studio=other_studio)
    client = factories.login(app.test_client(), outsider)
    html = client.post("/achievements/new", data=form_data(
        outsider, patent_number=NUMBER)).get_data(as_text=True)
    assert f"第{held.id}号成果" in html and "既有的专利成果" not in html
    assert len(_items(db)) == 1


def test_a_withdrawn_item_frees_its_number_and_cannot_take_it_back(
        app, member_client, db, users):
    withdrawn = _existing(users["studio_member"], state="withdrawn")
    created = member_client.post("/achievements/new", data=form_data(
        users["studio_member"], patent_number=NUMBER))
    assert created.status_code == 302
    # Reopening the withdrawn item would make two live items with one number.
    leader = factories.login(app.test_client(), users["studio_leader"])
    answer = leader.post(f"/achievements/{withdrawn.id}/action", data={"action": "reopen"})
    page = leader.get(answer.headers["Location"]).get_data(as_text=True)
    assert "同一专利只能登记一次" in page
    assert db.session.get(Achievement, withdrawn.id).state == State.WITHDRAWN
    assert len([a for a in _items(db) if a.state != State.WITHDRAWN]) == 1


def test_editing_an_item_keeps_its_own_number(member_client, db, users):
    draft = _existing(users["studio_member"], state="draft")
    answer = member_client.post(f"/achievements/{draft.id}/edit", data=form_data(
        users["studio_member"], title="改过标题", patent_number=NUMBER))
    assert answer.status_code == 302
    assert _items(db)[0].title == "改过标题"


def test_the_database_holds_the_rule(db, users):
    """Past the services (a script, a race, a direct INSERT) the partial unique index
    refuses a second live row, and lets a withdrawn one share the number."""
    first = _existing(users["studio_member"])
    withdrawn = _existing(users["studio_member"], state="withdrawn",
                          number=factories.valid_patent_number("1", 5150))
    db.session.execute(db.update(Achievement).where(Achievement.id == withdrawn.id)
                       .values(patent_number=NUMBER))
    db.session.commit()  # withdrawn: allowed
    with pytest.raises(IntegrityError):
        db.session.execute(db.update(Achievement).where(Achievement.id == withdrawn.id)
                           .values(state=State.DRAFT))
    db.session.rollback()
    copy = _existing(users["studio_leader"], state="draft",
                     number=factories.valid_patent_number("1", 5151))
    with pytest.raises(IntegrityError):
        db.session.execute(db.update(Achievement).where(Achievement.id == copy.id)
                           .values(patent_number=first.patent_number))
    db.session.rollback()


def test_a_save_racing_another_gets_the_message_not_a_500(member_client, db, users,
                                                          monkeypatch):
    """The friendly check ran before the other save committed: the index refuses the
    row and the form still names the holder."""
    held = _existing(users["studio_leader"])
    monkeypatch.setattr(services, "ensure_patent_free", lambda *args, **kwargs: None)
    response = member_client.post("/achievements/new", data=form_data(
        users["studio_member"], patent_number=NUMBER))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "同一专利只能登记一次" in html
    assert f"/achievements/{held.id}" in html and len(_items(db)) == 1


def test_the_import_names_the_row_and_the_existing_item(member_client, db, users):
    name = users["studio_member"].name
    rows = [sample_row(i, name) for i in range(4)]
    held = _existing(users["studio_leader"], type="utility_model",
                     number=rows[1][4])  # line 3's number is taken
    rows[3][4] = rows[0][4]  # line 5 repeats line 2
    html = upload(member_client, xlsx(rows), "dup.xlsx").get_data(as_text=True)
    assert "import-errors" in html and "import-preview" not in html
    assert "<tr><td>3</td><td>专利申请号</td>" in html
    assert "既有的专利成果" in html and f"/achievements/{held.id}" in html
    assert "<tr><td>5</td><td>专利申请号</td>" in html and "本文件第2行已填写相同的申请号" in html
    assert len(_items(db)) == 1
