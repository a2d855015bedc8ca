"""A throwaway PostgreSQL server in a temp dir, for the test session only.

Debian keeps initdb/pg_ctl outside PATH (`pg_config --bindir`), and PostgreSQL refuses to
run as root, so as root the server runs as the `postgres` user. It listens only on a
Unix socket inside the temp dir: nothing else on the machine can reach it.
"""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

PORT = 5433


def bindir() -> Path:
    try:
        out = subprocess.check_output(["pg_config", "--bindir"], text=True).strip()
    except (OSError, subprocess.CalledProcessError) as exc:
        raise RuntimeError(
            "PostgreSQL not found: install Debian's `postgresql` package (make test does)"
        ) from exc
    path = Path(out)
    if not (path / "pg_ctl").exists():
        raise RuntimeError(f"pg_ctl missing in {path}: install Debian's `postgresql` package")
    return path


@contextmanager
def throwaway_postgres():
    tools = bindir()
    base = Path(tempfile.mkdtemp(prefix="exch-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(base, account.pw_uid, account.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    options = (
        f"-k {base} -p {PORT} -c listen_addresses='' -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    try:
        subprocess.run(
            [*prefix, str(tools / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
             "-E", "UTF8", "--no-locale"],
            check=True, capture_output=True,
        )
        subprocess.run(
            [*prefix, str(tools / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"),
             "-o", options, "-w", "start"],
            check=True, capture_output=True,
        )
        yield {"host": str(base), "port": PORT, "user": "postgres"}
    finally:
        if data.exists():
            subprocess.run(
                [*prefix, str(tools / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                check=False, capture_output=True,
            )
        shutil.rmtree(base, ignore_errors=True)
