"""Finding things on the public site: months written the Thai way reach their
release, the search finds indicators, sectors by what their factories make
and release months, and an unknown address gets the site's own page."""

from __future__ import annotations

import html
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

from bot.data.db import Database
from bot.ingest.importer import import_files
from tests.helpers import SAMPLE_DIR


@pytest.fixture
def published(client: FlaskClient, database: Database) -> FlaskClient:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])  # January 2025 to September 2026
    return client


@pytest.mark.parametrize(
    "written", ["2569-09", "2569-9", "ก.ย. 2569", "กันยายน 2569", "ก.ย.69", "๒๕๖๙-๐๙", "sep-2026", "September 2026"]
)
def test_a_month_written_as_people_write_it_reaches_its_release(published: FlaskClient, written: str) -> None:
    response = published.get(f"/releases/{quote(written)}")
    assert response.status_code == 301
    assert response.headers["Location"] == "/releases/2026-09"
    english = published.get(f"/releases/{quote(written)}?lang=en")
    assert english.headers["Location"] == "/releases/2026-09?lang=en"
    assert "ก.ย. 2569" in published.get("/releases/2026-09").get_data(as_text=True)


def test_indicator_pages_read_buddhist_era_months_too(published: FlaskClient) -> None:
    page = published.get("/indicators/MPI?from=2569-01&to=2569-03").get_data(as_text=True)
    page = page.split('id="months"', 1)[1]  # the table, not the month pickers
    assert "ม.ค. 2569" in page
    assert "มี.ค. 2569" in page
    assert "เม.ย. 2569" not in page
    assert published.get("/indicators/MPI?from=soon").status_code == 400


@pytest.mark.parametrize("address", ["/releases/2569-13", "/releases/2030-01", "/no-such-page", "/sectors/99"])
def test_an_unknown_address_gets_the_sites_own_page_in_thai(published: FlaskClient, address: str) -> None:
    response = published.get(address)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "ไม่พบหน้าที่ต้องการ" in page
    assert 'role="search"' in page
    assert 'href="/sectors"' in page
    english = published.get(address + "?lang=en").get_data(as_text=True)
    assert "Page not found" in english
    assert 'href="/sectors?lang=en"' in english


def test_the_console_and_the_api_keep_their_own_errors(published: FlaskClient) -> None:
    assert "ไม่พบหน้าที่ต้องการ" not in published.get("/api/v1/nothing").get_data(as_text=True)
    assert published.get("/api/v1/nothing").status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" not in published.get("/staff/nothing").get_data(as_text=True)


def links(client: FlaskClient, query: str, language: str = "th") -> list[str]:
    page = client.get(f"/search?q={quote(query)}&lang={language}").get_data(as_text=True)
    results = page.split('<ul class="results">', 1)[1].split("</ul>", 1)[0] if '<ul class="results">' in page else ""
    return [html.unescape(part.split('"', 1)[0]) for part in results.split('<a href="')[1:]]


def test_the_search_finds_sectors_by_what_factories_make(published: FlaskClient) -> None:
    assert links(published, "โรงสีข้าว")[0] == "/sectors/10"
    assert links(published, "canned sardines", "en")[0] == "/sectors/10?lang=en"
    assert links(published, "ยานยนต์")[0] == "/sectors/29"
    # A short word finds the products it is a word of, not every longer word it is inside:
    # "ยา" (medicine) is not "ยาง" (rubber) nor "ยานยนต์" (cars).
    medicine = links(published, "ยา")
    assert "/sectors/21" in medicine
    assert "/sectors/22" not in medicine
    assert "/sectors/29" not in medicine


def test_the_search_finds_indicators_and_release_months(published: FlaskClient) -> None:
    assert links(published, "อัตราการใช้กำลังการผลิต")[0] == "/indicators/CAPU"
    assert links(published, "capacity utilization cars", "en")[0] == "/indicators/CAPU?sector=29&lang=en"
    assert links(published, "ก.ย. 2569") == ["/releases/2026-09"]
    assert links(published, "ม.ค. 2560") == []  # a month nothing is published for


def test_a_search_that_finds_nothing_says_so_and_offers_the_pages(published: FlaskClient) -> None:
    page = published.get("/search?q=" + quote("ราคาทองคำ")).get_data(as_text=True)
    assert "ไม่พบสิ่งที่ตรงกับคำค้นนี้" in page
    assert 'href="/indicators"' in page
    assert published.get("/search").status_code == 200
    long_query = published.get("/search?q=" + "ก" * 5000)
    assert long_query.status_code == 200
