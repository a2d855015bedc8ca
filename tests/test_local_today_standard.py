"""Coding standard: "today" is exchange.db_types.local_today() (Asia/Shanghai).

Trust rule: one calendar everywhere. `date.today()`, a naive `datetime.now()`,
`datetime.utcnow()` and `time.localtime()` read the server's zone (UTC in production), so
they are refused in exchange/ and ledger/ (the ledger takes its dates as arguments).
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("exchange", "ledger")
# Calls that read the process's local zone or a naive clock.
ALWAYS = {"today", "utcnow", "utcfromtimestamp", "localtime", "mktime", "ctime"}


def offending_calls(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        naive_now = name in {"now", "fromtimestamp"} and not node.args[
            1 if name == "fromtimestamp" else 0:] and not node.keywords
        if name in ALWAYS or naive_now:
            found.append((node.lineno, ast.unparse(node)))
    return found


def test_the_checker_sees_each_form():
    source = ("import datetime, time\nfrom datetime import date, datetime as dt\n"
              "date.today()\ndatetime.date.today()\ndt.now()\ndt.utcnow()\ntime.localtime()\n"
              "dt.fromtimestamp(0)\ndt.now(UTC)\ndt.now(tz=ZONE)\ndt.fromtimestamp(0, UTC)\n")
    assert [line for line, _ in offending_calls(source)] == [3, 4, 5, 6, 7, 8]


def test_no_server_zone_today_in_exchange_or_ledger():
    offences = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            calls = offending_calls(text)
            if not calls and "date.today(" in text:  # e.g. in a string handed to eval
                calls = [(0, "date.today(")]
            offences += [f"{path.relative_to(ROOT)}:{line}: {call}" for line, call in calls]
    assert offences == [], "use exchange.db_types.local_today() / utcnow():\n" + "\n".join(
        offences)
