"""Bulk import speed: N rows of XLSX through the same check and insert the page uses.

    .venv/bin/python bench/import_achievements.py [--rows 10000] [--postgres]

Rows are built from the real records in ../shared/data/achievements.jsonl (cycled when N
exceeds them). The default database is a fresh SQLite file in a temp dir; --postgres
starts a throwaway PostgreSQL server like the tests do. Figures go to
docs/benchmarks.md (sections import-sqlite and import-postgresql).
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from bench.common import peak_rss_mb, shared_data, write_section  # noqa: E402

TARGET_SECONDS = 60


def build_xlsx(rows: int, contributor: str) -> bytes:
    from exchange.achievements import spreadsheets
    from exchange.achievements.validators import patent_check_digit

    records = [json.loads(line) for line in
               open(shared_data() / "achievements.jsonl", encoding="utf-8")]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("成果")
    sheet.append([h for _, h in spreadsheets.COLUMNS])
    for n in range(rows):
        record = records[n % len(records)]
        digits = f"2022{'12'[n % 2]}{n:07d}"
        sheet.append([
            f"{record['title']}（{n}）"[:200], "发明专利" if n % 2 == 0 else "实用新型专利",
            record["abstract"][:5000], "、".join(record["keywords"][:8]),
            f"CN{digits}.{patent_check_digit(digits)}", "已授权", "34", 1 + n % 9,
            "转让、普通许可", "面议" if n % 5 == 0 else str(10_000 + n), str(n * 3),
            contributor,
        ])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run(rows: int, database_url: str | None) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from exchange import create_app
    from exchange.achievements import imports, spreadsheets
    from exchange.achievements.models import Achievement
    from exchange.auth.roles import Role
    from exchange.extensions import db
    from tests.support import factories

    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    url = database_url or f"sqlite:///{folder / 'bench.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "LOG_LEVEL": "WARNING",
                      "IMPORT_DIR": str(folder / "imports")})
    with app.app_context():
        upgrade()
    with app.test_request_context():
        studio = factories.make_studio()
        member = factories.make_user(Role.STUDIO_MEMBER, studio=studio, name="基准测试员")
        studio_id = studio.id
        data = build_xlsx(rows, "基准测试员")
        timings = {}
        start = time.perf_counter()
        table = spreadsheets.read_table(data, "bench.xlsx")
        timings["read"] = time.perf_counter() - start
        start = time.perf_counter()
        result = imports.check(member, studio_id, data, "bench.xlsx")
        timings["check (preview)"] = time.perf_counter() - start
        assert result.ok and len(result.rows) == rows, result.errors[:3]
        token = imports.stash(data, "bench.xlsx")
        start = time.perf_counter()
        created, result = imports.run(member, studio_id, token)
        db.session.commit()
        timings["confirm: re-check, insert, commit"] = time.perf_counter() - start
        assert len(created) == rows
        stored = db.session.scalar(select(func.count(Achievement.id)))
        assert stored == rows, stored
    return {"rows": rows, "bytes": len(data), "table_rows": len(table) - 1,
            "engine": url.split(":", 1)[0].split("+")[0], "timings": timings,
            "rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url")
    parser.add_argument("--postgres", action="store_true",
                        help="start a throwaway PostgreSQL (as the tests do) and use it")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    if args.postgres:
        from pytest_postgresql.janitor import DatabaseJanitor

        from tests.support.postgres import throwaway_postgres

        with throwaway_postgres() as server, DatabaseJanitor(
                user=server["user"], host=server["host"], port=server["port"], dbname="bench"):
            url = (f"postgresql+psycopg://{server['user']}@/bench?host={server['host']}"
                   f"&port={server['port']}")
            figures = run(args.rows, url)
    else:
        figures = run(args.rows, args.database_url)
    total = figures["timings"]["check (preview)"] + figures["timings"][
        "confirm: re-check, insert, commit"]
    lines = [
        f"## Bulk import of {figures['rows']:,} rows ({figures['engine']})", "",
        f"XLSX of {figures['bytes'] / 1e6:.1f} MB built from the real records; the same two "
        "steps a studio takes in the browser (check with preview, then confirm).", "",
        "| step | seconds |", "|---|---:|",
        *[f"| {k} | {v:.2f} |" for k, v in figures["timings"].items()],
        f"| **upload to committed (check + confirm)** | **{total:.2f}** |", "",
        f"Target: under {TARGET_SECONDS} s for 10,000 rows — "
        f"{'met' if total < TARGET_SECONDS else 'NOT met'}. Peak RSS {figures['rss_mb']:.0f} MB.",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section(f"import-{figures['engine']}", "\n".join(lines))


if __name__ == "__main__":
    main()
