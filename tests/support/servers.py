"""Throwaway servers for the tests of the outbound paths: a Redis (the job queue's server
path) in a temp dir on a free port, and a real SMTP server (aiosmtpd) that keeps what it
receives. Neither is a system service; both stop with the fixture."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def throwaway_redis():
    server = shutil.which("redis-server")
    if server is None:
        raise RuntimeError("redis-server not found: install Debian's `redis-server` "
                           "(make test does)")
    folder = Path(tempfile.mkdtemp(prefix="exch-redis-"))
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


class Inbox:
    """What the SMTP server received, as parsed messages (email.message.EmailMessage)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


@contextmanager
def smtp_server():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.hostname, controller.port, inbox
    finally:
        controller.stop()


@contextmanager
def worker(app, **env):
    """`flask jobs worker` (what `make run` starts) for this app's database, queue and
    folders, in a process of its own; `env` adds settings (MAIL_SERVER, ...). Prints what
    the worker said when it stops (pytest shows it for a failed test)."""
    config = app.config
    environment = {
        **os.environ, "FLASK_APP": "exchange", "PYTHONPATH": os.getcwd(),
        "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": config["SECRET_KEY"],
        "SEARCH_INDEX_DIR": config["SEARCH_INDEX_DIR"], "IMPORT_DIR": config["IMPORT_DIR"],
        "ATTACHMENT_DIR": config["ATTACHMENT_DIR"], "JOBS_DB": config["JOBS_DB"],
        "REDIS_URL": config.get("REDIS_URL", ""), "JOBS_QUEUE_NAME": config["JOBS_QUEUE_NAME"],
        "JOB_ATTEMPTS": str(config["JOB_ATTEMPTS"]),
        "JOB_RETRY_DELAY": str(config["JOB_RETRY_DELAY"]), "LOG_LEVEL": "INFO",
        "PASSWORD_HASH_METHOD": config["PASSWORD_HASH_METHOD"],
        **env,
    }
    with process_group([sys.executable, "-m", "flask", "jobs", "worker", "--workers", "2"],
                       environment, "worker", tail=5000) as process:
        yield process


@contextmanager
def process_group(args: list[str], env: dict, name: str, tail: int = 3000):
    """`args` in a process group of its own (gunicorn's workers die with it), its output
    in a file, not a pipe: a chatty process would block on a full pipe nobody reads.
    Stopped with SIGTERM (SIGKILL after 15 s) unless it already ended; prints the end of
    what it said (pytest shows it for a failed test)."""
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.seek(0)
        print(f"--- {name} ---\n" + log.read().decode("utf-8", "replace")[-tail:])
        log.close()


@contextmanager
def gunicorn(env: dict, workers: int = 2, name: str = "gunicorn", timeout: float = 90):
    """The app under gunicorn on a free port with `env`: (base URL, process), once
    /healthz answers."""
    port = free_port()
    with process_group([sys.executable, "-m", "gunicorn", "-w", str(workers), "-b",
                        f"127.0.0.1:{port}", "--timeout", "120", "--no-control-socket",
                        "exchange:create_app()"], env, name) as process:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(base + "/healthz", timeout=10).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{name} did not start")
            time.sleep(0.2)
        yield base, process
