"""The OpenAPI 3.1 document of the open data API (`/api/v1/openapi.json`).
Written here beside the code it describes; schemathesis holds every
response of `bot.web.api` to it."""

from __future__ import annotations

from typing import Any

from bot.catalog import N_
from nlp.vocabulary import INDICATOR_CODES, SECTOR_CODES, TOTAL

API_VERSION = "1.0"
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {name: {"$ref": f"#/components/headers/{name}"} for name in ("ETag", "Last-Modified")},
        "content": {"application/json": {"schema": schema}},
    }


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


STRING = {"type": "string"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
MONTH = {"type": "string", "pattern": MONTH_PATTERN, "examples": ["2026-09"]}
COMMON_RESPONSES = {
    "304": {
        "description": "Not modified: the copy the client holds (by If-None-Match or If-Modified-Since) is current"
    },
    "429": {"$ref": "#/components/responses/TooManyRequests"},
}

SCHEMAS: dict[str, Any] = {
    "Problem": _object(
        {"type": STRING, "title": STRING, "status": {"type": "integer"}, "detail": STRING, "instance": STRING},
        ["title", "status", "detail"],
    ),
    "Indicator": _object(
        {
            "code": {"type": "string", "enum": list(INDICATOR_CODES)},
            "name_th": STRING,
            "name_en": STRING,
            "unit_th": STRING,
            "unit_en": STRING,
            "change": {"type": "string", "enum": ["percent", "percentage points"]},
            "definition_th": STRING,
            "definition_en": STRING,
        }
    ),
    "Sector": _object(
        {
            "code": {"type": "string", "enum": [TOTAL, *SECTOR_CODES]},
            "name_th": STRING,
            "name_en": STRING,
            "weight": {"type": "number", "description": "share of the MPI, percent"},
            "total": BOOLEAN,
        }
    ),
    "Revision": _object(
        {
            "old_value": NUMBER,
            "new_value": NUMBER,
            "old_preliminary": BOOLEAN,
            "new_preliminary": BOOLEAN,
            "import_id": {"type": "integer"},
        }
    ),
    "Observation": _object(
        {
            "period": MONTH,
            "value": NUMBER,
            "preliminary": {"type": "boolean", "description": "the newest months are preliminary and may be revised"},
            "dataset": {"type": "string", "description": "OIE for official figures; anything else is not official"},
            "revisions": {"type": "array", "items": _ref("Revision"), "description": "with revisions=true"},
        },
        ["period", "value", "preliminary", "dataset"],
    ),
    "Series": _object(
        {
            "indicator": STRING,
            "sector": STRING,
            "unit_en": STRING,
            "unit_th": STRING,
            "observations": {"type": "array", "items": _ref("Observation")},
        }
    ),
    "LatestValue": _object(
        {
            "indicator": STRING,
            "sector": STRING,
            "period": MONTH,
            "value": NUMBER,
            "preliminary": BOOLEAN,
            "dataset": STRING,
            "change_yoy": {"type": ["number", "null"], "description": "against the same month a year earlier"},
            "change_unit": {"type": "string", "enum": ["percent", "percentage points"]},
        }
    ),
    "Release": _object(
        {
            "id": {"type": "integer"},
            "published_at": {"type": "string", "format": "date-time"},
            "file_name": STRING,
            "dataset": STRING,
            "new_months": {"type": "array", "items": MONTH},
            "new": {"type": "integer"},
            "revised": {"type": "integer"},
            "finalized": {"type": "integer"},
        }
    ),
}


def _series_operation() -> dict[str, Any]:
    def query(name: str, schema: dict[str, Any], description: str, required: bool = False) -> dict[str, Any]:
        return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}

    csv = {"schema": {"type": "string"}}
    return {
        "operationId": "getSeries",
        "summary": N_("One indicator of one sector, month by month"),
        "parameters": [
            query("indicator", {"type": "string", "enum": list(INDICATOR_CODES)}, N_("indicator code"), required=True),
            query(
                "sector",
                {"type": "string", "enum": [TOTAL, *SECTOR_CODES], "default": TOTAL},
                N_("TSIC division, or TOTAL for all manufacturing"),
            ),
            query("from", MONTH, N_("first month, YYYY-MM in the Common Era (default: the first held)")),
            query("to", MONTH, N_("last month, YYYY-MM in the Common Era (default: the latest held)")),
            query(
                "format",
                {"type": "string", "enum": ["json", "csv", "sdmx-csv"], "default": "json"},
                N_("what the answer is written in"),
            ),
            query(
                "revisions",
                {"type": "string", "enum": ["true", "false"], "default": "false"},
                N_("true adds each value's earlier versions"),
            ),
        ],
        "responses": {
            "200": {
                **_json(_ref("Series"), "The observations, oldest first"),
                "content": {"application/json": {"schema": _ref("Series")}, "text/csv": csv},
            },
            "400": {"$ref": "#/components/responses/BadRequest"},
            **COMMON_RESPONSES,
        },
    }


def _listing(operation_id: str, summary: str, key: str, item: str) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "responses": {
                "200": _json(_object({key: {"type": "array", "items": _ref(item)}}), summary),
                **COMMON_RESPONSES,
            },
        }
    }


def openapi_document(server: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "OIE industrial indicators open data API",
            "version": API_VERSION,
            "description": (
                "Thailand's Office of Industrial Economics' monthly indicators of manufacturing: the "
                "Manufacturing Production Index (MPI), shipments, inventories and capacity utilization, in "
                "total and for the manufacturing divisions. Read-only, no key. Answers carry ETag and "
                "Last-Modified (send If-None-Match for a 304), are cacheable for five minutes, and are "
                "rate limited per client (RateLimit-* headers; 429 with Retry-After). Errors are RFC 9457 "
                "problem details."
            ),
            "license": {"name": "Open data", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": f"{server}/api/v1"}],
        "paths": {
            "/indicators": _listing("listIndicators", N_("Indicators: codes, names, units"), "indicators", "Indicator"),
            "/sectors": _listing(
                "listSectors", N_("Sectors: total manufacturing and the divisions"), "sectors", "Sector"
            ),
            "/series": {"get": _series_operation()},
            "/latest": _listing("getLatest", N_("Each indicator's latest total value"), "values", "LatestValue"),
            "/releases": _listing(
                "listReleases", N_("Releases: imports that brought new months"), "releases", "Release"
            ),
        },
        "components": {
            "schemas": SCHEMAS,
            "headers": {
                "ETag": {"schema": {"type": "string"}, "description": "version of this answer"},
                "Last-Modified": {"schema": {"type": "string"}, "description": "when the data last changed"},
            },
            "responses": {
                "BadRequest": {
                    "description": "A parameter is missing or wrong",
                    "content": {"application/problem+json": {"schema": _ref("Problem")}},
                },
                "TooManyRequests": {
                    "description": "Over the rate limit; retry after Retry-After seconds",
                    "content": {"application/problem+json": {"schema": _ref("Problem")}},
                },
            },
        },
    }
