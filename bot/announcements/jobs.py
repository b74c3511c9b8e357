"""The scheduler process and its jobs.

After APScheduler's user guide: jobs are recreated at every start in a memory
job store, so they are bound methods of `SchedulerJobs`, closing over the
process's one database and settings (built by `bot.app.Services`), instead of
functions the job store finds again by name with a database URL to reconnect
with. Jobs have explicit ids, coalesce missed runs and have a misfire grace
time; they only enqueue or settle work: due announcements to the outbox, new
release files from the watched folder or the release sources, deliveries left
"sending" with no work settled, old conversations anonymized, the intent model
retrained after teaching, and a heartbeat that `/readyz` checks. A second
scheduler waits as a standby: on PostgreSQL the active one holds an advisory
lock (released by the server when its connection dies), on SQLite a lock file."""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.config import INSTANCE_DIR, Settings
from bot.data.db import Database, normalize_database_url
from bot.ops.fetch import FetchPolicy
from bot.ops.health import SCHEDULER, WATCHED_FOLDER, beat

log = logging.getLogger(__name__)

SCHEDULER_LOCK_KEY = 0x0E1E_0002  # PostgreSQL advisory lock id of the active scheduler
JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 60}
HEARTBEAT_SECONDS = 30
HOUR = 3600


@dataclass(frozen=True)
class SchedulerJobs:
    """What the scheduler runs, over one process's settings and database."""

    settings: Settings
    database: Database

    def enqueue_due_announcements(self) -> int:
        from bot.announcements.outbox import Outbox

        moved = Outbox(self.database).enqueue_due()
        if moved:
            log.info("moved %d due announcement(s) to the outbox", moved)
        return moved

    def settle_finished_deliveries(self) -> int:
        """The reconciler: deliveries whose requests are all finished are settled
        (normally the worker does it in the transaction that records the last one)."""
        from bot.announcements.recovery import DeliveryRecovery

        return DeliveryRecovery(self.database).reconcile()

    def heartbeat(self) -> None:
        beat(self.database, SCHEDULER, f"{socket.gethostname()}:{os.getpid()}")

    def import_watched_folder(self) -> int:
        """Import release files dropped into WATCH_DIR, drafting their release announcements."""
        from bot.announcements.drafting import import_releases
        from bot.ingest.watched_folder import import_folder

        folder = Path(self.settings.WATCH_DIR)
        run = import_folder(folder, lambda paths: import_releases(self.database, paths, self.settings))
        beat(self.database, WATCHED_FOLDER, run.outcome())  # shown by /readyz
        return run.imported

    def poll_release_sources(self) -> int:
        """Fetch release files from where they are published (RELEASE_SOURCE_URLS, CKAN_DATASETS)."""
        results = release_source_poller(self.settings, self.database).poll()
        return sum(result.status == "imported" for result in results)

    def purge_request_counters(self) -> int:
        """Drop the API's rate-limit windows that ended (one row per client and limit)."""
        from bot.data.request_counters import DatabaseStorage

        return DatabaseStorage("database://", database=self.database).purge_expired()

    def anonymize_old_conversations(self) -> int:
        """Questions older than CONVERSATION_RETENTION_DAYS lose who asked them."""
        from bot.data.privacy import anonymize_conversations

        days = self.settings.CONVERSATION_RETENTION_DAYS
        anonymized = anonymize_conversations(self.database, days)
        if anonymized:
            log.info("anonymized %d question(s) older than %d days", anonymized, days)
        return anonymized

    def retrain_intent_model(self) -> str | None:
        """Retrain (and measure) the intent model when staff taught something since the last one."""
        from bot.answers.understanding import retrain, taught_since_last_model
        from bot.data.audit import SYSTEM

        if not taught_since_last_model(self.database):
            return None
        version = retrain(self.database, trained_by=SYSTEM, measure=True)
        log.info("intent model %s trained on %d examples", version.version, version.examples)
        return version.version

    def every(self, interval_seconds: float = 15.0) -> dict[str, tuple[Callable[[], Any], float]]:
        """Each job by id, with how many seconds apart it runs."""
        jobs: dict[str, tuple[Callable[[], Any], float]] = {
            "enqueue-due-announcements": (self.enqueue_due_announcements, interval_seconds),
            "settle-finished-deliveries": (self.settle_finished_deliveries, 60),
            "heartbeat": (self.heartbeat, HEARTBEAT_SECONDS),
            "purge-request-counters": (self.purge_request_counters, HOUR),
            "retrain-intent-model": (self.retrain_intent_model, 6 * HOUR),
            "anonymize-old-conversations": (self.anonymize_old_conversations, HOUR),
            "import-watched-folder": (self.import_watched_folder, 60),
        }
        if self.settings.release_source_urls or self.settings.ckan_datasets:
            minutes = self.settings.RELEASE_SOURCE_POLL_MINUTES
            jobs["poll-release-sources"] = (self.poll_release_sources, minutes * 60)
        return jobs


