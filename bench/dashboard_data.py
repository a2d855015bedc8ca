"""The dashboard benchmark's synthetic data set (bench/dashboard.py times it): studios,
achievements, needs, inquiries, activities and agreements bulk-inserted through
SQLAlchemy Core, and bench/ledger.py's book renumbered in date order under them."""
from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

YEAR = 2025
FIRST_YEAR = 2021
STUDIOS = 400
AGREEMENTS = 1000  # bench/ledger.py's book: agreement a has beneficiaries 4a-3 .. 4a
INDUSTRIES = ("34", "35", "38", "39", "26", "13", "44", "48", "65", "72", "C", "I")
PASSWORD = "Bench-dashboard-42"


def instant(rng: random.Random, first: int = FIRST_YEAR, last: int = YEAR) -> datetime:
    start = datetime(first, 1, 1, tzinfo=UTC)
    span = (datetime(last, 12, 31, tzinfo=UTC) - start).total_seconds()
    return start + timedelta(seconds=rng.random() * span)


def weighted(rng: random.Random, choices: dict):
    return rng.choices(list(choices), weights=list(choices.values()))[0]


# --- the data set -------------------------------------------------------------------------

def people():
    """A union_staff user to log in with, a studio member who authors everything, an
    enterprise user; through the services, so the passwords work."""
    from exchange.auth import services as auth_services
    from exchange.auth.models import Enterprise
    from exchange.auth.roles import Role
    from exchange.demo.people import credit_code_for
    from exchange.extensions import db

    enterprise = Enterprise(name="无锡基准测试企业有限公司", credit_code=credit_code_for(7))
    db.session.add(enterprise)
    staff = auth_services.create_user("staff@bench.example.cn", "基准工会", PASSWORD,
                                      Role.UNION_STAFF)
    member = auth_services.create_user("member@bench.example.cn", "基准成员", PASSWORD,
                                       Role.STUDIO_MEMBER)
    buyer = auth_services.create_user("buyer@bench.example.cn", "基准企业", PASSWORD,
                                      Role.ENTERPRISE, enterprise=enterprise)
    db.session.commit()
    return {"staff": staff.id, "member": member.id, "buyer": buyer.id,
            "enterprise": enterprise.id}


def studio_rows(rng, district_ids: list[int]) -> list[dict]:
    from exchange.studios.models import HonourLevel, PartyBuilding

    now = datetime.now(UTC)
    levels = {HonourLevel.NATIONAL: 5, HonourLevel.PROVINCIAL: 15, HonourLevel.CITY: 40,
              HonourLevel.DISTRICT: 40}
    party = {PartyBuilding.NONE: 5, PartyBuilding.PARTY_ORGANISATION: 3,
             PartyBuilding.PIONEER_POST: 2}
    return [{"id": n, "name": f"基准{n}号劳模创新工作室", "leader_name": "何光华",
             "honour_level": weighted(rng, levels), "employer_unit": "无锡基准机械有限公司",
             "district_id": rng.choice(district_ids), "industry_code": rng.choice(INDUSTRIES),
             "is_demonstration": False, "party_building": weighted(rng, party),
             "founded_year": 2010, "description": "", "contact_name": "", "contact_phone": "",
             "contact_email": "", "created_at": now, "updated_at": now}
            for n in range(1, STUDIOS + 1)]


def achievement_rows(rng, count: int, studios: list[dict], author: int) -> list[dict]:
    from exchange.achievements.kinds import AchievementType as T
    from exchange.achievements.kinds import LegalStatus, State

    kinds = {T.INVENTION_PATENT: 15, T.UTILITY_MODEL: 15, T.DESIGN_PATENT: 5,
             T.SOFTWARE_COPYRIGHT: 5, T.TECHNICAL_INNOVATION: 20, T.TECHNICAL_BREAKTHROUGH: 10,
             T.PROCESS_METHOD: 10, T.MANAGEMENT_INNOVATION: 8, T.SERVICE_INNOVATION: 7,
             T.MECHANISM_INNOVATION: 5}
    states = {State.PUBLISHED: 75, State.TRADED: 5, State.WITHDRAWN: 5, State.DRAFT: 7,
              State.SUBMITTED: 4, State.RETURNED: 4}
    statuses = [LegalStatus.PENDING, LegalStatus.GRANTED, LegalStatus.GRANTED,
                LegalStatus.LAPSED, None]
    rows = []
    for n in range(1, count + 1):
        studio = rng.choice(studios)
        kind, state = weighted(rng, kinds), weighted(rng, states)
        patent = kind in (T.INVENTION_PATENT, T.UTILITY_MODEL, T.DESIGN_PATENT)
        published = instant(rng) if state in (State.PUBLISHED, State.TRADED,
                                              State.WITHDRAWN) else None
        created = published or instant(rng)
        rows.append({
            "id": n, "studio_id": studio["id"], "title": f"基准成果{n}：数控机床主轴在线诊断",
            "abstract": "合成的基准数据。", "keywords": ["基准"], "type": kind,
            "patent_number": f"CN2022{n:08d}.X" if patent else None,
            "legal_status": rng.choice(statuses) if patent else None,
            "industry_code": studio["industry_code"] if rng.random() < 0.8
            else rng.choice(INDUSTRIES),
            "trl": 1 + n % 9, "price_fen": None, "price_negotiable": True, "currency": "CNY",
            "benefit_fen": 0, "state": state, "created_by_id": author, "created_at": created,
            "updated_at": created, "published_at": published})
    return rows


