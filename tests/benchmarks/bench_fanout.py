"""Benchmark: one announcement multicast to 1,000,000 subscribers through the
outbox and a worker process, against a local fake LINE API that enforces
LINE's 200 requests/s multicast limit (429 beyond it).

Prints the elapsed time against the 10 s bound that the rate limit itself
sets (2,000 requests of 500 ids at 200/s), the number of requests, the 429s,
whether every subscriber got the message exactly once, the worker processes'
CPU time per request, and their memory (peak, and sampled while sending: flat
means the fan-out's size does not grow it).

    .venv/bin/python -m tests.benchmarks.bench_fanout [--subscribers N] [--workers 1] [--database URL]

Uses PostgreSQL (a fresh schema) when it is reachable, else a SQLite file.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from bot.announcements.outbox import Outbox
from bot.announcements.policy import AnnouncementPolicy
from bot.announcements.workflow import AnnouncementService
from bot.config import Settings
from bot.data.db import Database, normalize_database_url
from bot.data.migrate import init_database
from bot.data.models import OutboxItem, utcnow
from bot.ingest.importer import import_files
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import ACCESS_TOKEN, CHANNEL_SECRET
from tests.helpers import PROJECT_ROOT

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def fresh_database(requested: str | None) -> tuple[str, str, tuple[Engine, str] | None]:
    """(url, description, cleanup handle) of an empty database."""
    url = normalize_database_url(requested or os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES)
    if make_url(url).get_backend_name() == "postgresql":
        try:
            admin = create_engine(url, isolation_level="AUTOCOMMIT")
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            with admin.connect() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
            return scoped.render_as_string(hide_password=False), f"PostgreSQL (schema {schema})", (admin, schema)
        except Exception as error:
            print(f"PostgreSQL not reachable ({type(error).__name__}); using SQLite")
    folder = tempfile.mkdtemp()
    return f"sqlite:///{folder}/bench.sqlite3", "SQLite", None


def sample_database(requested: str | None) -> tuple[str, str, tuple[Engine, str] | None]:
    """`fresh_database` with the schema and the bundled sample release in it."""
    url, description, handle = fresh_database(requested)
    database = Database(url)
    init_database(database)
    import_files(database, [Path(__file__).resolve().parents[2] / "data" / "sample" / "indicators.csv"])
    database.dispose()
    return url, description, handle


def drop_fresh_database(handle: tuple[Engine, str] | None) -> None:
    """Drop what `fresh_database` made (a SQLite file stays in its temporary folder)."""
    if handle is not None:
        admin, schema = handle
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def add_subscribers(database: Database, count: int) -> None:
    """Generated inside the database: a million rows in seconds."""
    postgres = database.engine.dialect.name == "postgresql"
    with database.engine.begin() as connection:
        if postgres:
            connection.execute(
                text(
                    "INSERT INTO line_users (user_id, following, language, first_seen_at, last_seen_at) "
                    "SELECT 'U' || lpad(to_hex(n), 32, '0'), true, 'th', now(), now() "
                    "FROM generate_series(1, :count) AS n"
                ),
                {"count": count},
            )
        else:
            connection.execute(
                text(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) "
                    "INSERT INTO line_users (user_id, following, language, first_seen_at, last_seen_at) "
                    "SELECT printf('U%032x', i), 1, 'th', datetime('now'), datetime('now') FROM n"
                ),
                {"count": count},
            )
        connection.execute(
            text(
                "INSERT INTO subscriptions (channel, address, topic, created_at) "
                "SELECT 'line', user_id, 'all', last_seen_at FROM line_users"
            )
        )


def idle_worker_cpu(command: list[str], env: dict[str, str]) -> float:
    """CPU seconds of a worker that starts, finds nothing to send and exits:
    the baseline that the fan-out's CPU time is compared with."""
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


