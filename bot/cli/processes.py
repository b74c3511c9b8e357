"""scheduler, worker, serve: the service's processes."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from datetime import timedelta
from types import FrameType

from bot.announcements.jobs import build_scheduler, leadership, run_scheduler
from bot.app import Services
from bot.cli.common import add_command, current_services, safe_url
from bot.config import SAMPLE_DATA_DIR, Settings
from bot.data.datasets import SAMPLE_LABEL
from bot.data.db import Database
from bot.data.migrate import init_database
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files

log = logging.getLogger("bot.cli")
SAMPLE_RELEASE = SAMPLE_DATA_DIR / "indicators.csv"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_command(
        commands,
        "scheduler",
        cmd_scheduler,
        help="run the scheduler process",
        description="Run the one scheduler: moves due announcements to the outbox, imports files dropped into "
        "WATCH_DIR, requeues retryable failures. A second one waits as a standby.",
    )

    worker = add_command(
        commands,
        "worker",
        cmd_worker,
        help="send from the outbox and answer LINE events from the inbox",
        description="Send queued announcement messages and, when LINE is configured, answer the webhook "
        "events the web process stored. Run as many as you like on PostgreSQL; one on SQLite. "
        "SIGTERM stops claiming and finishes the work in hand.",
    )
    worker.add_argument(
        "--until-idle", action="store_true", help="exit when nothing is left to send (retries due later are left)"
    )
    worker.add_argument("--threads", type=int, help="sending threads (default WORKER_THREADS)")
    worker.add_argument(
        "--no-events", action="store_true", help="only send announcements; leave LINE events to other processes"
    )

    serve = add_command(
        commands,
        "serve",
        cmd_serve,
        help="run the service locally on embedded defaults",
        description="Create the database if needed, import the bundled sample data when the "
        "database is empty, and serve the web app (and LINE webhook) on 127.0.0.1:8000, with the scheduler and "
        "an outbox worker in the same process (console output unless LINE is configured).",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-sample", action="store_true", help="do not import the sample data into an empty database")


def cmd_scheduler(_args: argparse.Namespace, settings: Settings) -> int:
    settings.check()
    with current_services(settings) as services:
        run_scheduler(services.scheduler_jobs)
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Send until SIGTERM/SIGINT (finishing the request in flight)."""
    settings.check()
    with current_services(settings) as services:
        return _work(args, services)


def _work(args: argparse.Namespace, services: Services) -> int:
    worker = services.worker(args.threads)
    # A batch run waits for retries due within the minute (a 429's Retry-After), not for later ones.
    worker.idle_horizon = timedelta(minutes=1)
    # An --until-idle run is a batch job: answering chats is for long-running workers.
    pool = None if args.no_events or args.until_idle else services.event_pool()

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
    worker.run(until_idle=args.until_idle)
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


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import create_app, services_of

    prepare_local_database(settings, with_sample=not args.no_sample).dispose()
    app = create_app(settings)
    # Local use: the scheduler and an outbox worker run inside this process.
    stop = threading.Event()
    services = services_of(app)
    worker = services.worker(threads=1)
    threading.Thread(target=worker.run, name="outbox-worker", daemon=True).start()

    def schedule() -> None:
        with leadership(settings, stop=stop) as leader:
            if leader:
                scheduler = build_scheduler(services.scheduler_jobs, blocking=False)
                services.scheduler_jobs.heartbeat()
                scheduler.start()
                stop.wait()
                scheduler.shutdown(wait=False)

    threading.Thread(target=schedule, name="scheduler", daemon=True).start()
    log.info("serving on http://%s:%s (database %s)", args.host, args.port, safe_url(settings.DATABASE_URL))
    log.info("announcements go to: %s", ", ".join(settings.announcement_channels))
    try:
        app.run(host=args.host, port=args.port, threaded=True, use_reloader=False)
    finally:
        stop.set()
        worker.stop()
    return 0
