"""The service started as the README says, talking to a local fake LINE API."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from nlp.thaidate import YearMonth
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import payload, text_event
from tests.helpers import read_sample_csv
from tests.processes import free_port, post_signed, running, service_env, wait_until_serving


def test_signed_question_is_answered_within_a_second(database_url: str, fake_line: FakeLineApi, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = service_env(database_url, fake_line, tmp_path / "charts", PUBLIC_BASE_URL=base)
    log = tmp_path / "serve.log"
    with running([sys.executable, "-m", "bot", "serve", "--port", str(port)], env, log) as server:
        wait_until_serving(base, server, log)
        started = time.monotonic()
        assert post_signed(base, payload(text_event("ดัชนี MPI ล่าสุดเท่าไหร่"))) == 200
        assert fake_line.wait_for(lambda requests: any(r.path == "/v2/bot/message/reply" for r in requests), 5)
        elapsed = time.monotonic() - started
        latest = read_sample_csv("indicators.csv")[("MPI", "TOTAL", YearMonth(2026, 9))][0]
        (reply,) = fake_line.sent("/v2/bot/message/reply")
        assert f"{latest:.2f}" in " ".join(reply.texts())
        print(f"\nwebhook to reply at the fake LINE server: {elapsed * 1000:.0f} ms")
        assert elapsed < 1.0, f"reply took {elapsed:.2f}s"
