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
from sqlalchemy import update

from bot import create_app
from bot.app import services_of
from bot.config import Settings
from bot.data.models import Announcement
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


def workbook_rows(response_data: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(response_data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def test_the_workbook_holds_exactly_the_months_shown(api_app: Flask, api: FlaskClient) -> None:
    query = "sector=29&from=2025-03&to=2025-08"
    page = api.get(f"/indicators/CAPU?{query}").get_data(as_text=True)
    assert f"/indicators/CAPU.xlsx?{query}" in page.replace("&amp;", "&")
    rows = workbook_rows(api.get(f"/indicators/CAPU.xlsx?{query}").data)
    # Above the table: the title, the unit, the source with the page's address, the sample-data note.
    assert rows[0][0] == "อัตราการใช้กำลังการผลิต: ยานยนต์ รถพ่วงและรถกึ่งรถพ่วง, มี.ค. 2568 – ส.ค. 2568"
    assert str(rows[1][0]).startswith("หน่วย: ")
    assert str(rows[2][0]).startswith("ที่มา: สำนักงานเศรษฐกิจอุตสาหกรรม (สศอ.)")
    assert str(rows[2][0]).endswith(f"/indicators/CAPU?{query}")
    assert "ข้อมูลตัวอย่าง (สังเคราะห์)" in str(rows[3][0])
    header = rows.index(("เดือน", "ค่า", "ตัวเลขเบื้องต้น (p)", "รหัสดัชนี", "รหัสสาขา (TSIC)", "งวด (ค.ศ. ปี-เดือน)", "ชุดข้อมูล"))
    store: IndicatorStore = services_of(api_app).store
    expected = store.series("CAPU", "29", YearMonth(2025, 3), YearMonth(2025, 8))
    assert [(row[3], row[4], row[5], Decimal(str(row[1]))) for row in rows[header + 1 :]] == [
        ("CAPU", "29", point.period.iso(), point.value) for point in expected
    ]
    assert rows[header + 1][0] == "มี.ค. 2568"
    english = workbook_rows(api.get(f"/indicators/CAPU.xlsx?{query}&lang=en").data)
    assert english[0][0] == "Capacity utilization: Motor vehicles, trailers and semi-trailers, March 2025 – August 2025"
    assert (
        "Month",
        "Value",
        "Preliminary (p)",
        "Indicator code",
        "Sector code",
        "Period (YYYY-MM)",
        "Dataset",
    ) in english
    assert "/indicators/CAPU.xlsx?" in api.get(f"/indicators/CAPU?{query}&lang=en").get_data(as_text=True)


def test_a_sector_page_has_a_month_picker_a_legend_and_downloads(api: FlaskClient) -> None:
    page = api.get("/sectors/29?month=2569-03")
    assert page.status_code == 301
    assert page.headers["Location"] == "/sectors/29?month=2026-03"
    html = api.get("/sectors/29?month=2026-03").get_data(as_text=True).replace("&amp;", "&")
    assert '<option value="2026-03" selected>' in html
    assert "p: ตัวเลขเบื้องต้น" in html
    for indicator in ("MPI", "SHIPMENT", "INVENTORY", "CAPU"):
        assert f"/indicators/{indicator}.xlsx?sector=29&from=2024-04&to=2026-03" in html
        assert f"indicator={indicator}&sector=29&from=2024-04&to=2026-03&format=csv" in html
    assert api.get("/sectors/29?month=2031-01").status_code == 404
    assert api.get("/sectors/29?month=soon").status_code == 200  # an unreadable month shows the latest


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


def test_an_english_release_page_says_its_announcement_is_in_thai(api_app: Flask, api: FlaskClient) -> None:
    services = services_of(api_app)
    announcement = services.announcements.create("ดัชนีผลผลิตอุตสาหกรรมเดือนตุลาคมเพิ่มขึ้น", channels=["console"])
    with services.database.session() as session:
        session.execute(
            update(Announcement)
            .where(Announcement.id == announcement)
            .values(kind="release", period="2026-10", state="sent")
        )
    english = api.get("/releases/2026-10?lang=en").get_data(as_text=True)
    assert '<div class="pre" lang="th">ดัชนีผลผลิตอุตสาหกรรมเดือนตุลาคมเพิ่มขึ้น</div>' in english
    assert "Published in Thai only" in english
    assert "Published in Thai only" not in api.get("/releases/2026-10").get_data(as_text=True)
