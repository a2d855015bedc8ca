"""Activity-log and target services: who may do what, and every rule's message."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from exchange.auth.roles import Role
from exchange.db_types import local_today
from exchange.programme import services
from exchange.programme.kinds import ActivityKind
from exchange.programme.models import DEFAULT_TARGETS, Activity, Target
from exchange.services_base import DomainError, Refused
from tests.support import factories


def english(error: DomainError) -> str:
    with force_locale("en"):
        return str(error.message)


@pytest.fixture
def outsider(db, other_studio):
    return factories.make_user(Role.STUDIO_MEMBER, studio=other_studio, name="外单位成员")


# --- recording --------------------------------------------------------------------------

def test_studio_users_record_for_their_own_studio(db, users, studio):
    for role in ("studio_member", "studio_leader"):
        entry = services.record(users[role], factories.activity_values())
        assert entry.studio_id == studio.id and entry.created_by_id == users[role].id
        assert not entry.verified
    assert entry.kind is ActivityKind.TRAINING


def test_studio_users_cannot_record_for_another_studio(db, users, other_studio):
    with pytest.raises(Refused):
        services.record(users["studio_member"], factories.activity_values(), other_studio.id)


def test_enterprise_users_cannot_record(db, users, studio):
    with pytest.raises(Refused):
        services.record(users["enterprise"], factories.activity_values(), studio.id)


def test_staff_record_for_any_studio_and_must_choose_one(db, users, other_studio):
    for role in ("union_staff", "admin"):
        entry = services.record(users[role], factories.activity_values(), other_studio.id)
        assert entry.studio_id == other_studio.id
    with pytest.raises(DomainError) as missing:
        services.record(users["union_staff"], factories.activity_values())
    with pytest.raises(DomainError) as unknown:
        services.record(users["union_staff"], factories.activity_values(), 987654)
    assert missing.value.field == unknown.value.field == "studio"
    assert english(missing.value) == "Choose the studio."


def test_topic_and_description_are_stored_trimmed(db, users):
    entry = services.record(users["studio_member"], factories.activity_values(
        topic="  焊接工艺培训 ", description="\n说明\n"))
    assert (entry.topic, entry.description) == ("焊接工艺培训", "说明")


# --- validation -------------------------------------------------------------------------

TODAY = local_today()
RULES = [
    ({"kind": "lecture"}, "kind", "Choose the kind of activity."),
    ({"kind": None}, "kind", "Choose the kind of activity."),
    ({"held_on": None}, "held_on", "Enter the day it was held."),
    ({"held_on": TODAY + timedelta(days=1)}, "held_on", "The day cannot be in the future."),
    ({"held_on": date(1999, 12, 31)}, "held_on", "Enter a day in 2000 or later."),
    ({"topic": "培"}, "topic", "Enter between 2 and 200 characters."),
    ({"topic": "   "}, "topic", "Enter between 2 and 200 characters."),
    ({"topic": "培" * 201}, "topic", "Enter between 2 and 200 characters."),
    ({"participants": -1}, "participants", "Enter a whole number from 0 to 100000."),
    ({"participants": 100_001}, "participants", "Enter a whole number from 0 to 100000."),
    ({"participants": None}, "participants", "Enter a whole number from 0 to 100000."),
    ({"participants": 0}, "participants",
     "Enter how many person-times took part in the training (at least 1)."),
    ({"description": "字" * 5001}, "description", "Enter at most 5000 characters."),
]


@pytest.mark.parametrize(("change", "field", "message"), RULES,
                         ids=[f"{r[1]}-{i}" for i, r in enumerate(RULES)])
def test_each_rule_names_its_field(db, users, change, field, message):
    values = {**factories.activity_values(), **change}
    (problem,) = services.problems(values)
    assert (problem.field, english(problem)) == (field, message)
    with pytest.raises(DomainError) as raised:
        services.record(users["studio_member"], values)
    assert raised.value.field == field
    assert db.session.execute(db.select(Activity)).first() is None


def test_limits_themselves_are_accepted(db, users):
    for values in (
        factories.activity_values(held_on=TODAY, topic="培训", participants=100_000,
                                  description="字" * 5000),
        factories.activity_values(held_on=date(2000, 1, 1), topic="培" * 200),
        factories.activity_values("tackling", participants=0),
        factories.activity_values("party_building", participants=0, description=""),
    ):
        assert services.problems(values) == []
        services.record(users["studio_member"], values)


def test_every_broken_rule_is_reported(db):
    found = services.problems({"kind": "training", "held_on": None, "topic": "",
                               "participants": 0, "description": ""})
    assert {p.field for p in found} == {"held_on", "topic", "participants"}


# --- editing, deleting, verifying -------------------------------------------------------

def test_own_studio_edits_and_deletes_unverified_entries(db, users, studio):
    entry = factories.make_activity(studio, users["studio_member"])
    services.update(users["studio_leader"], entry,
                    factories.activity_values(topic="改名后的培训", participants=55))
    assert (entry.topic, entry.participants) == ("改名后的培训", 55)
    services.delete(users["studio_member"], entry)
    assert db.session.get(Activity, entry.id) is None


def test_another_studio_may_not_touch_an_entry(db, users, studio, outsider):
    entry = factories.make_activity(studio, users["studio_member"])
    assert not services.can_view(outsider, entry)
    with pytest.raises(Refused):
        services.update(outsider, entry, factories.activity_values())
    with pytest.raises(Refused):
        services.delete(outsider, entry)
    with pytest.raises(Refused):
        services.update(users["enterprise"], entry, factories.activity_values())


def test_verified_entries_are_closed_to_studio_users(db, users, studio):
    entry = factories.make_activity(studio, users["studio_member"], verified=True)
    for role in ("studio_member", "studio_leader"):
        assert services.can_view(users[role], entry)
        assert not services.can_change(users[role], entry)
        with pytest.raises(DomainError) as edit:
            services.update(users[role], entry, factories.activity_values(topic="偷偷改"))
        with pytest.raises(DomainError) as remove:
            services.delete(users[role], entry)
        assert "verified" in english(edit.value) and english(remove.value) == english(edit.value)
    assert entry.topic != "偷偷改"


def test_staff_edit_a_verified_entry_and_it_stays_verified(db, users, studio, other_studio):
    entry = factories.make_activity(studio, users["studio_member"], verified=True)
    verifier, verified_at = entry.verified_by_id, entry.verified_at
    services.update(users["admin"], entry, factories.activity_values(participants=90),
                    other_studio.id)
    assert (entry.participants, entry.studio_id) == (90, other_studio.id)
    assert (entry.verified_by_id, entry.verified_at) == (verifier, verified_at)


def test_studio_users_cannot_move_an_entry_to_another_studio(db, users, studio, other_studio):
    entry = factories.make_activity(studio, users["studio_member"])
    services.update(users["studio_member"], entry, factories.activity_values(), other_studio.id)
    assert entry.studio_id == studio.id  # only staff's choice of studio is read


def test_staff_verify_and_withdraw(db, users, studio):
    entry = factories.make_activity(studio, users["studio_member"])
    services.toggle_verified(users["union_staff"], entry)
    assert entry.verified and entry.verified_by_id == users["union_staff"].id
    services.set_verified(users["admin"], entry, True)  # already verified: first verifier kept
    assert entry.verified_by_id == users["union_staff"].id
    services.toggle_verified(users["admin"], entry)
    assert not entry.verified and entry.verified_by_id is None


@pytest.mark.parametrize("role", ["studio_member", "studio_leader", "enterprise"])
def test_only_staff_verify(db, users, studio, role):
    entry = factories.make_activity(studio, users["studio_member"])
    with pytest.raises(Refused):
        services.toggle_verified(users[role], entry)
    assert not entry.verified


def test_staff_delete_even_verified_entries(db, users, studio):
    entry = factories.make_activity(studio, users["studio_member"], verified=True)
    services.delete(users["union_staff"], entry)
    assert db.session.get(Activity, entry.id) is None


# --- queries ----------------------------------------------------------------------------

def test_listing_and_totals_follow_access_and_filters(db, users, studio, other_studio,
                                                       outsider):
    member, staff = users["studio_member"], users["union_staff"]
    last_year = date(TODAY.year - 1, 6, 1)
    factories.make_activity(studio, member, participants=30, verified=True)
    factories.make_activity(studio, member, participants=20)
    factories.make_activity(studio, member, "tackling", participants=5, verified=True)
    factories.make_activity(studio, member, participants=7, held_on=last_year)
    factories.make_activity(other_studio, outsider, participants=100, verified=True)

    def rows(user, **filters):
        return db.session.execute(services.listing(user, filters)).scalars().all()

    assert len(rows(member)) == 4 and len(rows(staff)) == 5 and len(rows(outsider)) == 1
    assert len(rows(member, year=TODAY.year)) == 3
    assert len(rows(staff, studio=str(other_studio.id))) == 1
    assert len(rows(member, studio=str(other_studio.id))) == 4  # not a studio user's filter
    assert len(rows(staff, kind="tackling")) == 1
    assert len(rows(staff, verified="no")) == 2 and len(rows(staff, verified="yes")) == 3
    dates = [a.held_on for a in rows(staff)]
    assert dates == sorted(dates, reverse=True)

    mine = services.totals(member, {"year": TODAY.year})
    assert mine[ActivityKind.TRAINING] == {"entries": 2, "participants": 50,
                                           "verified_entries": 1, "verified_participants": 30}
    assert mine[ActivityKind.TACKLING]["participants"] == 5
    assert mine[ActivityKind.PARTY_BUILDING]["entries"] == 0
    assert services.totals(staff, {})[ActivityKind.TRAINING]["participants"] == 157
    assert services.earliest_year(member) == TODAY.year - 1
    assert services.earliest_year(users["studio_leader"]) == TODAY.year - 1
    assert services.earliest_year(users["enterprise"]) is None


# --- targets ----------------------------------------------------------------------------

def test_targets_default_without_a_row_and_reading_inserts_nothing(db):
    target = services.targets_for(2026)
    assert (target.year, target.training, target.innovations, target.patents,
            target.party_building) == (2026, 2000, 500, 50, 42)
    assert target not in db.session
    db.session.commit()
    assert db.session.execute(db.select(Target)).first() is None


def test_staff_set_targets_insert_then_update(db, users):
    values = {"training": 2400, "innovations": 520, "patents": 60, "party_building": 45}
    services.set_targets(2027, values, users["union_staff"])
    db.session.commit()
    services.set_targets(2027, {**values, "patents": 0}, users["admin"])
    db.session.commit()
    (row,) = db.session.execute(db.select(Target)).scalars().all()
    assert (row.year, row.training, row.patents, row.updated_by_id) == (
        2027, 2400, 0, users["admin"].id)
    assert services.targets_for(2027) is row
    assert services.targets_for(2026).training == DEFAULT_TARGETS["training"]


@pytest.mark.parametrize("role", ["studio_member", "studio_leader", "enterprise"])
def test_only_staff_set_targets(db, users, role):
    with pytest.raises(Refused):
        services.set_targets(2026, dict(DEFAULT_TARGETS), users[role])


@pytest.mark.parametrize(("year", "change", "field"), [
    (1999, {}, "year"), (2101, {}, "year"), (2026, {"training": -1}, "training"),
    (2026, {"patents": None}, "patents"), (2026, {"innovations": 1_000_001}, "innovations"),
    (2026, {"party_building": "42"}, "party_building"),
])
def test_target_rules(db, users, year, change, field):
    with pytest.raises(DomainError) as raised:
        services.set_targets(year, {**DEFAULT_TARGETS, **change}, users["union_staff"])
    assert raised.value.field == field
    assert db.session.execute(db.select(Target)).first() is None
