"""Limits that cannot be walked around: public pages never draw a chart
themselves (the image's request does, under the drawing limit), the
deprecated /api/* endpoints count against the API limit, and a client that
reaches the app directly cannot choose its own address with X-Forwarded-For."""

from __future__ import annotations

import os
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from bot import create_app
from bot.app import services_of
from bot.config import PROJECT_ROOT, Settings
from bot.data.db import Database
from bot.ingest.importer import import_files
from tests.helpers import SAMPLE_DIR


@pytest.fixture
def limited_app(settings: Settings, database: Database, tmp_path: Path) -> Iterator[Flask]:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    app = create_app(
        settings.with_overrides(
            CHART_RENDER_RATE_LIMIT="3 per minute",
            API_RATE_LIMIT="3 per minute",
            CHARTS_DIR=str(tmp_path / "charts"),
            TRUSTED_PROXIES=1,
        )
    )
    yield app
    services_of(app).database.dispose()


def chart_address(page: str) -> str:
    start = page.index('src="/charts/') + len('src="')
    return page[start : page.index('"', start)]


def test_pages_for_any_span_draw_nothing_and_their_images_are_limited(limited_app: Flask, tmp_path: Path) -> None:
    client = limited_app.test_client()
    spans = [("2024-01", "2024-07"), ("2024-02", "2024-09"), ("2023-05", "2024-05"), ("2023-01", "2025-01")]
    pages = [client.get(f"/indicators/MPI?from={start}&to={end}") for start, end in spans]
    pages += [client.get("/sectors/29"), client.get("/releases/2026-09")]
    assert all(page.status_code == 200 for page in pages)
    assert not list((tmp_path / "charts").glob("*.png"))  # the pages drew nothing
    images = [client.get(chart_address(page.get_data(as_text=True))) for page in pages[:4]]
    assert [image.status_code for image in images] == [200, 200, 200, 429]


def test_the_deprecated_api_counts_against_the_api_limit(limited_app: Flask) -> None:
    client = limited_app.test_client()
    codes = [client.get("/api/series/MPI?sector=29&months=12").status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    assert client.get("/api/series/MPI").status_code == 429
    assert [client.get("/api/latest").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_forwarded_addresses_are_believed_only_from_the_proxy(limited_app: Flask) -> None:
    client = limited_app.test_client()
    direct = {"REMOTE_ADDR": "203.0.113.9"}
    codes = [
        client.get("/api/v1/latest", environ_base=direct, headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]  # one client, however it names itself
    proxied = {"REMOTE_ADDR": "127.0.0.1"}
    codes = [
        client.get("/api/v1/latest", environ_base=proxied, headers={"X-Forwarded-For": f"192.0.2.{n}"}).status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 200]  # the proxy's clients each have their own allowance


def gunicorn_settings(**environ: str) -> dict[str, Any]:
    saved = dict(os.environ)
    os.environ.update(environ)
    try:
        return runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_gunicorn_listens_on_loopback_behind_a_proxy() -> None:
    assert gunicorn_settings(TRUSTED_PROXIES="0", PORT="8000")["bind"] == "0.0.0.0:8000"
    behind = gunicorn_settings(TRUSTED_PROXIES="1", PORT="8000")
    assert behind["bind"] == "127.0.0.1:8000"
    assert behind["forwarded_allow_ips"] == Settings().FORWARDED_ALLOW_IPS  # the app believes the same proxies
