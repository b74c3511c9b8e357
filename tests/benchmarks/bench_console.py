"""Benchmark: how long each staff console page takes to render on the sample
data (the two sample releases, a sent announcement, a month of questions),
through the Flask app in this process, signed in as an administrator.

Prints the median and 95th percentile per page against the 200 ms target,
and the same for `/healthz` as the baseline of a page that does nothing.

    .venv/bin/python -m tests.benchmarks.bench_console [--rounds 30]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert

from bot.app import Services, create_app, services_of
from bot.config import Settings
from bot.data.db import Database
from bot.data.migrate import init_database
from bot.data.models import ConversationTurn, utcnow
from bot.ingest.importer import import_files
from bot.staff.accounts import StaffAccounts
from bot.staff.roles import Role
from tests.helpers import SAMPLE_DIR

PAGES = (
    "/healthz",
    "/staff/",
    "/staff/imports",
    "/staff/imports/2",
    "/staff/observations?indicator=MPI&sector=TOTAL&period=2026-09",
    "/staff/announcements",
    "/staff/announcements/calendar",
    "/staff/announcements/new",
    "/staff/announcements/1",
    "/staff/announcements/1/edit",
    "/staff/announcements/1/status",
    "/staff/release-dates",
    "/staff/simulator",
    "/staff/insights",
    "/staff/users",
    "/staff/audit",
)
TARGET_MS = 200


def prepare(folder: Path) -> Settings:
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    settings = Settings.from_env(environ={}, env_file=None, DATABASE_URL=url, CHARTS_DIR=str(folder / "charts"))
    database = Database(url)
    init_database(database)
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    import_files(database, [SAMPLE_DIR / "next-release.csv"])
    StaffAccounts(database).add("admin@oie.example", "benchmark password", Role.ADMIN, by="bench")
    questions = ["MPI ล่าสุด", "ราคาทองวันนี้", "กำลังการผลิตยานยนต์", "สาขาไหนโตมากที่สุด"]
    now = utcnow()
    with database.session() as session:
        session.execute(
            insert(ConversationTurn),
            [
                {
                    "user_id": f"U{n % 500:032d}",
                    "question": questions[n % 4],
                    "intent": "unknown" if n % 4 == 1 else "value",
                    "latency_ms": 20 + n % 50,
                    "reasked": n % 9 == 0,
                    "asked_at": now - timedelta(minutes=n * 7),
                }
                for n in range(6000)
            ],
        )
    database.dispose()
    return settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        settings = prepare(Path(folder))
        app = create_app(settings)
        services: Services = services_of(app)
        draft = services.announcements.create("ประกาศทดสอบ", channels=["console"], created_by="bench@oie.example")
        assert draft
        client = app.test_client()
        page = client.get("/staff/login").get_data(as_text=True)
        token = re.search(r'name="csrf-token" content="([^"]+)"', page)
        assert token is not None
        login = {"email": "admin@oie.example", "password": "benchmark password", "csrf_token": token.group(1)}
        assert client.post("/staff/login", data=login).status_code == 302
        print(f"{rounds} renders per page after one warm-up, SQLite, sample data; target < {TARGET_MS} ms")
        print(f"{'page':<62}{'median':>9}{'p95':>9}  vs /healthz")
        baseline = None
        for path in PAGES:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            timings = []
            for _ in range(rounds):
                started = time.perf_counter()
                client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            median = statistics.median(timings)
            p95 = sorted(timings)[int(0.95 * (len(timings) - 1))]
            baseline = baseline or median
            flag = "" if p95 < TARGET_MS else "  over target"
            print(f"{path:<62}{median:8.1f}ms{p95:8.1f}ms  {median / baseline:6.1f}x{flag}")
        services.database.dispose()


if __name__ == "__main__":
    main()