def need_rows(rng, count: int, district_codes: list[str], ids: dict) -> list[dict]:
    from exchange.needs.kinds import CloseReason, NeedState

    states = {NeedState.PUBLISHED: 50, NeedState.CLOSED: 25, NeedState.DRAFT: 10,
              NeedState.SUBMITTED: 8, NeedState.RETURNED: 7}
    rows = []
    for n in range(1, count + 1):
        state = weighted(rng, states)
        published = instant(rng) if state in (NeedState.PUBLISHED, NeedState.CLOSED) else None
        created = published or instant(rng)
        rows.append({
            "id": n, "enterprise_id": ids["enterprise"], "title": f"基准需求{n}",
            "description": "合成的基准数据。", "keywords": ["基准"],
            "industry_code": rng.choice(INDUSTRIES), "district_code": rng.choice(district_codes),
            "budget_min_fen": None, "budget_max_fen": None, "budget_negotiable": True,
            "deadline": (created + timedelta(days=90)).date(), "contact_name": "周经理",
            "contact_phone": "0510-82701234", "state": state,
            "close_reason": rng.choice(list(CloseReason)) if state == NeedState.CLOSED
            else None,
            "created_by_id": ids["buyer"], "created_at": created, "updated_at": created,
            "published_at": published})
    return rows


def inquiry_rows(rng, needs: list[dict], achievements: list[int], ids: dict) -> list[dict]:
    """About one inquiry per posted need (some none, some several), then one per agreement
    (ids 1..AGREEMENTS, so agreement a grew from inquiry a)."""
    from exchange.inquiries.kinds import InquiryState as S

    posted = [n for n in needs if n["published_at"] is not None]
    answering = [rng.choice(posted)["id"] for _ in range(len(posted))]
    rows = []
    now = datetime.now(UTC)
    for need_id in [None] * AGREEMENTS + answering:
        state = S.AGREED if need_id is None else weighted(
            rng, {S.OPEN: 3, S.NEGOTIATING: 3, S.AGREED: 1, S.CLOSED: 3})
        rows.append({"id": len(rows) + 1, "achievement_id": rng.choice(achievements),
                     "need_id": need_id, "enterprise_id": ids["enterprise"],
                     "opened_by_id": ids["buyer"], "mediator_id": ids["staff"], "state": state,
                     "close_reason": "", "created_at": now, "updated_at": now})
    return rows


def activity_rows(rng, count: int, studios: list[dict], ids: dict) -> list[dict]:
    from exchange.programme.kinds import ActivityKind

    kinds = {ActivityKind.TRAINING: 6, ActivityKind.TACKLING: 2,
             ActivityKind.PARTY_BUILDING: 2}
    rows = []
    for n in range(1, count + 1):
        held = instant(rng)
        verified = held + timedelta(days=3) if rng.random() < 0.7 else None
        rows.append({"id": n, "studio_id": rng.choice(studios)["id"],
                     "kind": weighted(rng, kinds), "held_on": held.date(), "topic": "技能培训",
                     "participants": rng.randint(5, 60), "description": "",
                     "created_by_id": ids["member"], "created_at": held, "updated_at": held,
                     "verified_by_id": ids["staff"] if verified else None,
                     "verified_at": verified})
    return rows


def agreement_rows(rng, inquiries: list[dict], achievements: list[dict], ids: dict):
    from bench.ledger import SHARES
    from exchange.agreements.kinds import (
        AgreementState,
        BeneficiaryKind,
        DealType,
        PaymentKind,
        VersionState,
    )

    states = {AgreementState.ACTIVE: 7, AgreementState.COMPLETED: 2,
              AgreementState.TERMINATED: 1}
    published = {a["id"]: a for a in achievements if a["published_at"] is not None}
    agreements, versions, people = [], [], []
    kinds = list(BeneficiaryKind)
    for a in range(1, AGREEMENTS + 1):
        achievement = published[inquiries[a - 1]["achievement_id"]] if inquiries[a - 1][
            "achievement_id"] in published else rng.choice(list(published.values()))
        activated = instant(rng, 2023, YEAR)
        agreements.append({
            "id": a, "inquiry_id": a, "achievement_id": achievement["id"],
            "studio_id": achievement["studio_id"], "enterprise_id": ids["enterprise"],
            "employer_unit": "无锡基准机械有限公司", "mediator_id": ids["staff"],
            "state": weighted(rng, states), "close_reason": "", "created_at": activated,
            "activated_at": activated, "closed_at": None})
        deal = rng.choice([DealType.TRANSFER, DealType.SERVICE, DealType.CO_DEVELOPMENT,
                           DealType.EQUITY])
        versions.append({
            "id": a, "agreement_id": a, "number": 1, "state": VersionState.APPROVED,
            "deal_type": deal, "exclusivity": None, "consideration_fen": 1_000_000,
            "currency": "CNY", "term_start": activated.date(),
            "term_end": activated.date() + timedelta(days=1000),
            "payment_kind": PaymentKind.LUMP_SUM, "entry_fee_fen": None,
            "royalty_rate_bp": None, "royalty_base": None, "royalty_period": None, "notes": "",
            "created_by_id": ids["staff"], "created_at": activated, "proposed_at": activated,
            "approved_at": activated, "approved_by_id": ids["staff"],
            "acknowledged_warnings": [], "acknowledged_by_id": None, "acknowledged_at": None})
        for position, share in enumerate(SHARES[a % len(SHARES)]):
            people.append({"id": 4 * a - 3 + position, "version_id": a, "position": position,
                           "kind": kinds[position], "name": f"受益人{4 * a - 3 + position}",
                           "user_id": None, "share_bp": share})
    return agreements, versions, people


