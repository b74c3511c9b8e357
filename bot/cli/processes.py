"""scheduler, worker, serve: the service's processes."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from types import FrameType

from bot.announcements.jobs import build_scheduler, leadership, run_scheduler
from bot.cli.common import add_command, safe_url, update_schema
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
        help="send from the outbox",
        description="Send queued announcement messages. Run as many as you like on PostgreSQL; one on SQLite.",
    )
    worker.add_argument("--until-idle", action="store_true", help="exit when nothing is left to send")
    worker.add_argument("--threads", type=int, help="sending threads (default WORKER_THREADS)")

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
    settings.validate()
    update_schema(settings)
    run_scheduler(settings)
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Send until SIGTERM/SIGINT (finishing the request in flight)."""
    from bot.app import Services

    settings.validate()
    update_schema(settings)
    services = Services(settings)
    worker = services.worker(args.threads)

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %d: stopping after the requests in flight", signum)
        worker.stop()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
    log.info(
        "worker %s started with %d thread(s), channels: %s", worker.name, worker.threads, ", ".join(worker.publishers)
    )
    try:
        worker.run(until_idle=args.until_idle)
    finally:
        services.database.dispose()
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
    from bot.app import Services, create_app

    prepare_local_database(settings, with_sample=not args.no_sample).dispose()
    app = create_app(settings)
    # Local use: the scheduler and an outbox worker run inside this process.
    stop = threading.Event()
    services: Services = app.extensions["services"]
    worker = services.worker(threads=1)
    threading.Thread(target=worker.run, name="outbox-worker", daemon=True).start()

    def schedule() -> None:
        with leadership(settings, stop=stop) as leader:
            if leader:
                scheduler = build_scheduler(settings, blocking=False)
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