def release_source_poller(settings: Settings, database: Database) -> Any:
    from bot.announcements.drafting import import_releases
    from bot.ingest.sources import SourcePoller

    return SourcePoller(
        database,
        lambda paths: import_releases(database, paths, settings, by="release source"),
        settings.release_source_urls,
        settings.CKAN_PORTAL_URL.strip().rstrip("/"),
        settings.ckan_datasets,
        FetchPolicy.from_settings(settings, timeout_seconds=120),
    )


# --- the scheduler -------------------------------------------------------------------


def build_scheduler(jobs: SchedulerJobs, blocking: bool = True, interval_seconds: float = 15.0) -> Any:
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    kind = BlockingScheduler if blocking else BackgroundScheduler
    # The default memory job store: the jobs are added again at every start.
    scheduler = kind(job_defaults=JOB_DEFAULTS, timezone=ZoneInfo(jobs.settings.TZ_NAME))
    for job_id, (job, seconds) in jobs.every(interval_seconds).items():
        scheduler.add_job(job, trigger="interval", id=job_id, seconds=seconds, replace_existing=True)
    return scheduler


def _wait_for(acquire: Callable[[], bool], stop: threading.Event, poll_seconds: float) -> bool:
    """Try `acquire` until it succeeds (True) or `stop` is set (False)."""
    announced = False
    while not acquire():
        if not announced:
            log.info("another scheduler is active; waiting as a standby")
            announced = True
        if stop.wait(poll_seconds):
            return False
    log.info("this process is the active scheduler")
    return True


@contextmanager
def leadership(settings: Settings, poll_seconds: float = 2.0, stop: threading.Event | None = None) -> Iterator[bool]:
    """Wait until this process is the only active scheduler, then hold that
    role until the block ends. Yields False if `stop` was set while waiting."""
    url = normalize_database_url(settings.DATABASE_URL)
    stop = stop or threading.Event()
    if make_url(url).get_backend_name() == "postgresql":
        database = Database(url)
        connection = database.engine.connect()

        def acquire_advisory_lock() -> bool:
            query = text("SELECT pg_try_advisory_lock(:key)")
            locked = bool(connection.execute(query, {"key": SCHEDULER_LOCK_KEY}).scalar())
            connection.commit()
            return locked

        try:
            yield _wait_for(acquire_advisory_lock, stop, poll_seconds)
        finally:
            connection.close()  # closing the session releases the advisory lock
            database.dispose()
        return
    database_path = make_url(url).database
    lock_path = Path(database_path + ".scheduler.lock") if database_path else INSTANCE_DIR / "scheduler.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as handle:

        def acquire_file_lock() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        leader = _wait_for(acquire_file_lock, stop, poll_seconds)
        try:
            yield leader
        finally:
            if leader:
                fcntl.flock(handle, fcntl.LOCK_UN)


def run_scheduler(jobs: SchedulerJobs) -> None:
    """`python -m bot scheduler`: standby until leader, then run the jobs."""
    with leadership(jobs.settings) as leader:
        if leader:
            scheduler = build_scheduler(jobs, blocking=True)
            log.info("scheduler started (%s)", ", ".join(job.id for job in scheduler.get_jobs()))
            jobs.heartbeat()  # at once: readiness should not wait for the first interval
            scheduler.start()
