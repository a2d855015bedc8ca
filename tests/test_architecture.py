"""The layering is a test, not a reminder: import-linter's contracts in setup.cfg (the
cores never import Flask or the app, domains import each other only downward, an
agreement's terms -> money -> event log) hold, and a violation fails them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("exchange", "ledger", "search_index")


def _lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--config", str(root / "setup.cfg"), "--no-cache",
                           "--no-logo"], cwd=root, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


def test_the_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _copy(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns(
            "__pycache__", "static", "translations", "data"))
    shutil.copy(ROOT / "setup.cfg", tmp_path / "setup.cfg")
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_a_deliberate_violation_breaks_the_contracts(tmp_path):
    root = _copy(tmp_path)
    _append(root / "ledger" / "core.py", "import flask  # noqa")
    _append(root / "exchange" / "achievements" / "models.py",
            "from exchange.matching import services as _matching  # noqa")
    _append(root / "exchange" / "agreements" / "events.py",
            "from exchange.agreements import services as _terms  # noqa")
    result = _lint(root)
    assert result.returncode == 1
    assert "Contracts: 1 kept, 3 broken." in result.stdout
    assert "ledger.core -> flask" in result.stdout
    assert "exchange.achievements.models -> exchange.matching.services" in result.stdout
    assert "exchange.agreements.events -> exchange.agreements.services" in result.stdout
