"""Programme dashboard speed: every figure of `exchange.programme.figures`, and the whole
page, at 100,000 achievements, 20,000 needs and 1,000,000 ledger postings.

    .venv/bin/python bench/dashboard.py [--achievements 100000] [--needs 20000]
        [--postings 1000000] [--runs 30] [--engines sqlite,postgresql] [--no-write]

Per engine: a fresh database built by the Alembic revisions (so the dashboard indexes of
revision 0011 are there), then a synthetic data set bulk-inserted through SQLAlchemy Core
(titles are generated, not real): 400 studios over the 8 districts and 12 industries,
achievements, needs, inquiries (some answering needs), verified and unverified trainings,
1,000 agreements with 4 beneficiaries each, and the ledger of bench/ledger.py (95% of the
postings in 4-way receipts under those agreements, payouts 30 days after, reversals of
some payouts; ids renumbered in date order, as a ledger written day by day has them),
loaded with its triggers off and balances set by one UPDATE, then ANALYZE.
Everything is dated 2021-2025 (receipts up to November 2025, so a few payouts fall in
January 2026); 2025 is timed as the current year.

Timed, after a warm-up, each in a fresh session: (a) every figures function for 2025 with
no filter, a district, an industry section, and both; (b) all of them in a row, as the
page calls them; (c) GET /programme/dashboard?year=2025 through the Flask test client as
a logged-in union_staff user, when the app has that route. Section "dashboard" of
docs/benchmarks.md is rewritten.
"""
from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from bench.common import peak_rss_mb, write_section  # noqa: E402

YEAR = 2025
FIRST_YEAR = 2021
TARGET_P95_MS = 300.0
STUDIOS = 400
AGREEMENTS = 1000  # bench/ledger.py's book: agreement a has beneficiaries 4a-3 .. 4a
INDUSTRIES = ("34", "35", "38", "39", "26", "13", "44", "48", "65", "72", "C", "I")
PASSWORD = "Bench-dashboard-42"
PAGE = f"/programme/dashboard?year={YEAR}"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


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

    from bench.ledger import SET_BALANCES, _copy, generate
    from exchange.achievements.models import Achievement
    from exchange.agreements.models import Agreement, AgreementVersion, Beneficiary
    from exchange.extensions import db
    from exchange.inquiries.models import Inquiry
    from exchange.needs.models import Need
    from exchange.programme.models import Activity
    from exchange.reference.models import District
    from exchange.studios.models import Studio
    from ledger import schema, triggers

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
            _load_ledger(conn, book, schema, triggers, SET_BALANCES, _copy)
            if conn.dialect.name == "postgresql":
                for model in (Studio, Achievement, Need, Inquiry, Activity, Agreement,
                              AgreementVersion, Beneficiary):
                    table = model.__tablename__
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                      f"max(id)) FROM {table}"))
        with db.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                    text("VACUUM ANALYZE"))
            else:
                conn.execute(text("ANALYZE"))
                conn.commit()
        busiest = max(districts, key=lambda d: sum(s["district_id"] == d[0] for s in studios))
    in_year = {row["id"] for row in book[1] if row["occurred_on"].year == YEAR}
    return {"load_s": time.perf_counter() - started, "district": busiest[1],
            "year_postings": sum(t in in_year for t, *_ in book[2]),
            "postings": len(book[2]), "transactions": len(book[1]),
            "achievements": len(achievements), "needs": len(needs),
            "inquiries": len(inquiries), "activities": len(activities)}


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


def _load_ledger(conn, book, schema, triggers, set_balances, copy) -> None:
    account_rows, txn_rows, posting_rows = book
    triggers.uninstall(conn)  # setup only, as bench/ledger.py does
    conn.execute(schema.accounts.insert(), account_rows)
    if conn.dialect.name == "postgresql":
        copy(conn, txn_rows, posting_rows)
        conn.execute(text("SELECT setval('ledger_accounts_id_seq', max(id)) "
                          "FROM ledger_accounts"))
        conn.execute(text("SELECT setval('ledger_postings_id_seq', max(id)) "
                          "FROM ledger_postings"))
    else:
        conn.execute(schema.transactions.insert(), txn_rows)
        conn.execute(schema.postings.insert(), [
            {"id": n, "transaction_id": t, "account_id": a, "currency": c, "amount": m}
            for n, (t, a, c, m) in enumerate(posting_rows, 1)])
        conn.execute(schema.closings.insert(), [
            {"transaction_id": row["id"], "closed_at": row["created_at"]} for row in txn_rows])
    conn.execute(text(set_balances))
    triggers.install(conn)


# --- timing -------------------------------------------------------------------------------

FUNCTIONS = ("progress", "by_district", "by_industry", "achievements_by_month",
             "patents_by_kind_status", "needs_funnel", "agreements_by_deal_type",
             "money_by_month", "uncovered_studios")


def filter_sets(district: str) -> dict:
    """label -> (Filters for the functions, query string for the page, which offers
    sections only)."""
    from exchange.programme.figures import Filters

    return {"none": (Filters(YEAR), ""),
            "district": (Filters(YEAR, district=district), f"&district={district}"),
            "section C": (Filters(YEAR, industry="C"), "&industry=C"),
            "district + C / 34": (Filters(YEAR, district=district, industry="34"),
                                  f"&district={district}&industry=C")}


def timed(run, runs: int, reset) -> dict:
    for _ in range(2):
        run()
        reset()
    ms = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        ms.append((time.perf_counter() - start) * 1000)
        reset()
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95), "max": max(ms)}


