"""Job handlers by name. A domain registers its handlers where it defines them
(`@handler("mail.send")`); the job row stores the name and keyword arguments, so a job
survives a restart of the worker and a change of its code between enqueue and run.

A handler runs in an app context with `db.session` and only flushes: the runner commits
its changes together with the job's "done", so that a job that is run twice (a message
delivered twice, a retried worker) changes nothing twice."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

HANDLERS: dict[str, Callable[..., object]] = {}


@dataclass(frozen=True)
class Periodic:
    """When a periodic job runs, as huey's crontab fields (UTC)."""

    name: str
    minute: str = "*"
    hour: str = "*"


PERIODIC: dict[str, Periodic] = {}


def handler(name: str, *, minute: str | None = None, hour: str = "*"):
    """Register a job handler; with `minute` it also runs on that schedule."""
    def register(function: Callable[..., object]) -> Callable[..., object]:
        known = HANDLERS.get(name)
        if known is not None and known.__qualname__ != function.__qualname__:
            raise ValueError(f"job handler {name!r} is registered twice")
        HANDLERS[name] = function
        if minute is not None:
            PERIODIC[name] = Periodic(name, minute, hour)
        return function
    return register
