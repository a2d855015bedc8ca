"""Outbound work: what publishing costs the request now that matching runs in the worker,
and how many mails per second the worker sends.

    .venv/bin/python bench/outbound.py [--size 100000] [--publications 20] [--mails 300]

Publication: a fresh SQLite database and a Whoosh index of --size achievements (a
make_corpus.py corpus, as bench/matching.py builds it); union staff publish submitted
needs through the real view (test client), each a POST timed end to end. "Before" runs
every job in the request that committed it (JOBS_EAGER: matching the need against the
index, its notifications, the index drain — what the request did before the worker);
"after" is the same POST with the worker's queue (the request only records the jobs).

Mail: --mails mails are queued and committed, then `flask jobs worker` (2 threads, the
process `make run` starts) sends them to a local SMTP server (aiosmtpd); the baseline in
the same run is the same messages sent by one smtplib connection in a loop, the ceiling
of that server. Writes sections outbound-publication and outbound-mail.
"""
from __future__ import annotations

import argparse
import os
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import write_section  # noqa: E402
from bench.search_corpus import corpus_path, load_documents  # noqa: E402


def _app(folder: Path, **config):
    from flask_migrate import upgrade

    from exchange import create_app

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'exchange.db'}",
        "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "SEARCH_INDEX_DIR": str(folder / "index"),
        "JOBS_DB": str(folder / "jobs.sqlite3"), "MAIL_BACKEND": "locmem",
        "LOG_LEVEL": "WARNING", **config})
    with app.app_context():
        upgrade()
    return app


def _percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def publication(size: int, count: int) -> dict:
    from exchange.auth.roles import Role
    from exchange.extensions import db
    from exchange.search.backend import get_backend
    from tests.support import factories

    docs = load_documents(corpus_path(size))
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app = _app(folder)
        with app.app_context():
            start = time.perf_counter()
            get_backend("achievements").rebuild(docs)
            build = time.perf_counter() - start
            staff = factories.make_user(Role.UNION_STAFF)
            owner = factories.make_user(Role.ENTERPRISE)
            titles = [d.title for d in docs[:2 * count]]
            needs = [factories.make_need(owner, "submitted", title=t[:60],
                                         description=f"我们需要解决：{t}。")
                     for t in titles]
            db.session.commit()
            ids = [n.id for n in needs]
            staff_email = staff.email
        for label, eager, batch in (("before", True, ids[:count]),
                                    ("after", False, ids[count:])):
            app.config["JOBS_EAGER"] = eager
            client = app.test_client()
            client.post("/auth/login", data={"email": staff_email,
                                             "password": factories.PASSWORD})
            ms = []
            for need_id in batch:
                start = time.perf_counter()
                answer = client.post(f"/needs/{need_id}/action",
                                     data={"action": "publish", "reason": ""})
                ms.append((time.perf_counter() - start) * 1000)
                assert answer.status_code == 302, answer.status_code
            results[label] = {"p50": _percentile(ms, 50), "p95": _percentile(ms, 95),
                              "mean": statistics.mean(ms)}
        results["build_s"] = build
        results["documents"] = len(docs)
    return results


def mail_rate(count: int) -> dict:
    from exchange.auth.roles import Role
    from exchange.extensions import db
    from exchange.jobs.models import Job, JobState
    from exchange.mail import services as mail
    from tests.support import factories
    from tests.support.servers import smtp_server

    with tempfile.TemporaryDirectory() as tmp, smtp_server() as (host, port, inbox):
        folder = Path(tmp)
        app = _app(folder, JOBS_EAGER=False)
        with app.app_context():
            user = factories.make_user(Role.ENTERPRISE)
            db.session.commit()
            # Baseline: the same messages, one SMTP connection, in a loop.
            start = time.perf_counter()
            with smtplib.SMTP(host, port) as smtp:
                for _ in range(count):
                    smtp.sendmail("noreply@exchange.local", [user.email],
                                  b"Subject: test\r\n\r\nbody")
            baseline = time.perf_counter() - start
            inbox.messages.clear()
            env = {**os.environ, "FLASK_APP": "exchange",
                   "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                   "JOBS_DB": app.config["JOBS_DB"], "SEARCH_INDEX_DIR": str(folder / "index"),
                   "MAIL_SERVER": host, "MAIL_PORT": str(port), "LOG_LEVEL": "WARNING",
                   "SECRET_KEY": "bench"}
            worker = subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker",
                                       "--workers", "2"], env=env)
            try:
                mail.queue(user, "password_changed", when="2026-12-03 08:00")  # warm-up
                db.session.commit()
                inbox.wait_for(1, timeout=60)
                inbox.messages.clear()
                start = time.perf_counter()
                for _ in range(count):
                    mail.queue(user, "password_changed", when="2026-12-03 08:00")
                db.session.commit()
                inbox.wait_for(count, timeout=600)
                took = time.perf_counter() - start
            finally:
                worker.terminate()
                worker.wait(timeout=30)
            done = db.session.execute(db.select(db.func.count()).where(
                Job.state == JobState.DONE)).scalar_one()
    return {"count": count, "received": len(inbox.messages), "done": done,
            "worker_s": took, "baseline_s": baseline}


def _row(label: str, ms: dict) -> str:
    return f"| {label} | {ms['p50']:.0f} ms | {ms['p95']:.0f} ms | {ms['mean']:.0f} ms |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--publications", type=int, default=20)
    parser.add_argument("--mails", type=int, default=300)
    args = parser.parse_args()
    mails = mail_rate(args.mails)
    rate, ceiling = mails["count"] / mails["worker_s"], mails["count"] / mails["baseline_s"]
    write_section("outbound-mail", f"""## Mails through the worker

`bench/outbound.py`: {mails['count']} mails rendered, queued and committed in one change,
then sent by `flask jobs worker` (2 threads, SQLite queue, the process `make run` starts)
to a local SMTP server
(aiosmtpd), timed from the commit to the last one received (the worker already
running); {mails['received']} received, {mails['done']} jobs done (a warm-up mail included).

| | seconds | mails per second |
|---|---:|---:|
| worker: render, queue, claim, send, mark done | {mails['worker_s']:.1f} | {rate:.0f} |
| baseline: the same messages over one SMTP connection | {mails['baseline_s']:.1f} | {ceiling:.0f} |
""")
    pub = publication(args.size, args.publications)
    before, after = pub["before"], pub["after"]
    title = "## Publication request, before and after the worker"
    write_section("outbound-publication", f"""{title}

`bench/outbound.py`: union staff publish {args.publications} submitted needs each way
through the real view, with {pub['documents']:,} achievements indexed (Whoosh; index built
in {pub['build_s']:.0f} s). Before: matching the need against the index, its notifications
and the index drain ran in the request (here: JOBS_EAGER). After: the request records the
jobs and returns; the worker does the rest.

| request | p50 | p95 | mean |
|---|---:|---:|---:|
{_row("before (matching in the request)", before)}
{_row("after (matching in the worker)", after)}

The publishing request is {before['mean'] / after['mean']:.1f}× faster on average.
""")
    print(mails, pub)


if __name__ == "__main__":
    main()
