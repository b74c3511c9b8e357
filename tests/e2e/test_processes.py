"""The processes as the Procfile runs them: gunicorn's web workers only
acknowledge webhooks, `python -m bot worker` answers them, /metrics adds up
every web worker's counters, SIGTERM lets work in hand finish; and an event
acknowledged by a process that is killed right after its 200 is answered by
another process."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import sys
import time
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from bot.chat.inbox import InboxState
from bot.data.db import Database
from bot.data.models import InboxEvent
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import payload, text_event
from tests.processes import GUNICORN, WORKER, free_port, post_signed, running, service_env, wait_until_serving

REPLY = "/v2/bot/message/reply"


def scrape(base: str) -> dict[str, float]:
    with urllib.request.urlopen(f"{base}/metrics", timeout=10) as response:
        text = response.read().decode()
    totals: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            key = sample.name + "".join(f"|{k}={v}" for k, v in sorted(sample.labels.items()) if k != "pid")
            totals[key] = totals.get(key, 0.0) + sample.value
    return totals


def test_gunicorn_acknowledges_the_worker_answers_and_metrics_add_up(
    database: Database, database_url: str, fake_line: FakeLineApi, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = service_env(
        database_url,
        fake_line,
        tmp_path / "charts",
        APP_ENV="production",
        SECRET_KEY="processes-test-secret-key-0123456789abcdef",
        PUBLIC_BASE_URL="https://bot.example",
        PORT=str(port),
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        LOG_FORMAT="json",
    )
    web_log, worker_log = tmp_path / "web.log", tmp_path / "worker.log"
    with running(GUNICORN, env, web_log) as web:
        wait_until_serving(base, web, web_log)
        users = [f"U{n:032x}" for n in range(20)]
        for user in users:
            assert post_signed(base, payload(text_event("MPI ล่าสุด", user=user))) == 200
        time.sleep(0.5)
        assert fake_line.sent(REPLY) == []  # in production the web process only acknowledges
        with running(WORKER, env, worker_log) as worker:
            assert fake_line.wait_for(lambda requests: sum(r.path == REPLY for r in requests) == 20, 60)
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=30) == 0
        metrics = scrape(base)
        assert metrics["oie_webhook_requests_total|status=200"] == 20  # counted by two workers, added up
        assert metrics["oie_webhook_events_total"] == 20
        assert metrics["oie_webhook_ack_seconds_count"] == 20
        assert metrics["oie_inbox_waiting"] == 0
        web.send_signal(signal.SIGTERM)
        assert web.wait(timeout=40) == 0
    with database.session() as session:
        assert set(session.scalars(select(InboxEvent.state))) == {InboxState.DONE}
    logged = web_log.read_text(errors="replace") + worker_log.read_text(errors="replace")
    assert "ล่าสุด" not in logged  # message texts never reach the logs
    assert not any(user in logged for user in users)


def test_an_event_acknowledged_by_a_killed_process_is_answered_by_another(
    database: Database, database_url: str, fake_line: FakeLineApi, tmp_path: Path
) -> None:
    """The web process answers events itself (the embedded default) and is
    SIGKILLed right after its 200 has gone out, or as soon as it takes the
    event, whichever comes first: the worker answers the event instead."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = service_env(database_url, fake_line, tmp_path / "charts", PUBLIC_BASE_URL=base, INBOX_LEASE_SECONDS="2")
    doomed_env = {**env, "OIE_CRASH_POINTS": "webhook-acknowledged,inbox-claimed"}
    log = tmp_path / "serve.log"
    with running([sys.executable, "-m", "bot", "serve", "--port", str(port)], doomed_env, log) as web:
        wait_until_serving(base, web, log)
        try:
            status: int | None = post_signed(base, payload(text_event("MPI ล่าสุด")))
        except (http.client.RemoteDisconnected, ConnectionResetError):
            # Killed as its pool took the event, before the 200 was written: LINE would
            # redeliver, and the inbox already holds the event.
            status = None
        assert status in (200, None)
        assert web.wait(timeout=10) == -signal.SIGKILL
    assert fake_line.sent(REPLY) == []
    with database.session() as session:
        (waiting,) = session.scalars(select(InboxEvent))
        assert waiting.state in (InboxState.PENDING, InboxState.CLAIMED)
    with running(WORKER, env, tmp_path / "worker.log") as worker:
        assert fake_line.wait_for(lambda requests: any(r.path == REPLY for r in requests), 30)
        pid = worker.pid
    (reply,) = fake_line.sent(REPLY)
    assert "MPI" in " ".join(reply.texts())
    with database.session() as session:
        (answered,) = session.scalars(select(InboxEvent))
        assert answered.state == InboxState.DONE
        assert answered.claimed_by is not None
        assert answered.claimed_by.startswith(f"{socket.gethostname()}:{pid}/")
    assert os.path.exists(log)
