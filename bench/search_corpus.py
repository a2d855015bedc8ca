"""Search benchmark data: real records -> `search_index.schema.Document`s, scaled corpora,
and a backend to index them with.

Facets the records do not have (type, district, TRL, transaction modes, studio honour) are
drawn from a SHA-1 of the record id, so they are stable from run to run and spread the way
real listings would; section and division come from `discipline_industry.tsv` (records
without a discipline, the CLGE computer-science rows, get M / 73 research and development,
so every document has a value for every facet, as real achievements do: industry_code is
NOT NULL). Scaled corpora are written by
`../shared/data/make_corpus.py` into a cache dir (EXCHANGE_BENCH_CACHE, default
/tmp/exchange-bench) and reused.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, shared_data  # noqa: E402
from search_index.schema import Document  # noqa: E402

CACHE = Path(os.environ.get("EXCHANGE_BENCH_CACHE", "/tmp/exchange-bench"))

# (value, weight): a plausible mix for a union innovation-studio marketplace.
TYPES = [("invention_patent", 30), ("utility_model", 25), ("technical_innovation", 12),
         ("process_method", 8), ("software_copyright", 7), ("technical_breakthrough", 6),
         ("design_patent", 4), ("management_innovation", 4), ("service_innovation", 2),
         ("mechanism_innovation", 2)]
TRL = [(str(n), w) for n, w in zip(range(1, 10), (2, 3, 6, 10, 14, 18, 20, 15, 12),
                                   strict=True)]
MODES = [("transfer", 30), ("license_general", 25), ("technical_service", 20),
         ("joint_development", 12), ("license_exclusive", 6), ("license_sole", 4),
         ("equity", 3)]
HONOURS = [("city", 40), ("district", 30), ("provincial", 22), ("national", 8)]
EPOCH_START = datetime(2019, 1, 1, tzinfo=UTC).timestamp()
EPOCH_SPAN = 7 * 365 * 86_400  # 2019 .. 2025


def _draw(record_id: str, salt: str) -> int:
    return int.from_bytes(hashlib.sha1(f"{salt}:{record_id}".encode()).digest()[:8], "big")


def _weighted(record_id: str, salt: str, choices: list[tuple[str, int]]) -> str:
    point = _draw(record_id, salt) % sum(w for _, w in choices)
    for value, weight in choices:
        if point < weight:
            return value
        point -= weight
    raise AssertionError("unreachable")


@lru_cache(maxsize=1)
def disciplines() -> dict[str, tuple[str, str]]:
    """discipline -> (section, division), from discipline_industry.tsv."""
    lines = (shared_data() / "discipline_industry.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    header = rows[0]
    col = {name: header.index(name) for name in ("discipline", "section", "division")}
    return {r[col["discipline"]]: (r[col["section"]], r[col["division"]]) for r in rows[1:]}


@lru_cache(maxsize=1)
def districts() -> list[tuple[str, int]]:
    with open(ROOT / "exchange" / "reference" / "data" / "districts.csv",
              encoding="utf-8") as fh:
        codes = [row["code"] for row in csv.DictReader(fh)]
    return [(code, 3 if n < 5 else 2) for n, code in enumerate(codes)]  # city districts first


def to_document(record: dict) -> Document:
    """One achievements.jsonl record as the search index sees it."""
    rid = record["id"]
    industry = disciplines().get(record.get("discipline") or "", ("M", "73"))
    modes = {_weighted(rid, f"mode{n}", MODES)
             for n in range(1 + _draw(rid, "modes") % 3)}
    facets = {
        "type": (_weighted(rid, "type", TYPES),),
        "section": (industry[0],),
        "division": (industry[1],),
        "district": (_weighted(rid, "district", districts()),),
        "trl": (_weighted(rid, "trl", TRL),),
        "mode": tuple(sorted(modes)),
        "honour": (_weighted(rid, "honour", HONOURS),),
    }
    keywords = tuple(record.get("keywords") or ())
    version = hashlib.sha1(json.dumps([record["title"], record["abstract"], keywords],
                                      ensure_ascii=False).encode()).hexdigest()[:16]
    return Document(id=rid, version=version, title=record["title"],
                    abstract=record["abstract"], keywords=keywords, facets=facets,
                    published_at=float(EPOCH_START + _draw(rid, "published") % EPOCH_SPAN))


def read_records(path: str | os.PathLike) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_documents(path: str | os.PathLike) -> list[Document]:
    return [to_document(r) for r in read_records(path)]


def originals() -> Path:
    return shared_data() / "achievements.jsonl"


def corpus_path(size: int, seed: int = 0) -> Path:
    """A make_corpus.py corpus of `size` records, written once into CACHE and reused."""
    out = CACHE / f"corpus-{size}-seed{seed}.jsonl"
    if not out.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = out.with_suffix(f".tmp{os.getpid()}")
        subprocess.run([sys.executable, str(shared_data() / "make_corpus.py"), "--size",
                        str(size), "--out", str(partial), "--seed", str(seed)], check=True)
        os.replace(partial, out)
    return out


def doc_text_fields(doc: Document) -> tuple[str, str, str]:
    """The three texts every backend tokenises (keywords joined as Whoosh joins them)."""
    return doc.title, " ".join(doc.keywords), doc.abstract


# --------------------------------------------------------------------------- backends


@contextmanager
def postgres_url(database_url: str | None, dbname: str = "bench"):
    """`database_url` as given, or a database on a throwaway server (as the tests use)."""
    if database_url:
        yield database_url
        return
    from pytest_postgresql.janitor import DatabaseJanitor

    from tests.support.postgres import throwaway_postgres

    with throwaway_postgres() as server, DatabaseJanitor(
            user=server["user"], host=server["host"], port=server["port"], dbname=dbname):
        yield (f"postgresql+psycopg://{server['user']}@/{dbname}?host={server['host']}"
               f"&port={server['port']}")


def postgres_backend_class():
    try:
        from search_index.postgres_backend import PostgresBackend
    except ImportError as exc:
        raise SystemExit(f"PostgreSQL backend not available ({exc}): "
                         "search_index/postgres_backend.py is not importable yet") from exc
    return PostgresBackend


@contextmanager
def open_backend(name: str, database_url: str | None = None):
    """(backend, size_on_disk()) for a fresh, empty index of the named backend."""
    if name == "whoosh":
        from search_index.whoosh_backend import WhooshBackend

        with tempfile.TemporaryDirectory(prefix="bench-whoosh-") as folder:
            backend = WhooshBackend(Path(folder) / "index")
            yield backend, lambda: folder_bytes(Path(folder) / "index")
    elif name == "postgres":
        cls = postgres_backend_class()
        from sqlalchemy import create_engine, text

        with postgres_url(database_url) as url:
            engine = create_engine(url)
            try:
                def size() -> int:
                    with engine.connect() as conn:
                        return int(conn.execute(text(
                            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) "
                            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN "
                            "('pg_catalog', 'information_schema', 'pg_toast')")).scalar())

                yield cls(engine), size
            finally:
                engine.dispose()
    else:
        raise SystemExit(f"unknown backend {name!r} (whoosh or postgres)")


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
