"""API speed: the achievements list and search through /api/v1 at 100,000 achievements,
on SQLite + Whoosh and on PostgreSQL + the `postgres` search backend.

    .venv/bin/python bench/api.py [--achievements 100000] [--runs 60] [--queries 100]
        [--engines sqlite,postgresql] [--no-write]

Per engine: a fresh database built by the Alembic revisions and bench/dashboard_data.py's
synthetic rows (100,000 achievements of 400 studios); the
published ones are indexed with the text of the make_corpus.py corpus of the real records
(the synthetic titles all look alike, which no search sees in use), one record per
achievement. Timed in-process through the Flask test client, after a warm-up, each
request in its own app context as in production: the list's first page (20), a filtered
page (industry section C), the page after a cursor; search for the first dev queries
(`queries-dev.tsv`), with facets and highlights. The same run times the site's HTML
pages for the same list and searches, and `/healthz`, as references. Section "api" of
docs/benchmarks.md is rewritten.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import shared_data, write_section  # noqa: E402
from bench.search_corpus import corpus_path, postgres_url, read_records  # noqa: E402
from bench.search_relevance import read_queries  # noqa: E402
from bench.search_speed import percentile  # noqa: E402


def timed(client, urls: list[str], runs: int) -> dict:
    for url in urls[:3]:
        client.get(url)
    ms = []
    for n in range(runs):
        url = urls[n % len(urls)]
        start = time.perf_counter()
        response = client.get(url)
        ms.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"p50": percentile(ms, 50), "p95": percentile(ms, 95)}


def index(app, size: int) -> tuple[int, float]:
    """The published achievements indexed with the corpus's real texts."""
    from exchange.achievements.kinds import State
    from exchange.achievements.models import Achievement
    from exchange.extensions import db
    from exchange.search import documents
    from exchange.search.backend import get_backend
    from search_index.schema import Document

    started = time.perf_counter()
    with app.app_context():
        rows = db.session.execute(db.select(Achievement.id, Achievement.industry_code)
                                  .where(Achievement.state == State.PUBLISHED)
                                  .order_by(Achievement.id)).all()
        records = read_records(corpus_path(size))
        docs = (Document(id=documents.doc_id(row.id), version="bench", title=record["title"],
                         abstract=record["abstract"], keywords=tuple(record.get("keywords")
                                                                     or ()),
                         facets={"section": ("C",), "division": (row.industry_code,)},
                         published_at=float(row.id))
                for row, record in zip(rows, records, strict=False))
        get_backend("achievements").rebuild(docs)
    return len(rows), time.perf_counter() - started


def load(app, count: int) -> dict:
    """Migrated schema, the people, 400 studios and `count` achievements (dashboard_data's
    rows), bulk-inserted, then ANALYZE."""
    import random

    from flask_migrate import upgrade
    from sqlalchemy import text

    from bench.dashboard_data import achievement_rows, people, studio_rows
    from exchange.achievements.models import Achievement
    from exchange.extensions import db
    from exchange.reference.models import District
    from exchange.studios.models import Studio

    rng = random.Random(20261)
    with app.app_context():
        upgrade()
        ids = people()
        districts = db.session.execute(db.select(District.id)).scalars().all()
        studios = studio_rows(rng, list(districts))
        achievements = achievement_rows(rng, count, studios, ids["member"])
        with db.engine.begin() as conn:
            conn.execute(Studio.__table__.insert(), studios)
            conn.execute(Achievement.__table__.insert(), achievements)
            conn.execute(text("ANALYZE"))
        db.session.remove()
    return {"achievements": len(achievements)}


def run_engine(url: str, search_backend: str, args, folder: Path) -> dict:
    from exchange import create_app

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
        "LOG_LEVEL": "WARNING", "SEARCH_BACKEND": search_backend,
        "SEARCH_INDEX_DIR": str(folder / "index"), "JOBS_EAGER": True,
        "ATTACHMENT_DIR": str(folder / "attachments"), "IMPORT_DIR": str(folder / "imports")})
    data = load(app, args.achievements)
    indexed, build_s = index(app, args.achievements)
    print(f"{url.split(':')[0]}: loaded {data['achievements']}, indexed {indexed} in "
          f"{build_s:.0f} s", flush=True)
    queries = [text for _qid, _kind, text in read_queries(shared_data() / "queries-dev.tsv")]
    queries = queries[:args.queries]
    client = app.test_client()
    first = client.get("/api/v1/achievements?limit=20")
    after = first.headers["Link"].split(">", 1)[0].lstrip("<").removeprefix("http://localhost")
    results = {
        "api list, first page": timed(client, ["/api/v1/achievements?limit=20"], args.runs),
        "api list, industry C": timed(client, ["/api/v1/achievements?industry=C&limit=20"],
                                      args.runs),
        "api list, after a cursor": timed(client, [after], args.runs),
        "api search": timed(client, [f"/api/v1/search?q={quote(q)}&limit=10"
                                     for q in queries], len(queries)),
        "site list page (HTML)": timed(client, ["/achievements/"], args.runs),
        "site search page (HTML)": timed(client, [f"/search/?q={quote(q)}" for q in queries],
                                         len(queries)),
        "/healthz": timed(client, ["/healthz"], args.runs),
    }
    with app.app_context():
        from exchange.extensions import db

        db.engine.dispose()
    return {"indexed": indexed, "build_s": build_s, "times": results}


def report(results: dict, args) -> str:
    names = list(next(iter(results.values()))["times"])
    head = "| request | " + " | ".join(f"{e} p50 / p95 (ms)" for e in results) + " |"
    lines = [
        "## API",
        "",
        f"`bench/api.py`: {args.achievements:,} achievements (bench/dashboard_data.py's rows; "
        "the published ones indexed with the real records' texts of the make_corpus.py "
        "corpus), in-process through the Flask test client, one app context per request. "
        f"Lists: {args.runs} requests after a warm-up; search: the first {args.queries} dev "
        "queries, 10 hits with facets and highlights as offsets. The site's HTML pages for "
        "the same list and searches and `/healthz` are the references of the same run.",
        "",
        head, "|---|" + "---|" * len(results)]
    for name in names:
        cells = [f"{r['times'][name]['p50']:.1f} / {r['times'][name]['p95']:.1f}"
                 for r in results.values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Indexed: " + "; ".join(f"{e} {r['indexed']:,} in {r['build_s']:.0f} s"
                                         for e, r in results.items()) + ".")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--achievements", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="api-bench-") as tmp:
        folder = Path(tmp)
        for name in args.engines.split(","):
            if name == "sqlite":
                results["SQLite + Whoosh"] = run_engine(
                    f"sqlite:///{folder / 'api.db'}", "whoosh", args, folder / "sqlite")
            elif name == "postgresql":
                with postgres_url(None, "apibench") as url:
                    results["PostgreSQL + postgres search"] = run_engine(
                        url, "postgres", args, folder / "postgresql")
    text = report(results, args)
    print(text)
    if not args.no_write:
        write_section("api", text)


if __name__ == "__main__":
    main()
