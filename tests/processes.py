"""Running the service's real processes in tests: `python -m bot …` and
gunicorn as the Procfile starts them, against a local fake LINE API."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import ACCESS_TOKEN, CHANNEL_SECRET, signature
from tests.helpers import PROJECT_ROOT

GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "bot:create_app()"]  # the Procfile's web
WORKER = [sys.executable, "-m", "bot", "worker"]  # the Procfile's worker


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def service_env(database_url: str, fake_line: FakeLineApi, charts: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
        "LINE_API_BASE_URL": fake_line.base_url,
        "LINE_DATA_API_BASE_URL": fake_line.base_url,
        "CHARTS_DIR": str(charts),
        **extra,
    }


def production_env(database_url: str, fake_line: FakeLineApi, **extra: str) -> dict[str, str]:
    """The web process's environment as deployed (production settings, JSON
    logs, metrics across workers), against the fake LINE API."""
    return {
        **os.environ,
        "APP_ENV": "production",
        "DATABASE_URL": database_url,
        "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
        "LINE_API_BASE_URL": fake_line.base_url,
        "PUBLIC_BASE_URL": "https://bot.example",
        "SECRET_KEY": "benchmark-secret-key-benchmark-secret-key",
        "CHARTS_DIR": tempfile.mkdtemp(),
        "PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp(),
        "LOG_FORMAT": "json",
        **extra,
    }


@contextmanager
def running(command: Sequence[str], env: dict[str, str], log: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """A process for the block; stopped with SIGTERM (then killed) after it, unless it ended already."""
    output = log.open("wb") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen(list(command), cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if log is not None:
            output.close()  # type: ignore[union-attr]


def wait_until_serving(
    base: str, process: subprocess.Popen[bytes], log: Path | None = None, timeout: float = 90
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                shown = log.read_text(errors="replace")[-3000:] if log is not None and log.exists() else ""
                raise AssertionError(f"the server did not come up (exit {process.poll()}):\n{shown}") from None
            time.sleep(0.2)


def post_signed(base: str, body: bytes) -> int:
    request = urllib.request.Request(
        f"{base}/callback",
        data=body,
        headers={"Content-Type": "application/json", "X-Line-Signature": signature(body)},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.status)
