"""The open data API against the store's own figures: series as JSON, CSV
and SDMX-CSV, revision history, conditional GET, problem details, CORS."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from bot.app import services_of
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files
from nlp.thaidate import YearMonth
from tests.helpers import SAMPLE_DIR

SEPTEMBER, OCTOBER = YearMonth(2026, 9), YearMonth(2026, 10)


def store_of(app: Flask) -> IndicatorStore:
    store: IndicatorStore = services_of(app).store
    return store


def test_series_json_is_the_stores_figures(api_app: Flask, api: FlaskClient) -> None:
    response = api.get("/api/v1/series?indicator=CAPU&sector=29&from=2025-01&to=2025-12")
    assert response.status_code == 200
    body = response.get_json()
    expected = store_of(api_app).series("CAPU", "29", YearMonth(2025, 1), YearMonth(2025, 12))
    assert [(item["period"], Decimal(str(item["value"])), item["preliminary"]) for item in body["observations"]] == [
        (point.period.iso(), point.value, point.preliminary) for point in expected
    ]
    assert len(body["observations"]) == 12
    assert body["unit_en"]
    assert all(item["dataset"] == "sample" for item in body["observations"])  # never passed off as official


def test_series_defaults_to_everything_held_up_to_the_latest(api: FlaskClient) -> None:
    observations = api.get("/api/v1/series?indicator=MPI").get_json()["observations"]
    assert observations[0]["period"] == "2021-01"
    assert observations[-1]["period"] == OCTOBER.iso()  # the later release's new month


def test_csv_and_sdmx_csv_hold_the_same_values(api_app: Flask, api: FlaskClient) -> None:
    query = "/api/v1/series?indicator=MPI&sector=10&from=2026-01&to=2026-09"
    expected = store_of(api_app).series("MPI", "10", YearMonth(2026, 1), SEPTEMBER)
    plain = api.get(f"{query}&format=csv")
    assert plain.content_type == "text/csv; charset=utf-8"
    assert "attachment" in plain.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(plain.get_data(as_text=True))))
    assert [(row["period"], Decimal(row["value"]), row["preliminary"]) for row in rows] == [
        (point.period.iso(), point.value, "true" if point.preliminary else "false") for point in expected
    ]
    sdmx = list(csv.DictReader(io.StringIO(api.get(f"{query}&format=sdmx-csv").get_data(as_text=True))))
    assert [(row["TIME_PERIOD"], Decimal(row["OBS_VALUE"]), row["OBS_STATUS"]) for row in sdmx] == [
        (point.period.iso(), point.value, "P" if point.preliminary else "A") for point in expected
    ]
    assert {row["DATAFLOW"] for row in sdmx} == {"OIE:MANUFACTURING_INDICATORS(1.0)"}
    assert {(row["INDICATOR"], row["SECTOR"], row["FREQ"]) for row in sdmx} == {("MPI", "10", "M")}


def test_revisions_show_the_old_and_new_value(api: FlaskClient) -> None:
    body = api.get("/api/v1/series?indicator=MPI&from=2026-09&to=2026-09&revisions=true").get_json()
    (september,) = body["observations"]
    assert september["value"] == 101.0
    (revision,) = september["revisions"]
    assert revision["old_value"] == 100.62
    assert revision["new_value"] == 101.0


def test_a_year_of_revisions_takes_one_query_not_one_per_month(api_app: Flask, api: FlaskClient) -> None:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    engine = services_of(api_app).database.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        body = api.get("/api/v1/series?indicator=MPI&from=2025-10&to=2026-10&revisions=true").get_json()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    months = {item["period"]: item["revisions"] for item in body["observations"]}
    assert len(months) == 13
    assert [revision["new_value"] for revision in months["2026-09"]] == [101.0]
    assert months["2026-08"] == []
    assert months["2026-10"] == []  # new in that import, not revised
    assert sum("observation_revisions" in statement for statement in statements) == 1


def test_conditional_get_answers_304_until_the_data_changes(api_app: Flask, api: FlaskClient) -> None:
    first = api.get("/api/v1/series?indicator=MPI")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = api.get("/api/v1/series?indicator=MPI", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert api.get("/api/v1/series?indicator=MPI", headers={"If-Modified-Since": modified}).status_code == 304
    # Another query is another answer.
    assert api.get("/api/v1/series?indicator=CAPU", headers={"If-None-Match": etag}).status_code == 200
    import_files(services_of(api_app).database, [SAMPLE_DIR / "oie-style.xlsx"])
    store_of(api_app).refresh()
    changed = api.get("/api/v1/series?indicator=MPI", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_bad_parameters_get_problem_details(api: FlaskClient) -> None:
    for query, words in [
        ("", "indicator is required"),
        ("?indicator=GDP", "indicator must be one of"),
        ("?indicator=MPI&sector=99", "sector must be one of"),
        ("?indicator=MPI&from=2026-13", "from must be a month"),
        ("?indicator=MPI&from=2026-09&to=2026-01", "is after"),
        ("?indicator=MPI&format=xml", "format must be one of"),
        ("?indicator=MPI&revisions=yes", "revisions must be true or false"),
    ]:
        response = api.get(f"/api/v1/series{query}")
        assert response.status_code == 400, query
        assert response.content_type == "application/problem+json"
        body = response.get_json()
        assert body["status"] == 400
        assert words in body["detail"], (query, body)


def test_cors_and_caching_headers(api: FlaskClient) -> None:
    response = api.get("/api/v1/indicators")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    codes = [row["code"] for row in response.get_json()["indicators"]]
    assert codes == ["MPI", "SHIPMENT", "INVENTORY", "CAPU"]


def test_latest_and_releases(api: FlaskClient) -> None:
    latest = {item["indicator"]: item for item in api.get("/api/v1/latest").get_json()["values"]}
    assert latest["MPI"]["period"] == OCTOBER.iso()
    assert latest["CAPU"]["period"] == SEPTEMBER.iso()
    assert latest["CAPU"]["change_unit"] == "percentage points"
    (release,) = api.get("/api/v1/releases").get_json()["releases"]  # the first backfill is not a release
    assert release["new_months"] == [OCTOBER.iso()]
    assert release["revised"] == 1


def test_sectors_weigh_the_divisions(api: FlaskClient) -> None:
    sectors = api.get("/api/v1/sectors").get_json()["sectors"]
    assert sectors[0]["total"] is True
    assert len([sector for sector in sectors if not sector["total"]]) == 22


def test_the_document_and_its_page(api: FlaskClient) -> None:
    document = api.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {"/indicators", "/sectors", "/series", "/latest", "/releases"}
    page = api.get("/api/v1/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "GET /series" in html
    assert 'href="/sectors"' in html  # the site's own layout and navigation
    # Every parameter is listed with its meaning in the reader's language, and can be tried from the page.
    for parameter in document["paths"]["/series"]["get"]["parameters"]:
        assert f"<code>{parameter['name']}</code>" in html
        assert f'name="{parameter["name"]}"' in html
    assert "รหัสหมวด TSIC หรือ TOTAL สำหรับภาพรวมอุตสาหกรรมการผลิต" in html
    assert 'action="http://localhost/api/v1/series"' in html
    english = api.get("/api/v1/?lang=en").get_data(as_text=True)
    assert "TSIC division, or TOTAL for all manufacturing" in english
    assert '<html lang="en">' in english
