"""Login throttling that every worker shares, and that no stranger can turn into a lockout.

Two rules, both counted where every gunicorn worker sees them: in the database by
default (`rate_counters`), in Redis when RATELIMIT_STORAGE_URI or REDIS_URL names one
(through the `limits` package's storage, as Flask-Limiter uses it).

- Per address: LOGIN_RATE_LIMIT (e.g. "10 per minute;50 per hour") login attempts, in
  fixed windows.
- Per account and address: after LOGIN_FREE_FAILURES wrong passwords in a row, that pair
  waits 2, 4, 8 … seconds (at most LOGIN_MAX_DELAY) before its next attempt; a success
  clears it. Nothing is counted per account alone, so wrong passwords sent from other
  addresses never stop the account's owner.

Counters are written on their own connection and committed at once (like Redis): a
refused login rolls its request back, but its failure must still count.
"""
from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from flask import current_app, request
from limits import parse_many
from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from exchange.auth.models import RateCounter
from exchange.extensions import db

PURGE_EVERY = 300  # seconds between deletions of expired counters, per process
PAIR_WINDOW = 24 * 3600  # a pair's failures are remembered this long without a success


class DatabaseCounters:
    """Fixed-window counters in `rate_counters`: the subset of a `limits` storage's
    interface the throttle uses (incr, get, get_expiry, clear). Increments are a single
    INSERT … ON CONFLICT DO UPDATE, atomic on SQLite and PostgreSQL."""

    _last_purge = 0.0

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        table = RateCounter.__table__
        insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
        expired = table.c.expires_at <= now
        stmt = insert(table).values(key=key, count=amount, expires_at=now + expiry)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "count": case((expired, amount), else_=table.c.count + amount),
                "expires_at": case((expired, now + expiry), else_=table.c.expires_at),
            },
        ).returning(table.c.count)
        with db.engine.begin() as connection:
            count = connection.execute(stmt).scalar_one()
            if now - DatabaseCounters._last_purge > PURGE_EVERY:
                DatabaseCounters._last_purge = now
                connection.execute(delete(table).where(table.c.expires_at <= now))
        return count

    def _row(self, key: str):
        with db.engine.connect() as connection:
            return connection.execute(
                select(RateCounter.count, RateCounter.expires_at)
                .where(RateCounter.key == key, RateCounter.expires_at > time.time())
            ).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at if row else time.time()

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(RateCounter.__table__).where(RateCounter.key == key))


def counters():
    """The configured store, one per app (a Redis client is reused across requests)."""
    app = current_app._get_current_object()
    store = app.extensions.get("login_throttle")
    if store is None:
        uri = app.config.get("LOGIN_THROTTLE_STORAGE_URI") or "database"
        if uri == "database":
            store = DatabaseCounters()
        else:
            from limits.storage import storage_from_string

            store = storage_from_string(uri)
        app.extensions["login_throttle"] = store
    return store


@dataclass(frozen=True)
class Refusal:
    retry_after: int  # seconds


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _address() -> str:
    # remote_addr: the socket's address, or the one ProxyFix trusted (PROXY_FIX_HOPS).
    return request.remote_addr or "unknown"


def _pair(email: str) -> str:
    # Hashed: the table need not list which e-mail addresses were tried.
    digest = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{_address()}"


def _address_windows():
    for item in parse_many(current_app.config["LOGIN_RATE_LIMIT"]):
        yield f"login/addr/{_address()}/{item.amount}/{item.get_expiry()}", item


def check(email: str) -> Refusal | None:
    """Count this attempt against its address; a Refusal when it must wait instead."""
    if not _enabled():
        return None
    store = counters()
    now = time.time()
    waiting = store.get(f"login/wait/{_pair(email)}")
    if waiting:
        return Refusal(max(1, math.ceil(store.get_expiry(f"login/wait/{_pair(email)}") - now)))
    for key, item in _address_windows():
        if store.get(key) >= item.amount:
            return Refusal(max(1, math.ceil(store.get_expiry(key) - now)))
    for key, item in _address_windows():
        store.incr(key, item.get_expiry())
    return None


def failed(email: str) -> None:
    """A wrong password for this account from this address: past the free failures, the
    pair waits twice as long as after the previous one."""
    if not _enabled():
        return
    store = counters()
    failures = store.incr(f"login/fail/{_pair(email)}", PAIR_WINDOW)
    excess = failures - current_app.config["LOGIN_FREE_FAILURES"]
    if excess > 0:
        delay = min(2 ** excess, current_app.config["LOGIN_MAX_DELAY"])
        store.incr(f"login/wait/{_pair(email)}", delay)


def succeeded(email: str) -> None:
    if not _enabled():
        return
    store = counters()
    store.clear(f"login/fail/{_pair(email)}")
    store.clear(f"login/wait/{_pair(email)}")