def sample_memory(workers: list[subprocess.Popen[bytes]]) -> list[int]:
    """The first worker's resident memory (KiB) every half second until it exits."""
    samples: list[int] = []

    def sample() -> None:
        # /proc, not poll(): the main thread reaps the worker with wait4 for its CPU time.
        status = Path(f"/proc/{workers[0].pid}/status")
        while True:
            try:
                fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            except OSError:
                break
            if fields.get("State", "").strip().startswith("Z") or "VmRSS" not in fields:
                break  # exited
            samples.append(int(fields["VmRSS"].split()[0]))
            time.sleep(0.5)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--database", help="SQLAlchemy URL (default: PostgreSQL if reachable, else SQLite)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (one per core here)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker process")
    args = parser.parse_args()

    url, description, handle = fresh_database(args.database)
    database = Database(url)
    init_database(database)
    fake = FakeLineApi()
    fake.multicast_per_second = 200
    settings = Settings.from_env(environ={}, env_file=None, DATABASE_URL=url, ANNOUNCEMENT_REQUIRE_APPROVAL=False)
    try:
        started = time.perf_counter()
        add_subscribers(database, args.subscribers)
        print(
            f"database: {description}; {args.subscribers:,} subscribers added in {time.perf_counter() - started:.1f} s"
        )

        env = {
            **os.environ,
            "DATABASE_URL": url,
            "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
            "LINE_API_BASE_URL": fake.base_url,
        }
        command = [sys.executable, "-m", "bot", "worker", "--until-idle", "--threads", str(args.threads)]
        if os.environ.get("BENCH_WORKER_WRAPPER"):  # e.g. a profiler: "py-spy record -o out.svg --"
            command = [*os.environ["BENCH_WORKER_WRAPPER"].split(), *command]
        if make_url(url).get_backend_name() == "sqlite":
            args.workers = 1  # SQLite has one writer: one worker
        # The baseline: the same worker on the same database with nothing to send yet.
        startup_cpu = idle_worker_cpu(command, env)

        service = AnnouncementService(database, AnnouncementPolicy.from_settings(settings))
        announcement = service.create(
            "ดัชนีผลผลิตอุตสาหกรรม ตุลาคม 2569", audience="topics", topics=["all"], channels=["line"]
        )
        service.schedule(announcement, utcnow() - timedelta(seconds=1))
        started = time.perf_counter()
        Outbox(database).enqueue_due()
        with database.session() as session:
            rows = session.scalar(select(func.count()).select_from(OutboxItem)) or 0
        print(f"enqueue: {rows:,} outbox rows in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        workers = [
            subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stderr=subprocess.DEVNULL) for _ in range(args.workers)
        ]
        samples = sample_memory(workers)
        peak_kib, cpu_seconds = 0, 0.0
        for process in workers:
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            peak_kib = max(peak_kib, usage.ru_maxrss)
            cpu_seconds += usage.ru_utime + usage.ru_stime
            if process.returncode != 0:
                raise SystemExit(f"worker exited with {process.returncode}")
        elapsed = time.perf_counter() - started

        multicasts = fake.sent("/v2/bot/message/multicast")
        accepted = [r for r in fake.accepted if r.path == "/v2/bot/message/multicast"]
        delivered = fake.delivered()
        once = len(delivered) == args.subscribers and set(delivered.values()) == {1}
        bound = rows / 200
        print(
            f"{args.workers} worker process(es) x {args.threads} thread(s): {elapsed:.2f} s for "
            f"{len(accepted):,} accepted multicast requests ({len(multicasts):,} sent, "
            f"{fake.rejected_for_rate} answered 429)"
        )
        span = accepted[-1].at - accepted[0].at if len(accepted) > 1 else 0.0
        print(f"first to last request at the fake LINE server: {span:.2f} s (the rest is worker start-up)")
        print(f"rate-limit bound: {bound:.2f} s (= {rows:,} requests / 200 per s)")
        print(f"elapsed / bound = {elapsed / bound:.3f}; sending span / bound = {span / bound:.3f}")
        print(f"every subscriber exactly once: {once} ({len(delivered):,} distinct recipients)")
        print(f"peak memory of a worker process (max RSS): {peak_kib / 1024:.1f} MiB")
        requests = max(1, len(multicasts))
        sending_cpu = max(0.0, cpu_seconds - startup_cpu * len(workers))
        print(
            f"worker CPU time: {cpu_seconds:.2f} s, of which start-up {startup_cpu * len(workers):.2f} s "
            f"(a worker with nothing to send, measured first); sending: {sending_cpu / requests * 1000:.2f} ms "
            f"per request, {sending_cpu / elapsed * 100:.0f}% of one core"
        )
        print(f"sending throughput: {len(accepted) / span if span else 0:.0f} accepted requests/s")
        if len(samples) >= 4:
            quarter = len(samples) // 4
            early, late = samples[quarter], samples[-1]
            print(
                f"worker memory while sending (RSS, first process): {early / 1024:.1f} MiB after a quarter, "
                f"{late / 1024:.1f} MiB at the end ({len(samples)} samples)"
            )
        print(f"announcement state: {service.get(announcement)['state']}")
    finally:
        fake.close()
        database.dispose()
        drop_fresh_database(handle)


if __name__ == "__main__":
    main()
