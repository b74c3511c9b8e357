"""The API's per-client rate limit holds across two app instances (two
workers), counted in the shared database, with RateLimit-* headers, then 429
with Retry-After and a problem body."""

from __future__ import annotations

from flask.testing import FlaskClient

from bot import create_app
from bot.app import services_of
from bot.config import Settings
from bot.data.db import Database
from bot.data.request_counters import DatabaseStorage


def test_two_workers_share_one_client_limit(settings: Settings, database: Database) -> None:
    limited = settings.with_overrides(API_RATE_LIMIT="5 per minute")
    first, second = create_app(limited), create_app(limited)
    clients: list[FlaskClient] = [first.test_client(), second.test_client()]
    answers = [clients[turn % 2].get("/api/v1/indicators") for turn in range(6)]
    assert [answer.status_code for answer in answers] == [200] * 5 + [429]
    assert answers[0].headers["RateLimit-Limit"] == "5"
    assert answers[4].headers["RateLimit-Remaining"] == "0"
    refused = answers[5]
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.content_type == "application/problem+json"
    assert refused.get_json()["status"] == 429
    # Another client is not limited by this one.
    other = clients[0].get("/api/v1/indicators", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200
    # Pages outside the API are not limited.
    assert clients[1].get("/healthz").status_code == 200
    for app in (first, second):
        services_of(app).database.dispose()


def test_counters_start_again_when_their_window_ends(database: Database) -> None:
    storage = DatabaseStorage("database://", database=database)
    assert storage.incr("client/limit", expiry=60) == 1
    assert storage.incr("client/limit", expiry=60) == 2
    assert storage.get("client/limit") == 2
    assert storage.incr("gone", expiry=0) == 1  # a window that already ended
    assert storage.incr("gone", expiry=60) == 1
    assert storage.purge_expired() == 0
    storage.clear("client/limit")
    assert storage.get("client/limit") == 0
    assert storage.check()
