"""Benchmark: importing the 6,348-row sample into an empty SQLite store.

Prints the median of several runs for parsing alone, for the full import
(parse + validate + bulk write in one transaction), and as the floor a bare
sqlite3 executemany of the same rows run in this same process.

    .venv/bin/python -m tests.benchmarks.bench_import
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.data.db import Database
from bot.data.migrate import init_database
from bot.ingest.files import read_release_file
from bot.ingest.importer import import_files
from tests.helpers import SAMPLE_DIR

SAMPLE = SAMPLE_DIR / "indicators.csv"
RUNS = 7


def timed(setup: Callable[[Path], object], action: Callable[[object], object]) -> float:
    times = []
    for run in range(RUNS):
        with tempfile.TemporaryDirectory() as folder:
            state = setup(Path(folder) / f"bench{run}.sqlite3")
            start = time.perf_counter()
            action(state)
            times.append(time.perf_counter() - start)
            if isinstance(state, Database):
                state.dispose()
    return statistics.median(times)


def fresh_store(path: Path) -> Database:
    database = Database(f"sqlite:///{path}")
    init_database(database)
    return database


def bare_sqlite(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE o (i TEXT, s TEXT, y INT, m INT, v NUMERIC, p INT, UNIQUE (i, s, y, m))")
    return connection


def main() -> None:
    rows = [
        (o.key.indicator, o.key.sector, o.key.period.year, o.key.period.month, str(o.value), o.preliminary)
        for o in read_release_file(SAMPLE).observations
    ]

    def floor(state: object) -> None:
        assert isinstance(state, sqlite3.Connection)
        with state:
            state.executemany("INSERT INTO o VALUES (?, ?, ?, ?, ?, ?)", rows)

    def full_import(state: object) -> None:
        assert isinstance(state, Database)
        import_files(state, [SAMPLE])

    parse = timed(lambda _path: None, lambda _state: read_release_file(SAMPLE))
    full = timed(fresh_store, full_import)
    bare = timed(bare_sqlite, floor)
    print(f"rows: {len(rows):,}  runs: {RUNS} (median)")
    print(f"parse + validate only:          {parse * 1000:8.1f} ms")
    print(f"full import (SQLite, 1 txn):    {full * 1000:8.1f} ms   target < 2000 ms")
    print(f"floor: bare sqlite3 executemany: {bare * 1000:7.1f} ms")
    print(f"full import / floor:            {full / bare:8.1f} x")
    print(f"rows per second (full import):  {len(rows) / full:10,.0f}")


if __name__ == "__main__":
    main()
