"""Load benchmark: requests per second and p50/p95/p99 per page under 8, 32 and 128
concurrent users, against gunicorn, on the embedded and the server profile.

    apt-get install wrk                      # the load generator (C, Debian's package)
    .venv/bin/python bench/load.py [--data demo|100k] [--users 8,32,128] [--seconds 5]
        [--workers 2] [--setups sqlite-1,postgres-1,postgres-2] [--no-write]

A setup is an engine and a number of hosts: `sqlite-1` is the embedded profile (SQLite,
Whoosh, files under instance/; one host only, the app refuses more), `postgres-N` the
server profile of docs/operations.md (PostgreSQL on a throwaway server, the `postgres`
search backend, files in the database) with N gunicorn hosts of `--workers` workers each.
Data: the demo data (`flask demo-data`) or, with `--data 100k`, bench/api.py's 100,000
achievements indexed with the make_corpus.py texts.

Each page is driven alone by wrk for `--seconds` at each number of users (connections),
after a 2-second unmeasured warm-up,
then a mix of them all, then `/healthz` as the ceiling of the same server: a visitor's
home, the achievements list filtered and sorted, a search with facets, an achievement
page, an enterprise's need matches, the staff dashboard, and an enterprise posting a
message in its inquiry. Signed-in pages carry a session cookie taken by logging in first.
With two hosts, one wrk drives each host with half the users (a load balancer's even
split); their requests per second add up and the slower host's percentiles are reported.
The slowest page is then profiled in-process (cProfile, 30 requests) and its top functions
by cumulative time are written beside the table. Section "load" of docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, write_section  # noqa: E402
from bench.search_corpus import postgres_url  # noqa: E402
from tests.support.servers import gunicorn, throwaway_redis  # noqa: E402

PASSWORD = "ChuangXin2026"  # the demo accounts' password
# Sessions are bound to the address and the User-Agent (strong session protection): the
# login and wrk send the same one.
AGENT = "bench-load"
WARM_UP = 2  # seconds of load on each page before it is measured
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
LUA = """
local requests = {REQUESTS}
local formatted, total = {{}}, 0
init = function(args)
  for i, r in ipairs(requests) do
    formatted[i] = wrk.format(r[1], r[2], r[3], r[4])
    total = total + r[5]
  end
end
request = function()
  local pick, at = math.random() * total, 0
  for i, r in ipairs(requests) do
    at = at + r[5]
    if pick <= at then return formatted[i] end
  end
  return formatted[#formatted]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {{"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, '
    .. '"p99": %.2f, "errors": %d}}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def _lua_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid Lua string here


def _lua(requests_: list[tuple]) -> str:
    rows = []
    for method, path, headers, body, weight in requests_:
        head = "{" + ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}"
                               for k, v in headers.items()) + "}"
        rows.append(f"{{{_lua_string(method)}, {_lua_string(path)}, {head}, "
                    f"{_lua_string(body) if body else 'nil'}, {weight}}}")
    template = LUA.replace("{{", "{").replace("}}", "}")
    return template.replace("{REQUESTS}", "{" + ", ".join(rows) + "}")


