"""The public pages against the store: a release page lists what the release
revised, downloads hold exactly the months shown, every page says when its
figures are sample data, and pages are cacheable by address."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from bot import create_app
from bot.app import services_of
from bot.config import Settings
from bot.data.store import IndicatorStore
from nlp.thaidate import YearMonth
from tests.helpers import production_settings


def test_a_release_page_shows_what_it_revised(api: FlaskClient) -> None:
    page = api.get("/releases/2026-10").get_data(as_text=True)
    assert "ดัชนีเศรษฐกิจอุตสาหกรรม เดือน ต.ค. 2569" in page
    revised = page[page.index('id="revised"') :]
    assert "100.62" in revised
    assert "101.00" in revised
    assert "ข้อมูลตัวอย่าง (สังเคราะห์)" in page
    assert api.get("/releases/2031-01").status_code == 404
    assert api.get("/releases/not-a-month").status_code == 404


def test_the_workbook_holds_exactly_the_months_shown(api_app: Flask, api: FlaskClient) -> None:
    query = "sector=29&from=2025-03&to=2025-08"
    page = api.get(f"/indicators/CAPU?{query}").get_data(as_text=True)
    assert f"/indicators/CAPU.xlsx?{query}" in page.replace("&amp;", "&")
    response = api.get(f"/indicators/CAPU.xlsx?{query}")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    store: IndicatorStore = services_of(api_app).store
    expected = store.series("CAPU", "29", YearMonth(2025, 3), YearMonth(2025, 8))
    assert rows[0] == ("indicator", "sector", "period", "value", "preliminary", "dataset")
    assert [(row[2], Decimal(str(row[3]))) for row in rows[1:]] == [
        (point.period.iso(), point.value) for point in expected
    ]


def test_pages_are_cacheable_and_english_by_address(api: FlaskClient) -> None:
    for path in ("/", "/indicators/MPI", "/sectors", "/sectors/10", "/calendar", "/releases/2026-10"):
        thai = api.get(path)
        assert thai.status_code == 200, path
        assert thai.headers["Cache-Control"] == "public, max-age=300"
        assert "Set-Cookie" not in thai.headers
        english = api.get(path + ("&" if "?" in path else "?") + "lang=en").get_data(as_text=True)
        assert '<html lang="en">' in english, path
    assert api.get("/indicators/GDP").status_code == 404
    assert api.get("/indicators/MPI?from=2026-13").status_code == 400


def test_partners_embed_a_chart_that_follows_the_latest_release(api: FlaskClient) -> None:
    page = api.get("/indicators/MPI?sector=10").get_data(as_text=True)
    assert "/charts/latest/MPI/10.png" in page
    moved = api.get("/charts/latest/MPI/10.png?months=12")
    assert moved.status_code == 302
    assert moved.headers["Cache-Control"] == "public, max-age=300"
    image = api.get(moved.headers["Location"])
    assert image.status_code == 200
    assert image.content_type == "image/png"
    assert api.get("/charts/latest/GDP/10.png").status_code == 404


def test_every_kind_of_answer_carries_the_security_headers(api: FlaskClient) -> None:
    paths = ("/", "/releases/2026-10", "/api/v1/series?indicator=MPI", "/api/v1/openapi.json", "/feeds/releases.atom")
    for path in paths:
        response = api.get(path)
        assert response.status_code == 200, path
        assert "default-src 'self'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path


def test_behind_the_https_proxy_in_production_every_answer_asks_for_https(
    api_app: Flask, settings: Settings, tmp_path: Path
) -> None:
    """The proxy ends TLS and says so in X-Forwarded-Proto; the app trusts
    that from one hop only, and then sends HSTS on pages, API, feeds and errors."""
    production = create_app(production_settings(settings, tmp_path, TRUSTED_PROXIES=1))
    client = production.test_client()
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "bot.example", "X-Forwarded-For": "203.0.113.9"}
    try:
        for path in ("/", "/api/v1/series?indicator=MPI", "/feeds/releases.atom", "/releases/2031-01", "/api/v1/nope"):
            response = client.get(path, headers=proxied)
            assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000"), path
            assert response.headers["X-Content-Type-Options"] == "nosniff", path
        # Straight to the app, not through the proxy: plain http, where HSTS means nothing.
        assert "Strict-Transport-Security" not in client.get("/").headers
    finally:
        services_of(production).database.dispose()
