"""The service started as the README says, talking to a local fake LINE API."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from nlp.thaidate import YearMonth
from tests.conftest import PROJECT_ROOT
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import ACCESS_TOKEN, CHANNEL_SECRET, payload, signature, text_event
from tests.helpers import read_sample_csv


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_signed_question_is_answered_within_a_second(database_url: str, fake_line: FakeLineApi, tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
        "LINE_API_BASE_URL": fake_line.base_url,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "CHARTS_DIR": str(tmp_path / "charts"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(server.stderr.read().decode() if server.stderr else "server died") from None
                time.sleep(0.2)

        body = payload(text_event("ดัชนี MPI ล่าสุดเท่าไหร่"))
        request = urllib.request.Request(
            f"{base}/callback",
            data=body,
            headers={"Content-Type": "application/json", "X-Line-Signature": signature(body)},
        )
        started = time.monotonic()
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200
        assert fake_line.wait_for(lambda requests: any(r.path == "/v2/bot/message/reply" for r in requests), 5)
        elapsed = time.monotonic() - started
        latest = read_sample_csv("indicators.csv")[("MPI", "TOTAL", YearMonth(2026, 9))][0]
        (reply,) = fake_line.sent("/v2/bot/message/reply")
        assert f"{latest:.2f}" in " ".join(reply.texts())
        print(f"\nwebhook to reply at the fake LINE server: {elapsed * 1000:.0f} ms")
        assert elapsed < 1.0, f"reply took {elapsed:.2f}s"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
