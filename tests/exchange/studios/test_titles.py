"""The union awards titles (Trust rule): honour level, 示范性工作室 and party-building
coverage are set by union staff only, with a reason kept in the studio's history
(issue 15, D.9)."""
from __future__ import annotations

import pytest

from exchange.audit.models import AuditEntry
from exchange.services_base import DomainError, Refused
from exchange.studios import services
from exchange.studios.models import HonourLevel, PartyBuilding, Studio
from tests.support import factories

FORGED = {"honour_level": "national", "is_demonstration": "y",
          "party_building": "party_organisation"}
TITLES = {"honour_level": "national", "is_demonstration": "y",
          "party_building": "party_organisation", "reason": "市总工会命名文件 锡工〔2026〕12号"}


def _profile(studio, **changes):
    data = factories.studio_data(name=studio.name, **changes)
    data["is_demonstration"] = "y" if data["is_demonstration"] else ""
    return {k: v for k, v in data.items() if v != ""}


def _titles(db, studio_id):
    db.session.expire_all()
    found = db.session.get(Studio, studio_id)
    return found.honour_level, found.is_demonstration, found.party_building


CITY = (HonourLevel.CITY, False, PartyBuilding.NONE)


@pytest.mark.parametrize("role", ["studio_leader", "union_staff", "admin"])
def test_the_profile_form_never_changes_titles(client_for, db, studio, role):
    """The leader's form no longer offers them, and a forged POST changes nothing;
    staff change them through the titles form, with a reason, not here."""
    client = client_for(role)
    page = client.get(f"/studios/{studio.id}/edit").text
    assert 'name="honour_level"' not in page and 'name="party_building"' not in page
    assert 'name="is_demonstration"' not in page and 'id="awarded-titles"' in page
    response = client.post(f"/studios/{studio.id}/edit",
                           data={**_profile(studio, description="新的简介。"), **FORGED})
    assert response.status_code == 302
    assert _titles(db, studio.id) == CITY
    assert db.session.get(Studio, studio.id).description == "新的简介。"


def test_the_service_ignores_titles_on_update(db, studio):
    services.save_profile(studio, {**factories.studio_data(name=studio.name),
                                   "honour_level": "national", "is_demonstration": True,
                                   "party_building": "party_organisation"})
    assert _titles(db, studio.id) == CITY


@pytest.mark.parametrize("role", ["studio_member", "studio_leader", "enterprise"])
def test_only_staff_reach_the_titles_form(client_for, db, studio, role):
    client = client_for(role)
    assert client.get(f"/studios/{studio.id}/titles").status_code == 403
    assert client.post(f"/studios/{studio.id}/titles", data=TITLES).status_code == 403
    assert _titles(db, studio.id) == CITY
    with pytest.raises(Refused):
        services.set_titles(factories.make_user(factories.Role.STUDIO_LEADER, studio=studio),
                            studio, "national", True, "party_organisation", "自评")


@pytest.mark.parametrize("role", ["union_staff", "admin"])
def test_staff_change_titles_with_a_reason_kept_in_the_history(client_for, db, studio,
                                                               users, role):
    client = client_for(role)
    page = client.post(f"/studios/{studio.id}/titles", data={**TITLES, "reason": " "})
    assert page.status_code == 200 and "is-invalid" in page.text  # the reason is required
    assert 'value="national" selected' in page.text or "selected" in page.text
    assert _titles(db, studio.id) == CITY
    page = client.post(f"/studios/{studio.id}/titles", data={**TITLES, "reason": "文号\x00"})
    assert page.status_code == 200 and "is-invalid" in page.text  # not a 500 on PostgreSQL
    assert _titles(db, studio.id) == CITY

    response = client.post(f"/studios/{studio.id}/titles", data=TITLES)
    assert response.status_code == 302
    assert _titles(db, studio.id) == (HonourLevel.NATIONAL, True,
                                      PartyBuilding.PARTY_ORGANISATION)
    entry = db.session.execute(db.select(AuditEntry)).scalar_one()
    assert (entry.action, entry.target_kind, entry.target_id, entry.actor_id) == (
        "studio.titles_changed", "studio", studio.id, users[role].id)
    assert entry.before == {"honour_level": "city", "is_demonstration": False,
                            "party_building": "none"}
    assert entry.after == {"honour_level": "national", "is_demonstration": True,
                           "party_building": "party_organisation"}
    assert entry.reason == TITLES["reason"]

    # Only the changed fields are kept; nothing changed is refused.
    client.post(f"/studios/{studio.id}/titles", data={**TITLES, "is_demonstration": "",
                                                     "reason": "撤销示范称号"})
    last = db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id.desc())).scalars()
    assert next(last).after == {"is_demonstration": False}
    db.session.expire_all()
    with pytest.raises(DomainError):
        services.set_titles(users[role], db.session.get(Studio, studio.id), "national", False,
                            "party_organisation", "重复")


def test_the_history_shows_to_staff_and_the_leader_only(client_for, db, studio, users):
    services.set_titles(users["union_staff"], studio, HonourLevel.PROVINCIAL, False,
                        PartyBuilding.PIONEER_POST, "省总工会命名 苏工〔2026〕8号")
    db.session.commit()
    for role in ("union_staff", "admin", "studio_leader"):
        page = client_for(role).get(f"/studios/{studio.id}").text
        assert 'id="title-history"' in page and "苏工〔2026〕8号" in page, role
    for role in ("visitor", "enterprise", "studio_member"):
        page = client_for(role).get(f"/studios/{studio.id}").text
        assert "苏工〔2026〕8号" not in page, role
    assert 'id="change-titles"' in client_for("union_staff").get(f"/studios/{studio.id}").text
    assert 'id="change-titles"' not in client_for("studio_leader").get(
        f"/studios/{studio.id}").text


def test_creating_a_studio_records_its_first_titles(staff_client, db, users):
    data = factories.studio_data(name="新建劳模创新工作室", honour_level="provincial")
    data["is_demonstration"] = ""
    staff_client.post("/studios/new", data={k: v for k, v in data.items() if v != ""})
    created = db.session.execute(db.select(Studio).filter_by(name="新建劳模创新工作室")
                                 ).scalar_one()
    entry = db.session.execute(db.select(AuditEntry)).scalar_one()
    assert (entry.action, entry.target_id) == ("studio.created", created.id)
    assert entry.after["honour_level"] == "provincial"