def wrk(bases: list[str], requests_: list[tuple], users: int, seconds: int,
        folder: Path) -> dict:
    """One wrk per host, the users split evenly; summed rate, the slower percentiles."""
    script = folder / "load.lua"
    script.write_text(_lua(requests_), encoding="utf-8")
    share = max(1, users // len(bases))
    runs = [subprocess.Popen(["wrk", "-t", str(min(2, share)), "-c", str(share), "-d",
                              f"{seconds}s", "--timeout", "30s", "-s", str(script), base],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for base in bases]
    results = []
    for run in runs:
        out, _ = run.communicate()
        line = next((x for x in out.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            raise RuntimeError(f"wrk said: {out[-500:]}")
        results.append(json.loads(line.removeprefix("RESULT ")))
    return {"rps": round(sum(r["requests"] / r["seconds"] for r in results), 1),
            **{p: round(max(r[p] for r in results), 1) for p in ("p50", "p95", "p99")},
            "errors": sum(r["errors"] for r in results)}


# --- the servers -------------------------------------------------------------------------

def environment(url: str, folder: Path, redis_url: str | None, hosts: int) -> dict:
    """The embedded profile, or (with `redis_url`) the server profile for `hosts` hosts.
    Rate limits are off: every wrk connection comes from one address. Jobs queue up for
    a worker that is not started: the requests pay for enqueueing, as in production."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FLASK_APP": "exchange",
           "DATABASE_URL": url, "SECRET_KEY": "bench-load", "INSTANCE_PATH": str(folder),
           "LOG_LEVEL": "WARNING", "RATELIMIT_ENABLED": "0", "JOBS_EAGER": "0"}
    if redis_url:
        env.update(SEARCH_BACKEND="postgres", FILE_STORAGE="database", REDIS_URL=redis_url,
                   WEB_HOSTS=str(hosts), JOBS_QUEUE_NAME="bench-load")
    return env


def prepare(url: str, folder: Path, redis_url: str | None, data: str) -> None:
    env = environment(url, folder, redis_url, 1) | {"JOBS_EAGER": "1"}

    def flask(*args):
        subprocess.run([sys.executable, "-m", "flask", *args], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)

    flask("db", "upgrade")
    if data == "100k":
        from sqlalchemy import text

        from bench.api import index, load
        from exchange import create_app
        from exchange.extensions import db

        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-load",
                          "SEARCH_BACKEND": env.get("SEARCH_BACKEND", "whoosh"),
                          "SEARCH_INDEX_DIR": str(folder / "index"), "JOBS_EAGER": True})
        load(app, 100_000)  # ids given explicitly: move PostgreSQL's sequences past them
        if url.startswith("postgresql"):
            with app.app_context():
                for table in ("studios", "achievements", "users", "enterprises"):
                    db.session.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"))
                db.session.commit()
        flask("demo-data")  # the accounts and pages every setup logs into
        index(app, 100_000)
        flask("search-index", "rebuild", "--kind", "needs")
    else:
        flask("demo-data")
        flask("search-index", "rebuild")


def signed_in(base: str, email: str) -> tuple[str, str]:
    """(Cookie header, a CSRF token of that session)."""
    session = requests.Session()
    session.headers["User-Agent"] = AGENT
    page = session.get(base + "/auth/login", timeout=30)
    answer = session.post(base + "/auth/login", timeout=30, allow_redirects=False, data={
        "email": email, "password": PASSWORD, "csrf_token": CSRF.search(page.text).group(1)})
    assert answer.status_code == 302, f"cannot log in as {email}"
    token = CSRF.search(session.get(base + "/", timeout=30).text).group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    return cookie, token


def pages(url: str, base: str) -> dict[str, tuple]:
    """name -> (method, path, headers, body, weight in the mix)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        achievement = conn.execute(text(
            "SELECT id FROM achievements WHERE state = 'published' ORDER BY id LIMIT 1")).scalar()
        need, inquiry = conn.execute(text(
            "SELECT i.need_id, i.id FROM inquiries i JOIN users u ON u.enterprise_id = "
            "i.enterprise_id WHERE u.email = 'enterprise01@demo.exchange.cn' AND i.need_id IS "
            "NOT NULL AND i.state <> 'closed' ORDER BY i.id LIMIT 1")).one()
    engine.dispose()
    visitor = {"User-Agent": AGENT}
    staff_cookie, _ = signed_in(base, "staff@demo.exchange.cn")
    firm_cookie, firm_token = signed_in(base, "enterprise01@demo.exchange.cn")
    staff, firm = {**visitor, "Cookie": staff_cookie}, {**visitor, "Cookie": firm_cookie}
    form = {**firm, "Content-Type": "application/x-www-form-urlencoded"}
    body = f"csrf_token={requests.utils.quote(firm_token)}&body=" + requests.utils.quote(
        "请问能否安排一次现场演示？")
    found = {
        "home (visitor)": ("GET", "/", visitor, None, 25),
        "achievements, filtered and sorted": ("GET", "/achievements/?industry=C&sort=newest",
                                              visitor, None, 20),
        "search with facets": ("GET", "/search/?q=" + requests.utils.quote("系统"), visitor,
                               None, 20),
        "an achievement": ("GET", f"/achievements/{achievement}", visitor, None, 20),
        "a need's matches (enterprise)": ("GET", f"/needs/{need}/matches", firm, None, 8),
        "dashboard (staff)": ("GET", "/programme/dashboard", staff, None, 2),
        "inquiry message (enterprise POST)": ("POST", f"/inquiries/{inquiry}/messages", form,
                                              body, 5),
    }
    for page, (method, path, headers, data, _weight) in found.items():
        # What wrk will send answers as the page itself, not a login redirect or an error.
        answer = requests.request(method, base + path, headers=headers, data=data,
                                  timeout=60, allow_redirects=False)
        wanted = 302 if method == "POST" else 200
        if answer.status_code != wanted or "/auth/login" in answer.headers.get("Location", ""):
            raise RuntimeError(f"{page}: {answer.status_code} {answer.headers.get('Location')}")
    return found


def run_setup(name: str, url: str, redis_url: str | None, args,
              folder: Path) -> tuple[dict, dict]:
    """({page: {users: figures}}, {page: (method, path)})."""
    hosts = int(name.split("-")[1])
    prepare(url, folder / "prepare", redis_url, args.data)
    with contextlib.ExitStack() as stack:
        bases = [stack.enter_context(gunicorn(environment(
            url, folder / f"host{n}", redis_url, hosts), args.workers))[0]
            for n in range(hosts)]
        found = pages(url, bases[0])
        table = {}
        for page, request in [*found.items(), ("mix", None),
                              ("/healthz", ("GET", "/healthz", {}, None, 1))]:
            chosen = list(found.values()) if request is None else [request]
            # Warm every worker first (templates compiled, caches filled), unmeasured.
            wrk(bases, chosen, 8 * len(bases), WARM_UP, folder)
            table[page] = {users: wrk(bases, chosen, users, args.seconds, folder)
                           for users in args.users}
            print(name, page, json.dumps(table[page]), flush=True)
    return table, {page: request[:2] for page, request in found.items()}


def profile(url: str, folder: Path, server: bool, path: str, email: str | None) -> str:
    """Where the time of `path` goes: cProfile over 30 requests through the test client."""
    from exchange import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-load",
                      "SEARCH_BACKEND": "postgres" if server else "whoosh",
                      "SEARCH_INDEX_DIR": str(folder / "prepare" / "index"),
                      "FILE_STORAGE": "database" if server else "local",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    if email:
        client.post("/auth/login", data={"email": email, "password": PASSWORD})
    for _ in range(5):
        client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(30):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"exchange|search_index|sqlalchemy/engine|jinja2/environment", 18)
    return out.getvalue()


def report(results: dict, args, slowest: tuple[str, str], profiled: str) -> str:
    lines = ["| setup | page | users | req/s | p50 ms | p95 ms | p99 ms | errors |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for setup, table in results.items():
        ceiling = table["/healthz"]
        for page, by_users in table.items():
            for users, r in by_users.items():
                lines.append(f"| {setup} | {page} | {users} | {r['rps']:,} | {r['p50']} | "
                             f"{r['p95']} | {r['p99']} | {r['errors']} |")
        mix = table["mix"]
        lines.append(f"| {setup} | **mix / healthz** | | "
                     + " · ".join(f"{u}: {mix[u]['rps'] / ceiling[u]['rps']:.1%}"
                                  for u in args.users) + " | | | | |")
    return (
        f"## Load ({args.data} data)\n\n"
        f"`bench/load.py --data {args.data}`: gunicorn with {args.workers} sync workers per "
        f"host on this machine, driven by wrk for {args.seconds} s per cell (users = open "
        "connections, each sending its next request as soon as the last is answered). "
        "Setups: `sqlite-1` the embedded profile (SQLite, Whoosh, one host); `postgres-N` "
        "the server profile (PostgreSQL, `postgres` search, files in the database) with N "
        "hosts. Two hosts on one 2-core machine share its cores: the figure shows what the "
        "second host costs, not what a second machine adds. `/healthz` (one `SELECT 1`) "
        "is the ceiling of the same server in the same run; the mix weighs the pages as "
        "visitors and signed-in users use them (home 25, list 20, search 20, achievement "
        "20, matches 8, message 5, dashboard 2).\n\n" + "\n".join(lines) + "\n\n"
        f"Slowest page at 8 users: **{slowest[1]}** ({slowest[0]}). Where its time goes "
        "(cProfile, 30 requests in-process, cumulative):\n\n```\n" + profiled.strip()[:6000]
        + "\n```\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", choices=("demo", "100k"), default="demo")
    parser.add_argument("--users", default="8,32,128")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--setups", default="sqlite-1,postgres-1,postgres-2")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    args.users = [int(u) for u in args.users.split(",")]
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install wrk")
    results, folder = {}, Path(tempfile.mkdtemp(prefix="bench-load-"))
    slowest, profiled = ("", "", 0.0), ""
    try:
        for setup in args.setups.split(","):
            place = folder / setup
            place.mkdir()
            server = setup.startswith("postgres")
            with contextlib.ExitStack() as stack:
                url = (stack.enter_context(postgres_url(None, f"load{setup[-1]}")) if server
                       else f"sqlite:///{place}/exchange.db")
                redis_url = stack.enter_context(throwaway_redis()) if server else None
                results[setup], paths = run_setup(setup, url, redis_url, args, place)
                gets = [(page, results[setup][page][args.users[0]]["p50"])
                        for page, (method, _path) in paths.items() if method == "GET"]
                page, p50 = max(gets, key=lambda pair: pair[1])
                if p50 > slowest[2]:
                    slowest = (setup, page, p50)
                    profiled = profile(url, place, setup.startswith("postgres"),
                                       paths[page][1], PAGE_USERS.get(page))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = report(results, args, slowest[:2], profiled)
    print(text)
    if not args.no_write:
        write_section(f"load-{args.data}", text)


PAGE_USERS = {"a need's matches (enterprise)": "enterprise01@demo.exchange.cn",
              "dashboard (staff)": "staff@demo.exchange.cn"}


if __name__ == "__main__":
    main()
