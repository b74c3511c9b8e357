"""Benchmark: the open data API's `series` under concurrent load, on the web
process as the Procfile runs it (gunicorn with gunicorn.conf.py, production
settings, rate limits counted in the database as deployed), beside the same
server's `/healthz` as the baseline.

For each request kind: latency p50/p99, throughput, and the ratio of p50 and
throughput to the baseline's. Kinds: series as JSON and CSV, of the last 24
months and of every month held.

    .venv/bin/python -m tests.benchmarks.bench_api [--requests 2000] [--connections 20]

Uses PostgreSQL (a fresh schema) when it is reachable, else a SQLite file."""

from __future__ import annotations

import argparse
import asyncio
import time

from tests.benchmarks.bench_fanout import drop_fresh_database, sample_database
from tests.benchmarks.keep_alive import Burst, burst
from tests.fakes.line_api import FakeLineApi
from tests.processes import GUNICORN, free_port, production_env, running, wait_until_serving

KINDS = {
    "healthz (baseline)": "/healthz",
    "series JSON, 24 months": "/api/v1/series?indicator=MPI&sector=TOTAL&from=2024-10",
    "series CSV, 24 months": "/api/v1/series?indicator=MPI&sector=TOTAL&from=2024-10&format=csv",
    "series JSON, all months": "/api/v1/series?indicator=MPI&sector=TOTAL",
    "series CSV, all months": "/api/v1/series?indicator=MPI&sector=TOTAL&format=csv",
}


async def load(port: int, path: str, requests: int, connections: int) -> Burst:
    """GETs of `path` over keep-alive connections."""

    def head(body: bytes) -> bytes:
        return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()

    return await burst(port, [b""] * requests, connections, head)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--database", help="SQLAlchemy URL (default: PostgreSQL if reachable, else SQLite)")
    args = parser.parse_args()
    url, description, handle = sample_database(args.database)
    fake = FakeLineApi()
    # One client here; its count is still kept, as deployed.
    env = production_env(url, fake, API_RATE_LIMIT="100000000 per minute")
    port = free_port()
    print(f"database: {description}; {args.requests:,} requests per kind over {args.connections} connections")
    try:
        with running(GUNICORN, {**env, "PORT": str(port)}) as process:
            wait_until_serving(f"http://127.0.0.1:{port}", process)
            time.sleep(3)  # every worker booted
            results = {}
            for name, path in KINDS.items():
                asyncio.run(load(port, path, 200, args.connections))  # warm, not measured
                results[name] = asyncio.run(load(port, path, args.requests, args.connections))
    finally:
        fake.close()
        drop_fresh_database(handle)
    baseline = results["healthz (baseline)"]
    for name, measured in results.items():
        print(
            f"{name:<26} refused {measured.refused:>3}; p50 {measured.percentile(0.5):6.1f} ms, "
            f"p99 {measured.percentile(0.99):6.1f} ms; {measured.throughput:7.0f} requests/s; "
            f"p50 {measured.percentile(0.5) / baseline.percentile(0.5):4.2f}x, "
            f"throughput {measured.throughput / baseline.throughput:4.2f}x of healthz"
        )


if __name__ == "__main__":
    main()
