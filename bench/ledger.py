"""Ledger speed: receipts posted per second, and the whole-book check and Beancount
export at a million postings, on SQLite and PostgreSQL.

    .venv/bin/python bench/ledger.py [--receipts 2000] [--postings 1000000]
        [--engines sqlite,postgresql] [--no-bean-check] [--no-write]

Posting: a fresh database per engine (schema from ledger.schema + ledger.triggers), 50
agreements of 4 beneficiaries; each receipt is split 4 ways (10 postings) and posted
through `store.post` in its own committed transaction, one after the other.

The big book: 95% of the postings in 4-way receipts over 1,000 agreements, the rest in
payouts (each paying one part of an earlier receipt) and reversals of some payouts. It is
bulk-loaded for the setup (triggers off, COPY on PostgreSQL, executemany on SQLite, cached
balances set by one UPDATE, triggers back on, ANALYZE); then `check_database` is timed
(it must find nothing), then `write_beancount` to a file and `bean-check` on it.
Section "ledger" of docs/benchmarks.md is rewritten.
"""
from __future__ import annotations

import argparse
import datetime
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from bench.common import peak_rss_mb, write_section  # noqa: E402
from ledger import chain, core, store, triggers  # noqa: E402
from ledger.beancount import write_beancount  # noqa: E402
from ledger.checks import check_database  # noqa: E402
from ledger.schema import accounts, closings, metadata, postings, transactions  # noqa: E402

SHARES = [(4000, 3000, 2000, 1000), (2500, 2500, 2500, 2500), (5000, 2000, 1500, 1500)]
START = datetime.date(2024, 1, 1)
BEAN_CHECK_LIMIT = 120  # seconds; above it, say so rather than wait


def fresh_schema(engine) -> None:
    with engine.begin() as conn:
        metadata.drop_all(conn)
        metadata.create_all(conn)
        triggers.install(conn)


def splits(agreements: int) -> dict[int, list[tuple[int, int]]]:
    return {a: list(zip(range(4 * a - 3, 4 * a + 1), SHARES[a % len(SHARES)], strict=True))
            for a in range(1, agreements + 1)}


def open_all(conn, book_splits) -> dict[str, int]:
    ids = {}
    wanted = [core.clearing()]
    for agreement_id, shares in book_splits.items():
        wanted.append(core.revenue_account(agreement_id))
        for beneficiary_id, _ in shares:
            wanted += [core.share_account(beneficiary_id), core.payable_account(beneficiary_id)]
    for account in wanted:
        ids[account.name] = store.open_account(conn, account)
    return ids


def bench_posting(engine, receipts: int) -> dict:
    fresh_schema(engine)
    book_splits = splits(50)
    with engine.begin() as conn:
        open_all(conn, book_splits)
    seconds = []
    start = time.perf_counter()
    for n in range(receipts):
        agreement_id = 1 + n % 50
        txn = core.receipt(f"r{n}", START, 100_000 + n * 37, agreement_id,
                           book_splits[agreement_id], reference=f"INV-{n}")
        began = time.perf_counter()
        with engine.begin() as conn:
            store.post(conn, txn)
        seconds.append(time.perf_counter() - began)
    total = time.perf_counter() - start
    ms = sorted(s * 1000 for s in seconds)
    return {"receipts": receipts, "seconds": total, "per_second": receipts / total,
            "p50_ms": statistics.median(ms), "p95_ms": ms[int(len(ms) * 0.95) - 1]}


