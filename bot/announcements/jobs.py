"""The scheduler process and its jobs.

After the APScheduler 3.x FAQ: one scheduler process owns the job store (a
SQLAlchemy store on the service database); jobs have explicit ids, are added
with `replace_existing`, coalesce missed runs and have a misfire grace time.
Jobs are module-level functions that only enqueue or settle work: due
announcements to the outbox, new release files from the watched folder,
deliveries left "sending" with no work settled, and a heartbeat that
`/readyz` checks. A second scheduler waits as a standby: on PostgreSQL the
active one holds an advisory lock (released by the server when its
connection dies), on SQLite a lock file."""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
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
JOB_TABLE = "apscheduler_jobs"
HEARTBEAT_SECONDS = 30


@lru_cache(maxsize=8)
def _database(database_url: str) -> Database:
    """One engine per database for the jobs of this process."""
    return Database(database_url)


def _settings(database_url: str) -> Settings:
    return Settings.from_env().with_overrides(DATABASE_URL=database_url)


# --- jobs (module-level: the job store keeps references to them) -------------------


def enqueue_due_announcements(database_url: str) -> int:
    from bot.announcements.outbox import Outbox

    moved = Outbox(_database(database_url)).enqueue_due()
    if moved:
        log.info("moved %d due announcement(s) to the outbox", moved)
    return moved


def settle_finished_deliveries(database_url: str) -> int:
    """The reconciler: deliveries whose requests are all finished are settled
    (normally the worker does it in the transaction that records the last one)."""
    from bot.announcements.recovery import DeliveryRecovery

    return DeliveryRecovery(_database(database_url)).reconcile()


def heartbeat(database_url: str) -> None:
    beat(_database(database_url), SCHEDULER, f"{socket.gethostname()}:{os.getpid()}")


def import_watched_folder(database_url: str, watch_dir: str) -> int:
    """Import release files dropped into `watch_dir`, drafting their release announcements."""
    from bot.announcements.drafting import import_releases
    from bot.ingest.watched_folder import import_folder

    settings = _settings(database_url)
    run = import_folder(Path(watch_dir), lambda paths: import_releases(_database(database_url), paths, settings))
    beat(_database(database_url), WATCHED_FOLDER, run.outcome())  # shown by /readyz
    return run.imported


def poll_release_sources(database_url: str) -> int:
    """Fetch release files from where they are published (RELEASE_SOURCE_URLS, CKAN_DATASETS)."""
    results = release_source_poller(_settings(database_url), _database(database_url)).poll()
    return sum(result.status == "imported" for result in results)


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


def purge_request_counters(database_url: str) -> int:
    """Drop the API's rate-limit windows that ended (one row per client and limit)."""
    from bot.data.request_counters import DatabaseStorage

    return DatabaseStorage("database://", database=_database(database_url)).purge_expired()


def anonymize_old_conversations(database_url: str) -> int:
    """Questions older than CONVERSATION_RETENTION_DAYS lose who asked them."""
    from bot.data.privacy import anonymize_conversations

    days = _settings(database_url).CONVERSATION_RETENTION_DAYS
    anonymized = anonymize_conversations(_database(database_url), days)
    if anonymized:
        log.info("anonymized %d question(s) older than %d days", anonymized, days)
    return anonymized


def retrain_intent_model(database_url: str) -> str | None:
    """Retrain (and measure) the intent model when staff taught something since the last one."""
    from bot.answers.understanding import retrain, taught_since_last_model
    from bot.data.audit import SYSTEM

    database = _database(database_url)
    if not taught_since_last_model(database):
        return None
    version = retrain(database, trained_by=SYSTEM, measure=True)
    log.info("intent model %s trained on %d examples", version.version, version.examples)
    return version.version


# --- the scheduler -------------------------------------------------------------------


def add_jobs(scheduler: Any, settings: Settings, interval_seconds: float = 15.0) -> None:
    url = settings.DATABASE_URL
    common = {"replace_existing": True, "trigger": "interval"}
    scheduler.add_job(
        "bot.announcements.jobs:enqueue_due_announcements",
        id="enqueue-due-announcements",
        seconds=interval_seconds,
        kwargs={"database_url": url},
        **common,
    )
    scheduler.add_job(
        "bot.announcements.jobs:settle_finished_deliveries",
        id="settle-finished-deliveries",
        seconds=60,
        kwargs={"database_url": url},
        **common,
    )
    scheduler.add_job(
        "bot.announcements.jobs:heartbeat",
        id="heartbeat",
        seconds=HEARTBEAT_SECONDS,
        kwargs={"database_url": url},
        **common,
    )
    scheduler.add_job(
        "bot.announcements.jobs:purge_request_counters",
        id="purge-request-counters",
        seconds=3600,
        kwargs={"database_url": url},
        **common,
    )
    scheduler.add_job(
        "bot.announcements.jobs:retrain_intent_model",
        id="retrain-intent-model",
        seconds=6 * 3600,
        kwargs={"database_url": url},
        **common,
    )
    scheduler.add_job(
        "bot.announcements.jobs:anonymize_old_conversations",
        id="anonymize-old-conversations",
        seconds=3600,
        kwargs={"database_url": url},
        **common,
    )
    if settings.release_source_urls or settings.ckan_datasets:
        scheduler.add_job(
            "bot.announcements.jobs:poll_release_sources",
            id="poll-release-sources",
            minutes=settings.RELEASE_SOURCE_POLL_MINUTES,
            kwargs={"database_url": url},
            **common,
        )
    scheduler.add_job(
        "bot.announcements.jobs:import_watched_folder",
        id="import-watched-folder",
        seconds=60,
        kwargs={"database_url": url, "watch_dir": settings.WATCH_DIR},
        **common,
    )


def build_scheduler(settings: Settings, blocking: bool = True, interval_seconds: float = 15.0) -> Any:
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    store = SQLAlchemyJobStore(url=normalize_database_url(settings.DATABASE_URL), tablename=JOB_TABLE)
    kind = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = kind(jobstores={"default": store}, job_defaults=JOB_DEFAULTS, timezone=ZoneInfo(settings.TZ_NAME))
    add_jobs(scheduler, settings, interval_seconds)
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


def run_scheduler(settings: Settings) -> None:
    """`python -m bot scheduler`: standby until leader, then run the jobs."""
    with leadership(settings) as leader:
        if leader:
            scheduler = build_scheduler(settings, blocking=True)
            log.info("scheduler started (%s)", ", ".join(job.id for job in scheduler.get_jobs()))
            heartbeat(settings.DATABASE_URL)  # at once: readiness should not wait for the first interval
            scheduler.start()
