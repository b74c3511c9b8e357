"""The scheduler process: its job store, its jobs, and one active scheduler at a time."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import inspect

from bot.announcements.jobs import build_scheduler, leadership
from bot.announcements.policy import AnnouncementPolicy
from bot.announcements.workflow import AnnouncementService
from bot.app import Services
from bot.config import Settings
from bot.data.db import Database
from bot.data.models import utcnow
from bot.ops.health import readiness
from tests.helpers import PROJECT_ROOT, SAMPLE_DIR, console_worker


def test_jobs_are_added_at_every_start_with_explicit_ids_over_the_process_database(
    settings: Settings, database: Database
) -> None:
    services = Services(settings, database)
    for _ in range(2):  # a restart has the same jobs, no more
        scheduler = build_scheduler(services.scheduler_jobs, blocking=False)
        scheduler.start(paused=True)
        jobs = {job.id: job for job in scheduler.get_jobs()}
        scheduler.shutdown(wait=False)
    assert set(jobs) == {
        "enqueue-due-announcements",
        "settle-finished-deliveries",
        "heartbeat",
        "import-watched-folder",
        "purge-request-counters",
        "anonymize-old-conversations",
        "retrain-intent-model",
    }
    assert str(scheduler.timezone) == "Asia/Bangkok"
    for job in jobs.values():
        assert job.coalesce
        assert job.misfire_grace_time == 60
        assert job.max_instances == 1
        # Bound to the process's own parts: no engine of its own per run.
        assert job.func.__self__ is services.scheduler_jobs
    assert services.scheduler_jobs.database is services.database
    with database.engine.connect() as connection:
        assert "apscheduler_jobs" not in inspect(connection).get_table_names()


def test_release_sources_add_their_polling_job(settings: Settings, database: Database) -> None:
    configured = settings.with_overrides(RELEASE_SOURCE_URLS="https://data.example.org/mpi.csv")
    jobs = Services(configured, database).scheduler_jobs.every()
    assert jobs["poll-release-sources"][1] == configured.RELEASE_SOURCE_POLL_MINUTES * 60


def test_the_scheduler_moves_a_due_announcement_and_a_worker_sends_it(settings: Settings, database: Database) -> None:
    policy = AnnouncementPolicy.from_settings(settings.with_overrides(ANNOUNCEMENT_REQUIRE_APPROVAL=False))
    service = AnnouncementService(database, policy)
    due = service.create("ถึงเวลาแล้ว", channels=["console"])
    later = service.create("ยังไม่ถึงเวลา", channels=["console"])
    service.schedule(due, utcnow() + timedelta(seconds=1))
    service.schedule(later, utcnow() + timedelta(days=1))
    scheduler = build_scheduler(Services(settings, database).scheduler_jobs, blocking=False, interval_seconds=0.3)
    scheduler.start()
    try:
        deadline = time.monotonic() + 15
        while service.get(due)["state"] != "sending" and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        scheduler.shutdown(wait=True)
    assert service.get(due)["state"] == "sending"
    assert service.get(later)["state"] == "scheduled"
    stream = io.StringIO()
    console_worker(settings, database, stream).run(until_idle=True)
    assert "ถึงเวลาแล้ว" in stream.getvalue()
    assert "ยังไม่ถึงเวลา" not in stream.getvalue()
    assert service.get(due)["state"] == "sent"


def test_a_second_scheduler_waits_until_the_first_lets_go(settings: Settings, database: Database) -> None:
    events: list[str] = []
    release = threading.Event()
    stop = threading.Event()

    def first() -> None:
        with leadership(settings, poll_seconds=0.05) as leader:
            events.append(f"first leader={leader}")
            release.wait(10)

    def second() -> None:
        with leadership(settings, poll_seconds=0.05, stop=stop) as leader:
            events.append(f"second leader={leader}")

    one = threading.Thread(target=first)
    one.start()
    while not events:
        time.sleep(0.01)
    two = threading.Thread(target=second)
    two.start()
    time.sleep(0.5)
    assert events == ["first leader=True"]
    release.set()
    one.join(5)
    two.join(5)
    assert events == ["first leader=True", "second leader=True"]


def test_a_standby_scheduler_process_takes_over_when_the_active_one_dies(
    database: Database, database_url: str, tmp_path: Path
) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "WATCH_DIR": str(tmp_path / "incoming")}
    command = [sys.executable, "-m", "bot", "scheduler"]
    processes: list[subprocess.Popen[str]] = []
    outputs: list[list[str]] = []

    def start() -> int:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
        )
        lines: list[str] = []
        threading.Thread(target=lambda: lines.extend(process.stderr or []), daemon=True).start()
        processes.append(process)
        outputs.append(lines)
        return len(processes) - 1

    def wait_for(index: int, words: str, timeout: float = 60) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(words in line for line in outputs[index]):
                return True
            time.sleep(0.1)
        return False

    try:
        active = start()
        assert wait_for(active, "this process is the active scheduler"), outputs[active]
        standby = start()
        assert wait_for(standby, "waiting as a standby"), outputs[standby]
        time.sleep(1)
        assert not any("active scheduler" in line for line in outputs[standby])
        processes[active].send_signal(signal.SIGKILL)
        processes[active].wait(10)
        assert wait_for(standby, "this process is the active scheduler", timeout=30), outputs[standby]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(10)


def test_watched_folder_imports_and_drafts(database: Database, settings: Settings, tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for name in ("indicators.csv", "next-release.csv"):
        target = incoming / name
        target.write_bytes((SAMPLE_DIR / name).read_bytes())
        os.utime(target, (time.time() - 60, time.time() - 60))
    (incoming / "indicators.csv").rename(incoming / "a-indicators.csv")
    (incoming / "next-release.csv").rename(incoming / "b-next-release.csv")
    bad = incoming / "c-broken.csv"
    bad.write_text("indicator,tsic,year,month,value,preliminary\nMPI,99,2569,10,1.00,1\n", encoding="utf-8")
    os.utime(bad, (time.time() - 60, time.time() - 60))
    jobs = Services(settings.with_overrides(WATCH_DIR=str(incoming)), database).scheduler_jobs
    assert jobs.import_watched_folder() == 2
    assert sorted(p.name for p in (incoming / "done").iterdir()) == ["a-indicators.csv", "b-next-release.csv"]
    assert (incoming / "rejected" / "c-broken.csv").exists()
    assert "unknown sector code '99'" in (incoming / "rejected" / "c-broken.csv.errors.txt").read_text(encoding="utf-8")
    service = AnnouncementService(database, AnnouncementPolicy.from_settings(settings))
    assert [item["period"] for item in service.list()] == ["2026-10"]
    # Its last run and outcome are in /readyz's details (not a failure: a file set aside is for staff).
    checks = {check.name: check for check in readiness(database)}
    assert checks["watched folder"].ok
    assert checks["watched folder"].detail.endswith("2 imported, 1 set aside")
