"""The demo activity log: realistic, valid, and loaded once."""
from __future__ import annotations

from collections import Counter

from exchange.db_types import local_today
from exchange.demo.activities import load_activities
from exchange.demo.people import load_people
from exchange.programme import services
from exchange.programme.kinds import ActivityKind
from exchange.programme.models import DEFAULT_TARGETS, Activity
from exchange.studios.models import Studio


def test_demo_activities_are_realistic_and_idempotent(db):
    assert load_activities() == 0  # nothing to hang entries on yet
    load_people()
    added = load_activities()
    db.session.commit()
    entries = db.session.execute(db.select(Activity)).scalars().all()
    assert added == len(entries) > 100
    today = local_today()
    for entry in entries:
        values = {name: getattr(entry, name) for name in services.CONTENT_FIELDS}
        assert services.problems(values, today) == [], entry.topic
        assert entry.held_on.year in (today.year, today.year - 1)
        if entry.verified:
            assert entry.verified_at.date() >= entry.held_on and entry.verified_by_id
    this_year = [e for e in entries if e.held_on.year == today.year]
    trainings = [e for e in this_year if e.kind == ActivityKind.TRAINING]
    target = DEFAULT_TARGETS["training"]
    verified = sum(e.participants for e in trainings if e.verified)
    assert 0.6 * target <= verified <= sum(e.participants for e in trainings) <= 0.8 * target
    kinds = Counter(e.kind for e in this_year)
    assert kinds[ActivityKind.TACKLING] and kinds[ActivityKind.PARTY_BUILDING]
    assert 0 < sum(not e.verified for e in entries) < len(entries) / 4
    studios = db.session.execute(db.select(Studio.id)).scalars().all()
    with_party = {e.studio_id for e in entries if e.kind == ActivityKind.PARTY_BUILDING}
    assert len(studios) / 2 < len(with_party) < len(studios)
    assert load_activities() == 0
    db.session.expire_all()
    assert len(db.session.execute(db.select(Activity.id)).all()) == len(entries)


def test_demo_data_command_reports_activities(runner, db, monkeypatch):
    # Only people and activities: the other loaders have tests of their own and are slow.
    for name in ("achievements", "needs", "inquiries", "agreements"):
        monkeypatch.setattr(f"exchange.demo.{name}.load_{name}", lambda: 0)
    output = runner.invoke(args=["demo-data"]).output
    assert "activities +" in output and "activities +0" not in output
    assert "activities +0" in runner.invoke(args=["demo-data"]).output
