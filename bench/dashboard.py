"""Programme dashboard speed: every figure of `exchange.programme.figures`, and the whole
page, at 100,000 achievements, 20,000 needs and 1,000,000 ledger postings.

    .venv/bin/python bench/dashboard.py [--achievements 100000] [--needs 20000]
        [--postings 1000000] [--runs 30] [--engines sqlite,postgresql] [--no-write]

Per engine: a fresh database built by the Alembic revisions (so the dashboard indexes of
revisions 0011 and 0012 are there), then a synthetic data set bulk-inserted through SQLAlchemy Core
(titles are generated, not real): 400 studios over the 8 districts and 12 industries,
achievements, needs, inquiries (some answering needs), verified and unverified trainings,
1,000 agreements with 4 beneficiaries each, and the ledger of bench/ledger.py (95% of the
postings in 4-way receipts under those agreements, payouts 30 days after, reversals of
some payouts; ids renumbered in date order, as a ledger written day by day has them),
loaded with its triggers off and balances set by one UPDATE, then ANALYZE (PostgreSQL:
VACUUM ANALYZE, so that index-only scans see the visibility map).
Everything is dated 2021-2025 (receipts up to November 2025, so a few payouts fall in
January 2026); 2025 is timed as the current year.

Timed, after a warm-up, each in a fresh session: (a) every figures function for 2025 with
no filter, a district, an industry section, and both ("areas": progress, by district and
by industry from one set of area cells); (b) all of them in a row, as the
page calls them; (c) GET /programme/dashboard?year=2025 through the Flask test client as
a logged-in union_staff user, when the app has that route. Section "dashboard" of
docs/benchmarks.md is rewritten.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from bench.common import peak_rss_mb, write_section  # noqa: E402
from bench.dashboard_data import (  # noqa: E402
    AGREEMENTS,
    FIRST_YEAR,
    PASSWORD,
    STUDIOS,
    YEAR,
    load,
)
from bench.search_speed import percentile  # noqa: E402

TARGET_P95_MS = 300.0
PAGE = f"/programme/dashboard?year={YEAR}"


# --- timing -------------------------------------------------------------------------------

FUNCTIONS = ("areas", "achievements_by_month", "patents_by_kind_status", "needs_funnel",
             "agreements_by_deal_type", "money_by_month", "uncovered_studios")


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


def figure_functions() -> dict:
    """name -> the figures function, across the modules they live in. "areas": progress,
    by district and by industry from one set of area cells, as the page has them."""
    from exchange.programme import figures, figures_areas, figures_money

    def areas(f):
        cells = figures_areas.area_cells(f.year)
        return [figures_areas.progress(f, cells), figures_areas.by_district(f, cells),
                figures_areas.by_industry(f, cells)]

    modules = (figures, figures_money)
    return {name: areas if name == "areas" else
            next(getattr(m, name) for m in modules if hasattr(m, name))
            for name in FUNCTIONS}


def measure(app, data: dict, runs: int) -> dict:
    from exchange.extensions import db
    from exchange.programme import figures

    results: dict = {"functions": {}, "all": {}, "page": {}}
    sets = filter_sets(data["district"])
    functions = figure_functions()
    with app.app_context():
        for label, (f, _) in sets.items():
            for name, function in functions.items():
                results["functions"][(name, label)] = timed(
                    lambda function=function, f=f: function(f), runs, db.session.remove)

            def everything(f=f):
                for function in functions.values():
                    function(f)

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
        lines.append("| **all of them, as the page calls them** | " + " | ".join(cells) + " |")
        page = results[e]["page"]
        if page:
            cells = [_cell(page[label], bold=True) for label in labels]
            lines.append(f"| **page GET `{PAGE}`** | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["| engine | public_figures | data load s | pages all-visible after VACUUM |",
              "|---|---:|---:|---:|"]
    lines += [f"| {e} | {_cell(results[e]['public_figures'])} | "
              f"{results[e]['data']['load_s']:.0f} | {_share(results[e]['data']['visible'])} |"
              for e in engines]
    pages = {e: max(r["page"][label]["p95"] for label in labels)
             for e, r in results.items() if r["page"]}
    verdict = ("; ".join(f"{e}: worst page p95 {ms:.0f} ms, "
                         + ("met" if ms < TARGET_P95_MS else "**NOT met**")
                         for e, ms in pages.items())
               if pages else "the page itself was not timed (its route did not exist yet)")
    lines += ["", f"Target: the page under {TARGET_P95_MS:.0f} ms p95 — {verdict}. The page "
              "time includes the view's own work (form, links, SVG charts, templates). "
              "SQLite: a file in a temp dir. PostgreSQL 15: the tests' throwaway server "
              "(Unix socket, default planner and memory settings). Indexes of revisions 0011-0012. "
              f"Peak RSS {peak_rss_mb():.0f} MB (the data set is built in memory)."]
    return "\n".join(lines)


def _share(visible: float | None) -> str:
    return "n/a" if visible is None else f"{visible:.0%}"


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