def generate(target_postings: int, start: datetime.date = START, days: int = 700):
    """(accounts rows, transaction rows, posting rows) of a healthy book, ids assigned;
    receipts dated over `days` days from `start`."""
    agreements = 1000
    book_splits = splits(agreements)
    names = [core.clearing()]
    for agreement_id, shares in book_splits.items():
        names.append(core.revenue_account(agreement_id))
        for beneficiary_id, _ in shares:
            names += [core.share_account(beneficiary_id), core.payable_account(beneficiary_id)]
    now = datetime.datetime.now(datetime.UTC)
    account_rows = [{"id": i, "name": a.name, "kind": a.kind.value, "currency": a.currency,
                     "ref": a.ref, "normal": a.normal, "floor": a.floor, "balance": 0,
                     "created_at": now} for i, a in enumerate(names, 1)]
    account_id = {row["name"]: row["id"] for row in account_rows}
    receipts = int(target_postings * 0.95) // 10
    reversals = max(1, (target_postings - receipts * 10) // 50)
    payouts = (target_postings - receipts * 10) // 2 - reversals
    book = []
    for n in range(receipts):
        agreement_id = 1 + n % agreements
        book.append(core.receipt(f"r{n}", start + datetime.timedelta(days=n % days),
                                 10_000 + (n * 7919) % 5_000_000, agreement_id,
                                 book_splits[agreement_id], reference=f"INV-{n}",
                                 narration=f"第{n}笔收入"))
    for n in range(payouts):
        part = book[n].postings[3]  # the first beneficiary's payable leg of receipt n
        beneficiary_id = int(part.account.rsplit("B", 1)[1])
        book.append(core.payout(f"p{n}", book[n].date + datetime.timedelta(days=30),
                                -part.amount, beneficiary_id, narration="付款"))
    for n in range(reversals):
        original = book[receipts + n]
        book.append(core.reversal(original, f"x{n}", original.date + datetime.timedelta(1),
                                  "冲销"))
    key_id = {txn.key: i for i, txn in enumerate(book, 1)}
    txn_rows, posting_rows = [], []
    for i, txn in enumerate(book, 1):
        txn_rows.append({"id": i, "idempotency_key": txn.key,
                         "request_hash": core.request_hash(txn), "kind": txn.kind,
                         "occurred_on": txn.date, "narration": txn.narration,
                         "reference": txn.reference,
                         "reverses_id": key_id.get(txn.reverses), "created_at": now})
        for posting in txn.postings:
            posting_rows.append((i, account_id[posting.account], posting.currency,
                                 posting.amount))
    return account_rows, txn_rows, posting_rows


SET_BALANCES = ("UPDATE ledger_accounts SET balance = normal * coalesce((SELECT sum(amount) "
                "FROM ledger_postings WHERE account_id = ledger_accounts.id), 0), "
                "applied_seq = (SELECT coalesce(max(seq), 0) FROM ledger_closings)")


def closing_rows(txn_rows, posting_rows) -> list[dict]:
    """The closing rows of the generated book, hash chain included (ledger.chain)."""
    legs: dict[int, list] = {}
    for t, a, c, m in posting_rows:
        legs.setdefault(t, []).append((a, c, m))
    rows, prev = [], chain.GENESIS
    for seq, row in enumerate(txn_rows, 1):
        prev = chain.digest(prev, SimpleNamespace(**row), legs.get(row["id"], []))
        rows.append({"transaction_id": row["id"], "closed_at": row["created_at"],
                     "seq": seq, "hash": prev})
    return rows


def bulk_load(engine, account_rows, txn_rows, posting_rows) -> float:
    fresh_schema(engine)
    start = time.perf_counter()
    with engine.begin() as conn:
        load_book(conn, account_rows, txn_rows, posting_rows)
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
        else:
            conn.execute(text("ANALYZE"))
            conn.commit()
    return time.perf_counter() - start


def load_book(conn, account_rows, txn_rows, posting_rows) -> None:
    """Insert a generated book fast, inside the caller's transaction: triggers off for the
    load (setup only: the checks must still find nothing), balances set by one UPDATE."""
    triggers.uninstall(conn)
    conn.execute(accounts.insert(), account_rows)
    if conn.dialect.name == "postgresql":
        _copy(conn, txn_rows, posting_rows)
        for table in ("ledger_accounts", "ledger_postings"):
            conn.execute(text(f"SELECT setval('{table}_id_seq', max(id)) FROM {table}"))
    else:
        conn.execute(transactions.insert(), txn_rows)
        conn.execute(postings.insert(), [
            {"id": n, "transaction_id": t, "account_id": a, "currency": c, "amount": m}
            for n, (t, a, c, m) in enumerate(posting_rows, 1)])
        conn.execute(closings.insert(), closing_rows(txn_rows, posting_rows))
    conn.execute(text(SET_BALANCES))
    triggers.install(conn)


def _copy(conn, txn_rows, posting_rows) -> None:
    cursor = conn.connection.dbapi_connection.cursor()
    columns = list(txn_rows[0])
    with cursor.copy(f"COPY ledger_transactions ({', '.join(columns)}) FROM STDIN") as copy:
        for row in txn_rows:
            copy.write_row([row[c] for c in columns])
    with cursor.copy("COPY ledger_postings (transaction_id, account_id, currency, amount) "
                     "FROM STDIN") as copy:
        for row in posting_rows:
            copy.write_row(row)
    with cursor.copy("COPY ledger_closings (transaction_id, closed_at, seq, hash) "
                     "FROM STDIN") as copy:
        for row in closing_rows(txn_rows, posting_rows):
            copy.write_row((row["transaction_id"], row["closed_at"], row["seq"], row["hash"]))
    cursor.execute("SELECT setval('ledger_transactions_id_seq', max(id)) "
                   "FROM ledger_transactions")


def bench_book(engine, rows, bean_check: bool, folder: Path) -> dict:
    figures = {"load_s": bulk_load(engine, *rows)}
    runs = []
    for _ in range(2):
        with engine.connect() as conn:
            start = time.perf_counter()
            breaches = check_database(conn)
            runs.append(time.perf_counter() - start)
        if breaches:
            raise SystemExit(f"check_database found {breaches[:3]} on the bulk-loaded book")
    figures["check_s"] = runs
    path = folder / f"book-{engine.dialect.name}.beancount"
    start = time.perf_counter()
    with engine.connect() as conn, path.open("w", encoding="utf-8") as out:
        write_beancount(conn, out)
    figures["export_s"] = time.perf_counter() - start
    figures["export_mb"] = path.stat().st_size / 1e6
    if bean_check:
        tool = Path(sys.executable).with_name("bean-check")
        start = time.perf_counter()
        try:
            done = subprocess.run([str(tool), str(path)], capture_output=True, text=True,
                                  timeout=BEAN_CHECK_LIMIT, check=False)
            figures["bean_check_s"] = time.perf_counter() - start
            figures["bean_check_ok"] = done.returncode == 0 and not done.stdout.strip()
        except subprocess.TimeoutExpired:
            figures["bean_check_s"] = None
    return figures


def run_engine(name: str, url: str, args, rows, folder: Path) -> dict:
    engine = create_engine(url)
    try:
        posting = bench_posting(engine, args.receipts)
        print(f"{name}: {posting['per_second']:.0f} receipts/s", flush=True)
        book = bench_book(engine, rows, args.bean_check and name == "sqlite", folder)
        print(f"{name}: {book}", flush=True)
        return {"posting": posting, "book": book}
    finally:
        engine.dispose()


def report(results: dict, rows, args) -> str:
    txns, postings_n = len(rows[1]), len(rows[2])
    lines = ["## Ledger", "",
             f"Posting: {args.receipts:,} receipts, each split 4 ways (10 postings), one "
             "committed transaction per receipt through `ledger.store.post`, sequentially. "
             f"Whole book: {postings_n:,} postings in {txns:,} transactions over "
             f"{len(rows[0]):,} accounts, bulk-loaded for the setup.", "",
             "| engine | receipts/s | post p50 / p95 ms | check_database at "
             f"{postings_n:,} postings (1st / 2nd run) | write_beancount |",
             "|---|---:|---:|---:|---:|"]
    for name, figures in results.items():
        posting, book = figures["posting"], figures["book"]
        lines.append(
            f"| {name} | {posting['per_second']:.0f} | {posting['p50_ms']:.1f} / "
            f"{posting['p95_ms']:.1f} | {book['check_s'][0]:.1f} s / {book['check_s'][1]:.1f} s"
            f" | {book['export_s']:.1f} s ({book['export_mb']:.0f} MB) |")
    sqlite_book = results.get("sqlite", {}).get("book", {})
    if "bean_check_s" in sqlite_book:
        seconds = sqlite_book["bean_check_s"]
        verdict = "no errors" if sqlite_book.get("bean_check_ok") else "ERRORS"
        lines += ["", (f"`bean-check` on the SQLite export ({txns:,} transactions): "
                       f"{seconds:.1f} s, {verdict} (balance assertions included)."
                       if seconds is not None else
                       f"`bean-check` on the export: over {BEAN_CHECK_LIMIT} s, stopped.")]
    lines += ["", "SQLite: a file in a temp dir, default journal mode and synchronous=FULL "
              "(what the app uses), so each receipt pays an fsync. PostgreSQL 15: the "
              "throwaway server the tests use (Unix socket, fsync=off, "
              "synchronous_commit=off), so its commits do not wait for the disk. "
              f"Peak RSS {peak_rss_mb():.0f} MB (the generated book is held in memory)."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=2000)
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--no-bean-check", dest="bean_check", action="store_false")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    start = time.perf_counter()
    rows = generate(args.postings)
    print(f"generated {len(rows[2]):,} postings in {time.perf_counter() - start:.1f} s",
          flush=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="ledger-bench-") as tmp:
        folder = Path(tmp)
        for name in args.engines.split(","):
            if name == "sqlite":
                results[name] = run_engine(name, f"sqlite:///{folder / 'ledger.db'}", args,
                                           rows, folder)
            elif name == "postgresql":
                from pytest_postgresql.janitor import DatabaseJanitor

                from tests.support import postgres

                postgres.PORT = 5439  # not the tests' port: a test run may be going on
                with postgres.throwaway_postgres() as server, DatabaseJanitor(
                        user=server["user"], host=server["host"], port=server["port"],
                        dbname="bench"):
                    url = (f"postgresql+psycopg://{server['user']}@/bench?"
                           f"host={server['host']}&port={server['port']}")
                    results[name] = run_engine(name, url, args, rows, folder)
    text_ = report(results, rows, args)
    print(text_)
    if not args.no_write:
        write_section("ledger", text_)


if __name__ == "__main__":
    main()
