"""scheduler, worker, serve: the service's processes."""

from __future__ import annotations

import logging
import signal
import threading
from datetime import timedelta
from types import FrameType

import click

from bot.announcements.jobs import build_scheduler, leadership, run_scheduler
from bot.app import Services, create_app, services_of
from bot.cli.common import current_services, pass_settings, safe_url
from bot.config import SAMPLE_DATA_DIR, Settings
from bot.data.datasets import SAMPLE_LABEL
from bot.data.db import Database
from bot.data.migrate import init_database
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files

log = logging.getLogger("bot.cli")
SAMPLE_RELEASE = SAMPLE_DATA_DIR / "indicators.csv"


@click.command(
    "scheduler",
    help="Run the one scheduler: moves due announcements to the outbox, imports files dropped into WATCH_DIR, "
    "requeues retryable failures. A second one waits as a standby.",
    short_help="run the scheduler process",
)
@pass_settings
def scheduler(settings: Settings) -> int:
    settings.check()
    with current_services(settings) as services:
        run_scheduler(services.scheduler_jobs)
    return 0


@click.command(
    "worker",
    help="Send queued announcement messages and, when LINE is configured, answer the webhook events the web "
    "process stored. Run as many as you like on PostgreSQL; one on SQLite. SIGTERM stops claiming and "
    "finishes the work in hand.",
    short_help="send from the outbox and answer LINE events from the inbox",
)
@click.option("--until-idle", is_flag=True, help="exit when nothing is left to send (retries due later are left)")
@click.option("--threads", type=int, help="sending threads (default WORKER_THREADS)")
@click.option("--no-events", is_flag=True, help="only send announcements; leave LINE events to other processes")
@pass_settings
def worker(settings: Settings, until_idle: bool, threads: int | None, no_events: bool) -> int:
    """Send until SIGTERM/SIGINT (finishing the request in flight)."""
    settings.check()
    with current_services(settings) as services:
        return _work(services, until_idle, threads, no_events)


def _work(services: Services, until_idle: bool, threads: int | None, no_events: bool) -> int:
    worker = services.worker(threads)
    # A batch run waits for retries due within the minute (a 429's Retry-After), not for later ones.
    worker.idle_horizon = timedelta(minutes=1)
    # An --until-idle run is a batch job: answering chats is for long-running workers.
    pool = None if no_events or until_idle else services.event_pool()

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %d: stopping after the work in hand", signum)
        worker.stop()
        if pool is not None:
            pool.stop(wait=False)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
    log.info(
        "worker %s started with %d sending thread(s), channels: %s; %s",
        worker.name,
        worker.threads,
        ", ".join(worker.publishers),
        f"answering LINE events with {pool.threads} thread(s)" if pool is not None else "not answering LINE events",
    )
    if pool is not None:
        pool.start()
    worker.run(until_idle=until_idle)
    if pool is not None:
        pool.stop(wait=True)  # the events in hand are answered before the process ends
    log.info("worker %s stopped after sending %d request(s)", worker.name, worker.sent)
    return 0


def prepare_local_database(settings: Settings, with_sample: bool = True) -> Database:
    """Schema up to date and, when the store is empty, the bundled sample loaded."""
    database = Database(settings.DATABASE_URL)
    init_database(database)
    if with_sample and IndicatorStore(database).observation_count() == 0:
        (summary,) = import_files(database, [SAMPLE_RELEASE], dataset=SAMPLE_LABEL)
        log.info("empty database: imported the sample data (%s rows)", summary.rows_read)
    return database


@click.command(
    "serve",
    help="Create the database if needed, import the bundled sample data when the database is empty, and serve "
    "the web app (and LINE webhook) on 127.0.0.1:8000, with the scheduler and an outbox worker in the same "
    "process (console output unless LINE is configured).",
    short_help="run the service locally on embedded defaults",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--no-sample", is_flag=True, help="do not import the sample data into an empty database")
@pass_settings
def serve(settings: Settings, host: str, port: int, no_sample: bool) -> int:
    prepare_local_database(settings, with_sample=not no_sample).dispose()
    app = create_app(settings)
    # Local use: the scheduler and an outbox worker run inside this process.
    stop = threading.Event()
    services = services_of(app)
    sender = services.worker(threads=1)
    threading.Thread(target=sender.run, name="outbox-worker", daemon=True).start()

    def schedule() -> None:
        with leadership(settings, stop=stop) as leader:
            if leader:
                jobs = build_scheduler(services.scheduler_jobs, blocking=False)
                services.scheduler_jobs.heartbeat()
                jobs.start()
                stop.wait()
                jobs.shutdown(wait=False)

    threading.Thread(target=schedule, name="scheduler", daemon=True).start()
    log.info("serving on http://%s:%s (database %s)", host, port, safe_url(settings.DATABASE_URL))
    log.info("announcements go to: %s", ", ".join(settings.announcement_channels))
    try:
        app.run(host=host, port=port, threaded=True, use_reloader=False)
    finally:
        stop.set()
        sender.stop()
    return 0


COMMANDS = (scheduler, worker, serve)
