"""Demo achievements from real Chinese technical records (see data/NOTICE.md).

Each record goes to a studio of its industry section where one exists, gets a type, a
valid patent number for patents, prices, contributors from the studio and a history that
reaches its state through the real life-cycle steps, dated over the past two years.
"""
from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

from exchange.achievements.kinds import AchievementType, LegalStatus, State, TransactionMode
from exchange.achievements.models import Achievement, Contributor, Transition
from exchange.achievements.validators import patent_check_digit
from exchange.auth.models import User
from exchange.db_types import utcnow
from exchange.demo.people import union_staff
from exchange.extensions import db
from exchange.studios.models import Studio

DATA = Path(__file__).resolve().parent / "data" / "achievements.jsonl"
TYPE_WEIGHTS = {
    AchievementType.INVENTION_PATENT: 34, AchievementType.UTILITY_MODEL: 24,
    AchievementType.DESIGN_PATENT: 4, AchievementType.SOFTWARE_COPYRIGHT: 6,
    AchievementType.TECHNICAL_INNOVATION: 10, AchievementType.TECHNICAL_BREAKTHROUGH: 9,
    AchievementType.PROCESS_METHOD: 7, AchievementType.MANAGEMENT_INNOVATION: 2,
    AchievementType.SERVICE_INNOVATION: 2, AchievementType.MECHANISM_INNOVATION: 2,
}
KIND_DIGIT = {AchievementType.INVENTION_PATENT: "1", AchievementType.UTILITY_MODEL: "2",
              AchievementType.DESIGN_PATENT: "3"}
STATE_WEIGHTS = {State.PUBLISHED: 84, State.DRAFT: 5, State.SUBMITTED: 6, State.RETURNED: 3,
                 State.WITHDRAWN: 1, State.TRADED: 1}
PATHS = {  # the actions' states on the way to each end state
    State.DRAFT: [], State.SUBMITTED: [State.SUBMITTED],
    State.PUBLISHED: [State.SUBMITTED, State.PUBLISHED],
    State.RETURNED: [State.SUBMITTED, State.RETURNED],
    State.WITHDRAWN: [State.SUBMITTED, State.PUBLISHED, State.WITHDRAWN],
    State.TRADED: [State.SUBMITTED, State.PUBLISHED, State.TRADED],
}
RETURN_REASONS = (
    "请补充专利证书或受理通知书扫描件。",
    "成果简介过于简略，请说明解决的问题、技术方案和应用效果。",
    "报价依据不足，请补充评估说明或改为面议。",
)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _patent_number(rng: random.Random, kind: AchievementType) -> str:
    digits = f"{rng.randint(2015, 2024)}{KIND_DIGIT[kind]}{rng.randint(0, 9_999_999):07d}"
    return f"CN{digits}.{patent_check_digit(digits)}"


def load_achievements() -> int:
    """Create the demo achievements that are not there yet; returns how many were added."""
    studios = db.session.execute(db.select(Studio).order_by(Studio.id)).scalars().all()
    if not studios:
        return 0
    existing = set(db.session.execute(db.select(Achievement.studio_id, Achievement.title)).all())
    people = db.session.execute(
        db.select(User).where(User.studio_id.is_not(None), User.active.is_(True))
        .order_by(User.id)).scalars().all()
    staff = next(iter(union_staff()), None)
    by_studio: dict[int, list[User]] = {}
    for person in people:
        by_studio.setdefault(person.studio_id, []).append(person)
    by_industry: dict[str, list[Studio]] = {}
    for studio in studios:  # a division's studios first, then its section's
        by_industry.setdefault(studio.industry_code, []).append(studio)
        by_industry.setdefault(studio.industry.section, []).append(studio)
    rng = random.Random(2026)
    now = utcnow()
    added = 0
    with open(DATA, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    for i, record in enumerate(records):
        candidates = (by_industry.get(record["division"]) or by_industry.get(record["section"])
                      or studios)
        studio = candidates[i % len(candidates)]
        team = by_studio.get(studio.id) or []
        # Draw every random value even for existing rows so later rows stay the same.
        values = _values(rng, record)
        state = _pick(rng, STATE_WEIGHTS)
        started = now - timedelta(days=rng.randint(20, 730), minutes=rng.randint(0, 1440))
        if (studio.id, record["title"]) in existing or not team or staff is None:
            continue
        item = Achievement(studio_id=studio.id, created_by_id=team[0].id, created_at=started,
                           updated_at=started, **values)
        item.contributors = [Contributor(position=n, user_id=p.id)
                             for n, p in enumerate(team[: 1 + i % len(team)], start=1)]
        _history(item, state, started, team[-1], staff, rng)
        db.session.add(item)
        added += 1
    db.session.flush()
    return added


def _values(rng: random.Random, record: dict) -> dict:
    kind = _pick(rng, TYPE_WEIGHTS)
    patent = kind in KIND_DIGIT
    negotiable = rng.random() < 0.2
    return {
        "title": record["title"], "abstract": record["abstract"],
        "keywords": record["keywords"], "type": kind,
        "patent_number": _patent_number(rng, kind) if patent else None,
        "legal_status": _pick(rng, {LegalStatus.GRANTED: 6, LegalStatus.PENDING: 3,
                                    LegalStatus.LAPSED: 1}) if patent else None,
        "industry_code": record["division"], "trl": rng.choice((3, 4, 5, 6, 6, 7, 7, 8, 8, 9)),
        "transaction_modes": rng.sample(list(TransactionMode), rng.randint(1, 3)),
        "price_negotiable": negotiable,
        "price_fen": None if negotiable else rng.randint(5, 500) * 10_000 * 100,
        "benefit_fen": rng.choice((None, None, rng.randint(10, 2000) * 10_000 * 100)),
    }


def _history(item: Achievement, state: State, started, author, staff, rng) -> None:
    steps = [Transition(actor_id=author.id, from_state=None, to_state=State.DRAFT,
                        created_at=started)]
    when, current = started, State.DRAFT
    for target in PATHS[state]:
        when += timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 8))
        actor = author if target == State.SUBMITTED else staff
        reason = rng.choice(RETURN_REASONS) if target == State.RETURNED else ""
        steps.append(Transition(actor_id=actor.id, from_state=current, to_state=target,
                                reason=reason, created_at=when))
        if target == State.PUBLISHED:
            item.published_at = when
        current = target
    item.transitions = steps
    item.state = state
    item.updated_at = when
