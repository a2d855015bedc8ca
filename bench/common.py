"""Helpers shared by the benchmark scripts: data location, timing, results file."""
from __future__ import annotations

import os
import platform
import re
import resource
import subprocess
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"


def shared_data() -> Path:
    """../shared/data beside the checkout (override with SHARED_DATA)."""
    return Path(os.environ.get("SHARED_DATA", ROOT.parent / "shared" / "data"))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{os.cpu_count()} cores {cpu}, Python {platform.python_version()}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def commit_id() -> str:
    try:
        return subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                       text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section between <!-- name --> markers in docs/benchmarks.md."""
    DOC.parent.mkdir(exist_ok=True)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else (
        "# Benchmarks\n\nFigures written by the scripts in `bench/` on the machine named in each "
        "section. Rerun a script to refresh its section.\n")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = (f"<!-- {name} -->\n{body.rstrip()}\n\n_Measured {stamp} at commit {commit_id()} "
             f"on {machine()}._\n<!-- /{name} -->")
    pattern = re.compile(rf"<!-- {re.escape(name)} -->.*?<!-- /{re.escape(name)} -->", re.S)
    text = pattern.sub(block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block
    # One final newline however often the file is rewritten (it used to gain one per run).
    DOC.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
