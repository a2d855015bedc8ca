"""The queue: huey, on a SQLite file under instance/ by default, on Redis when REDIS_URL
is set (several hosts share one). It carries job ids (and the periodic schedule); the
rows in the database are the record of what has to run (services.py)."""
from __future__ import annotations

from pathlib import Path

from huey import RedisHuey, SqliteHuey, crontab

from exchange.jobs import services
from exchange.jobs.registry import PERIODIC


def make_huey(config: dict):
    """huey for this configuration; `results=False`: nothing reads a job's return value."""
    name = config["JOBS_QUEUE_NAME"]
    if config.get("REDIS_URL"):
        return RedisHuey(name, url=config["REDIS_URL"], results=False, utc=True)
    path = Path(config["JOBS_DB"])
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(path), results=False, utc=True)


class Queue:
    """One app's huey and its tasks: `run_job(id)` (retried with backoff), `kick(name)`,
    and one periodic task per registered periodic handler. Periodic handlers are
    idempotent (what they fan out is keyed job rows, what they change is conditional);
    huey's lock keeps two schedulers (two worker hosts on one Redis) from running one at
    the same time."""

    def __init__(self, app):
        self.app = app
        self.huey = make_huey(app.config)
        config = app.config
        self._run_job = self.huey.task(
            retries=max(config["JOB_ATTEMPTS"] - 1, 0), retry_delay=config["JOB_RETRY_DELAY"],
            retry_backoff=2, name="run_job")(self._run)
        for periodic in PERIODIC.values():
            self.huey.periodic_task(crontab(minute=periodic.minute, hour=periodic.hour),
                                    name=f"periodic:{periodic.name}")(
                self._periodic(periodic.name))

        self._kick = self.huey.task(name="kick")(self._run_idempotent)

    def send(self, job_id: int) -> None:
        self._run_job(job_id)

    def kick(self, name: str) -> None:
        """Run an idempotent handler soon, without a job row: one whose work is already
        recorded durably elsewhere (the search outbox), which the periodic sweep also runs."""
        self._kick(name)

    def _run_idempotent(self, name: str) -> None:
        with self.app.app_context():
            services.run_idempotent(name)

    def _run(self, job_id: int) -> None:
        with self.app.app_context():
            services.run(job_id)

    def _periodic(self, name: str):
        def start() -> None:
            with self.huey.lock_task(f"periodic:{name}"):
                self._run_idempotent(name)
        return start

    def consumer(self, workers: int = 2):
        return self.huey.create_consumer(workers=workers, worker_type="thread",
                                         periodic=True, check_worker_health=True)