def measure(app, data: dict, runs: int) -> dict:
    from exchange.extensions import db
    from exchange.programme import figures

    results: dict = {"functions": {}, "all": {}, "page": {}}
    sets = filter_sets(data["district"])
    with app.app_context():
        for label, (f, _) in sets.items():
            for name in FUNCTIONS:
                function = getattr(figures, name)
                results["functions"][(name, label)] = timed(
                    lambda function=function, f=f: function(f), runs, db.session.remove)

            def everything(f=f):
                for name in FUNCTIONS:
                    getattr(figures, name)(f)

            results["all"][label] = timed(everything, runs, db.session.remove)
        results["public_figures"] = timed(lambda: figures.public_figures(YEAR), runs,
                                          db.session.remove)
    if any(rule.rule == "/programme/dashboard" for rule in app.url_map.iter_rules()):
        client = app.test_client()
        login = client.post("/auth/login", data={"email": "staff@bench.example.cn",
                                                 "password": PASSWORD})
        assert login.status_code == 302, login.status_code
        for label, (_, query) in sets.items():
            def page(query=query):
                response = client.get(PAGE + query)
                assert response.status_code == 200, response.status_code

            results["page"][label] = timed(page, runs, lambda: None)
    return results


def run_engine(url: str, args, folder: Path) -> dict:
    from exchange import create_app

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "LOG_LEVEL": "WARNING", "SEARCH_INDEX_DIR": str(folder / "index"),
        "ATTACHMENT_DIR": str(folder / "attachments"), "IMPORT_DIR": str(folder / "imports")})
    data = load(app, args)
    print(f"{url.split(':')[0]}: loaded {data}", flush=True)
    results = measure(app, data, args.runs)
    with app.app_context():
        from exchange.extensions import db

        db.engine.dispose()
    return {"data": data, **results}


# --- report -------------------------------------------------------------------------------

def report(results: dict, args) -> str:
    engines = list(results)
    data = results[engines[0]]["data"]
    labels = list(filter_sets("X"))
    in_year = ", ".join(f"{e} {results[e]['data']['year_postings']:,}" for e in engines)
    lines = [
        "## Dashboard", "",
        f"`exchange.programme.figures` and the page that shows them, on a synthetic data "
        f"set (`bench/dashboard.py`): {data['achievements']:,} achievements, "
        f"{data['needs']:,} needs, {data['inquiries']:,} inquiries, {data['activities']:,} "
        f"activity entries, {STUDIOS} studios over the 8 districts, {AGREEMENTS:,} agreements "
        f"and bench/ledger.py's book of {data['postings']:,} postings in "
        f"{data['transactions']:,} transactions under them, all dated {FIRST_YEAR}-{YEAR}; "
        f"{YEAR} is the year shown (it holds about a fifth of everything: postings of "
        f"transactions dated in it: {in_year}). Filters: none; the district with the most "
        "studios; industry section C (about 60% of the studios); that district with "
        "division 34 (the page offers sections only, so there: with section C). "
        f"{args.runs} runs each after 2 warm-ups, a fresh session per function run; "
        "milliseconds, p50 / p95.", ""]
    for e in engines:
        lines += [f"**{e}**", "", "| figure | " + " | ".join(labels) + " |",
                  "|---|" + "---:|" * len(labels)]
        for name in FUNCTIONS:
            cells = [_cell(results[e]["functions"][(name, label)]) for label in labels]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        cells = [_cell(results[e]["all"][label], bold=True) for label in labels]
        lines.append("| **the nine, as the page calls them** | " + " | ".join(cells) + " |")
        page = results[e]["page"]
        if page:
            cells = [_cell(page[label], bold=True) for label in labels]
            lines.append(f"| **page GET `{PAGE}`** | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["| engine | public_figures | data load s |", "|---|---:|---:|"]
    lines += [f"| {e} | {_cell(results[e]['public_figures'])} | "
              f"{results[e]['data']['load_s']:.0f} |" for e in engines]
    pages = {e: max(r["page"][label]["p95"] for label in labels)
             for e, r in results.items() if r["page"]}
    verdict = ("; ".join(f"{e}: worst page p95 {ms:.0f} ms, "
                         + ("met" if ms < TARGET_P95_MS else "**NOT met**")
                         for e, ms in pages.items())
               if pages else "the page itself was not timed (its route did not exist yet)")
    lines += ["", f"Target: the page under {TARGET_P95_MS:.0f} ms p95 — {verdict}. The page "
              "time includes the view's own work (form, links, SVG charts, templates). "
              "SQLite: a file in a temp dir. PostgreSQL 15: the tests' throwaway server "
              "(Unix socket, default planner and memory settings). Indexes of revision 0011. "
              f"Peak RSS {peak_rss_mb():.0f} MB (the data set is built in memory)."]
    return "\n".join(lines)


def _cell(figures: dict, bold: bool = False) -> str:
    text_ = f"{figures['p50']:.1f} / {figures['p95']:.1f}"
    return f"**{text_}**" if bold else text_


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--achievements", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as tmp:
        folder = Path(tmp)
        for name in args.engines.split(","):
            if name == "sqlite":
                results[name] = run_engine(f"sqlite:///{folder / 'dashboard.db'}", args,
                                           folder / "sqlite")
            elif name == "postgresql":
                from pytest_postgresql.janitor import DatabaseJanitor

                from tests.support import postgres

                postgres.PORT = 5438  # neither the tests' port nor bench/ledger.py's
                with postgres.throwaway_postgres() as server, DatabaseJanitor(
                        user=server["user"], host=server["host"], port=server["port"],
                        dbname="bench"):
                    url = (f"postgresql+psycopg://{server['user']}@/bench?"
                           f"host={server['host']}&port={server['port']}")
                    results[name] = run_engine(url, args, folder / "postgresql")
    text_ = report(results, args)
    print(text_)
    if not args.no_write:
        write_section("dashboard", text_)


if __name__ == "__main__":
    main()