def load(app, args) -> dict:
    """Build the data set; returns what the timing needs (ids, a busy district)."""
    from flask_migrate import upgrade

    from bench.ledger import generate, load_book
    from exchange.achievements.models import Achievement
    from exchange.agreements.models import Agreement, AgreementVersion, Beneficiary
    from exchange.extensions import db
    from exchange.inquiries.models import Inquiry
    from exchange.needs.models import Need
    from exchange.programme.models import Activity
    from exchange.reference.models import District
    from exchange.studios.models import Studio

    rng = random.Random(20251)
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        ids = people()
        districts = db.session.execute(db.select(District.id, District.code)).all()
        studios = studio_rows(rng, [d for d, _ in districts])
        achievements = achievement_rows(rng, args.achievements, studios, ids["member"])
        needs = need_rows(rng, args.needs, [c for _, c in districts], ids)
        published = [a["id"] for a in achievements if a["published_at"] is not None]
        inquiries = inquiry_rows(rng, needs, published, ids)
        activities = activity_rows(rng, args.needs, studios, ids)
        agreements, versions, people_ = agreement_rows(rng, inquiries, achievements, ids)
        first = datetime(FIRST_YEAR, 1, 1).date()
        book = chronological(generate(args.postings, start=first,
                                      days=(datetime(YEAR, 12, 1).date() - first).days))
        with db.engine.begin() as conn:
            for model, rows in ((Studio, studios), (Achievement, achievements), (Need, needs),
                                (Inquiry, inquiries), (Activity, activities),
                                (Agreement, agreements), (AgreementVersion, versions),
                                (Beneficiary, people_)):
                conn.execute(model.__table__.insert(), rows)
            load_book(conn, *book)
            if conn.dialect.name == "postgresql":
                for model in (Studio, Achievement, Need, Inquiry, Activity, Agreement,
                              AgreementVersion, Beneficiary):
                    table = model.__tablename__
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                      f"max(id)) FROM {table}"))
        db.session.remove()
        with db.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                visible = vacuum(conn.execution_options(isolation_level="AUTOCOMMIT"))
            else:
                conn.execute(text("ANALYZE"))
                conn.commit()
                visible = None
        busiest = max(districts, key=lambda d: sum(s["district_id"] == d[0] for s in studios))
    in_year = {row["id"] for row in book[1] if row["occurred_on"].year == YEAR}
    return {"load_s": time.perf_counter() - started, "district": busiest[1], "visible": visible,
            "year_postings": sum(t in in_year for t, *_ in book[2]),
            "postings": len(book[2]), "transactions": len(book[1]),
            "achievements": len(achievements), "needs": len(needs),
            "inquiries": len(inquiries), "activities": len(activities)}


def vacuum(conn, rounds: int = 5) -> float:
    """VACUUM ANALYZE until the visibility map covers the tables, as autovacuum keeps it
    on a live server; index-only scans need it. A snapshot held elsewhere meanwhile (the
    session's open transaction, an auto-analyze started during the load) leaves pages
    unmarked, so check and go again. Returns the share of pages marked all-visible."""
    share = 0.0
    for _ in range(rounds):
        conn.execute(text("VACUUM ANALYZE"))
        pages, visible = conn.execute(text(
            "SELECT sum(relpages), sum(relallvisible) FROM pg_class WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace")).one()
        share = float(visible) / float(pages or 1)
        if share > 0.99:
            break
        time.sleep(1)
    return share


def chronological(book):
    """bench/ledger.py's book with ids in date order, as entries recorded day by day get
    them (its generator numbers all receipts first, their dates cycling)."""
    account_rows, txn_rows, posting_rows = book
    txn_rows = sorted(txn_rows, key=lambda row: (row["occurred_on"], row["id"]))
    new_id = {row["id"]: n for n, row in enumerate(txn_rows, 1)}
    txn_rows = [{**row, "id": new_id[row["id"]],
                 "reverses_id": new_id.get(row["reverses_id"])} for row in txn_rows]
    posting_rows = sorted((new_id[t], a, c, m) for t, a, c, m in posting_rows)
    return account_rows, txn_rows, posting_rows
