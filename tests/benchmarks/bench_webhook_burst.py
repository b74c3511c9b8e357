"""Benchmark: a burst of 2,000 signed webhooks over 50 keep-alive connections
to the web process as the Procfile runs it (gunicorn with gunicorn.conf.py,
production settings: it only stores events; `python -m bot worker` answers
them), and the same burst, in the same run, against a bare Flask app on the
same gunicorn settings that checks the signature and stores nothing.

The service is measured twice: with its worker started after the burst (the
web process alone on the machine, as with the worker on another host) and
with the worker answering during the burst (both on this machine's cores).

Prints, for each: requests refused (anything but 200; the goal is 0),
acknowledgement latency p50/p99 (goal: p99 < 50 ms and within 2x of the bare
app), throughput; and for the service, the time from the first request to
the last reply reaching the fake LINE API.

    .venv/bin/python -m tests.benchmarks.bench_webhook_burst [--requests 2000] [--connections 50]

Uses PostgreSQL (a fresh schema) when it is reachable, else a SQLite file."""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from sqlalchemy import text

from bot.data.db import Database
from tests.benchmarks import keep_alive
from tests.benchmarks.bench_fanout import drop_fresh_database, sample_database
from tests.benchmarks.keep_alive import Burst
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import payload, signature, text_event
from tests.processes import GUNICORN, WORKER, free_port, production_env, running, wait_until_serving

QUESTIONS = ("MPI ล่าสุด", "กำลังการผลิตล่าสุด", "ยานยนต์ ล่าสุด", "MPI เดือนก่อน", "what is the latest MPI")


def bodies(count: int, first: int = 0) -> list[bytes]:
    """One question per webhook, each from its own user (events of one chat are
    answered in order); event ids are unique across the run's bursts."""
    return [
        payload(text_event(QUESTIONS[n % len(QUESTIONS)], user=f"U{n:032x}", event_id=f"01BURST{n:019d}"))
        for n in range(first, first + count)
    ]


async def burst(port: int, requests: list[bytes], connections: int) -> Burst:
    """Signed webhooks over keep-alive connections."""

    def head(body: bytes) -> bytes:
        return (
            f"POST /callback HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"X-Line-Signature: {signature(body)}\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()

    return await keep_alive.burst(port, requests, connections, head)


@contextmanager
def serving(app: str, port: int, env: dict[str, str], warm_up: list[bytes]) -> Iterator[None]:
    """gunicorn as the Procfile runs it, serving `app`, every worker booted and
    past its first requests (both apps get the same warm-up, not measured)."""
    with running([*GUNICORN[:-1], app], {**env, "PORT": str(port)}) as process:
        wait_until_serving(f"http://127.0.0.1:{port}", process)
        time.sleep(3)  # the other workers finish booting
        asyncio.run(burst(port, warm_up, 10))
        yield


@dataclass
class ServiceRun:
    burst: Burst
    last_reply: float | None  # seconds from the first request; None if not every event was answered


def measure_service(
    env: dict[str, str],
    fake: FakeLineApi,
    requests: list[bytes],
    connections: int,
    warm_up: list[bytes],
    worker_during: bool,
) -> ServiceRun:
    """The Procfile's web process under the burst, with its worker answering
    during the burst (both share the machine's cores) or started after it."""
    port = free_port()
    replies_before = len(fake.requests)
    with serving("bot:create_app()", port, env, warm_up):
        with running(WORKER, env) if worker_during else nullcontext():
            started = time.perf_counter()
            measured = asyncio.run(burst(port, requests, connections))
        with running(WORKER, env):
            expected = len(measured.latencies) + len(warm_up)
            answered = fake.wait_for(
                lambda sent: sum(r.path.endswith(("/reply", "/push")) for r in sent[replies_before:]) >= expected,
                300,
            )
            last_reply = time.perf_counter() - started
    return ServiceRun(measured, last_reply if answered else None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--database", help="SQLAlchemy URL (default: PostgreSQL if reachable, else SQLite)")
    args = parser.parse_args()

    url, description, handle = sample_database(args.database)
    database = Database(url)
    fake = FakeLineApi()
    env = production_env(url, fake)
    count, warm = args.requests, 200
    print(f"database: {description}; {count:,} webhooks over {args.connections} connections, gunicorn.conf.py")
    try:
        bare_port = free_port()
        with serving("tests.benchmarks.bare_webhook:create_app()", bare_port, env, bodies(warm, 10 * count)):
            baseline = asyncio.run(burst(bare_port, bodies(count), args.connections))
        alone = measure_service(
            env, fake, bodies(count, count), args.connections, bodies(warm, 11 * count), worker_during=False
        )
        shared = measure_service(
            env, fake, bodies(count, 2 * count), args.connections, bodies(warm, 12 * count), worker_during=True
        )

        print(baseline.line("bare Flask (baseline)"))
        for name, run in (("service, worker after", alone), ("service + worker", shared)):
            print(run.burst.line(name))
        for name, run in (("worker after", alone), ("worker during", shared)):
            ratio = run.burst.percentile(0.99) / baseline.percentile(0.99)
            reply = f"{run.last_reply:.1f} s" if run.last_reply is not None else "NOT every event answered in 300 s"
            print(
                f"{name}: p99 service/bare = {ratio:.2f} (goal <= 2), p99 {run.burst.percentile(0.99):.1f} ms "
                f"(goal < 50), refused {run.burst.refused} (goal 0); first request to last reply: {reply}"
            )
        with database.engine.connect() as connection:
            waiting = connection.execute(text("SELECT count(*) FROM inbox_events WHERE state <> 'done'")).scalar()
        print(f"inbox events not answered: {waiting}")
    finally:
        fake.close()
        database.dispose()
        drop_fresh_database(handle)


if __name__ == "__main__":
    main()
