"""What operators get: /metrics in Prometheus's format (parsed here with
prometheus-client's own parser), /readyz, request ids, JSON log lines
without message texts."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import update

from bot.data.db import Database
from bot.data.models import InboxEvent, utcnow
from bot.ops.health import beat
from bot.ops.logs import JsonFormatter, RequestIdFilter
from tests.fakes.line_events import payload, text_event
from tests.helpers import deliver, event_pool, post_webhook


def scrape(client: FlaskClient, **kwargs: object) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    found: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            found.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def test_metrics_count_webhooks_answers_and_the_inbox(line_app: Flask, line_client: FlaskClient) -> None:
    before = scrape(line_client)
    deliver(line_app, line_client, text_event("MPI ล่าสุด"), text_event("ไปกินข้าวกัน"))
    assert post_webhook(line_client, payload(text_event("x")), sign=False) == 400
    after = scrape(line_client)

    def grew(name: str, labels: tuple[tuple[str, str], ...] = ()) -> float:
        return after.get(name, {}).get(labels, 0.0) - before.get(name, {}).get(labels, 0.0)

    assert grew("oie_webhook_ack_seconds_count") == 1
    assert grew("oie_webhook_events_total") == 2
    assert grew("oie_webhook_requests_total", (("status", "200"),)) == 1
    assert grew("oie_webhook_requests_total", (("status", "400"),)) == 1
    assert grew("oie_answers_total", (("intent", "value"),)) == 1
    assert grew("oie_answers_total", (("intent", "unknown"),)) == 1
    assert grew("oie_reply_seconds_count", (("method", "reply"),)) == 2
    assert after["oie_inbox_waiting"][()] == 0
    assert after["oie_inbox_oldest_age_seconds"][()] == 0
    assert after["oie_unknown_question_ratio_24h"][()] == pytest.approx(0.5)
    assert "oie_outbox_waiting" in after


def test_metrics_are_for_private_networks_or_a_token(app: Flask) -> None:
    client = app.test_client()
    outside = {"environ_base": {"REMOTE_ADDR": "93.184.216.34"}}
    assert client.get("/metrics", **outside).status_code == 403
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    app.config["SETTINGS"] = app.config["SETTINGS"].with_overrides(METRICS_TOKEN="s3cret-scrape-token")
    assert client.get("/metrics", **outside).status_code == 401
    authorised = client.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape-token"}, **outside)
    assert authorised.status_code == 200


def test_readiness_needs_the_scheduler_and_nothing_stuck(
    line_app: Flask, line_client: FlaskClient, database: Database
) -> None:
    not_ready = line_client.get("/readyz")
    assert not_ready.status_code == 503
    checks = {check["name"]: check for check in not_ready.get_json()["checks"]}
    assert checks["database"]["ok"]
    assert not checks["scheduler"]["ok"]
    beat(database, holder="test")
    ready = line_client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["ready"]
    event_pool(line_app).stop()  # nobody answers: the event waits
    assert post_webhook(line_client, payload(text_event("MPI"))) == 200
    with database.session() as session:
        session.execute(update(InboxEvent).values(received_at=utcnow() - timedelta(minutes=5)))
    stuck = line_client.get("/readyz")
    assert stuck.status_code == 503
    inbox = next(check for check in stuck.get_json()["checks"] if check["name"] == "inbox")
    assert not inbox["ok"]
    assert "oldest waiting 300 s" in inbox["detail"]


def test_every_response_has_a_request_id(client: FlaskClient) -> None:
    fresh = client.get("/healthz").headers["X-Request-Id"]
    assert len(fresh) == 16
    assert client.get("/healthz", headers={"X-Request-Id": "proxy-abc.123"}).headers["X-Request-Id"] == "proxy-abc.123"
    assert client.get("/healthz", headers={"X-Request-Id": "<script>"}).headers["X-Request-Id"] != "<script>"


def test_json_log_lines_carry_the_request_id_and_no_message_text(line_app: Flask, line_client: FlaskClient) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())  # as configure_logging sets up the service's handler
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    try:
        deliver(line_app, line_client, text_event("ข้อความลับของผู้ใช้ MPI"))
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines
    assert all({"time", "level", "logger", "message", "request_id"} <= set(line) for line in lines)
    handled = next(line for line in lines if "handled by" in line["message"])
    assert handled["request_id"].startswith("event-")
    everything = stream.getvalue()
    assert "ข้อความลับ" not in everything
    assert "U4af4980629ba4d8b2b1e1a3cf2b8a7c1" not in everything
