"""The open data API, `/api/v1`: read-only, no login. Indicators, sectors,
series (JSON, CSV or SDMX-CSV, with revision history on request), the latest
values and the releases, each answer with `ETag`/`Last-Modified` (a
conditional GET gets 304), `Cache-Control`, CORS for GET, and RFC 9457
problem details for bad requests. Described by the OpenAPI 3.1 document at
`/api/v1/openapi.json` (`bot.web.api_spec`), which the tests hold it to."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from bot.data.db import as_utc
from bot.data.models import ImportRecord
from bot.data.store import IndicatorStore, Point, Revision
from bot.web.api_http import conditional
from bot.web.api_spec import API_VERSION, openapi_document
from bot.web.public_figures import figure
from bot.web.services import services
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_CODES, SECTOR_CODES, TOTAL

blueprint = Blueprint("api_v1", __name__, url_prefix="/api/v1")
MAX_AGE_SECONDS = 300
SDMX_DATAFLOW = f"OIE:MANUFACTURING_INDICATORS({API_VERSION})"
FORMATS = ("json", "csv", "sdmx-csv")


class ProblemError(Exception):
    """A request the API refuses, answered as RFC 9457 problem details."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail


def problem(status: int, title: str, detail: str) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": request.path}
    response = jsonify(body)
    response.status_code = status
    response.content_type = "application/problem+json"
    return response


@blueprint.errorhandler(ProblemError)
def _refused(error: ProblemError) -> ResponseReturnValue:
    return problem(error.status, error.title, error.detail)


@blueprint.errorhandler(429)
def _too_many(error: Exception) -> ResponseReturnValue:
    detail = f"this client's limit is {getattr(error, 'description', '') or 'reached'}; retry after Retry-After seconds"
    return problem(429, "Too many requests", detail)


@blueprint.after_request
def _shared_headers(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, RateLimit-Limit, RateLimit-Remaining"
    if response.status_code in (200, 304):
        response.headers.setdefault("Cache-Control", f"public, max-age={MAX_AGE_SECONDS}")
    return response


def _store() -> IndicatorStore:
    store = services().store
    return store


# --- parameters ---


def _month(name: str) -> YearMonth | None:
    text = request.args.get(name)
    if text is None:
        return None
    try:
        if len(text) != 7 or text[4] != "-":
            raise ValueError(text)
        return YearMonth.parse(text)
    except ValueError:
        raise ProblemError(400, "Bad parameter", f"{name} must be a month as YYYY-MM, got {text!r}") from None


def _choice(name: str, allowed: Iterable[str], default: str | None = None) -> str:
    value = request.args.get(name, default)
    allowed = tuple(allowed)
    if value is None:
        raise ProblemError(400, "Missing parameter", f"{name} is required: one of {', '.join(allowed)}")
    if value not in allowed:
        raise ProblemError(400, "Bad parameter", f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _flag(name: str) -> bool:
    value = request.args.get(name, "false")
    if value not in ("true", "false"):
        raise ProblemError(400, "Bad parameter", f"{name} must be true or false, got {value!r}")
    return value == "true"


def _number(value: Decimal) -> float | int:
    """A JSON number that prints as the stored decimal (100.62, not 100.6199…)."""
    return int(value) if value == value.to_integral_value() else float(value)


# --- reference data ---


@blueprint.get("/indicators")
def indicators() -> ResponseReturnValue:
    def build() -> Response:
        rows = [
            {
                "code": row.code,
                "name_th": row.name_th,
                "name_en": row.name_en,
                "unit_th": row.unit_th,
                "unit_en": row.unit_en,
                "change": "percentage points" if row.change_kind == "points" else "percent",
                "definition_th": row.definition_th,
                "definition_en": row.definition_en,
            }
            for row in _store().indicators()
        ]
        return jsonify(indicators=rows)

    return conditional(build)


@blueprint.get("/sectors")
def sectors() -> ResponseReturnValue:
    def build() -> Response:
        rows = [
            {
                "code": row.code,
                "name_th": row.name_th,
                "name_en": row.name_en,
                "weight": _number(row.weight),
                "total": row.is_total,
            }
            for row in _store().sectors()
        ]
        return jsonify(sectors=rows)

    return conditional(build)


# --- series ---


def _observation(point: Point, revisions: list[Revision] | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "period": point.period.iso(),
        "value": _number(point.value),
        "preliminary": point.preliminary,
        "dataset": str(point.dataset),
    }
    if revisions is not None:
        item["revisions"] = [
            {
                "old_value": _number(revision.old_value),
                "new_value": _number(revision.new_value),
                "old_preliminary": revision.old_preliminary,
                "new_preliminary": revision.new_preliminary,
                "import_id": revision.import_id,
            }
            for revision in revisions
        ]
    return item


@blueprint.get("/series")
def series() -> ResponseReturnValue:
    indicator = _choice("indicator", INDICATOR_CODES)
    sector = _choice("sector", (TOTAL, *SECTOR_CODES), TOTAL)
    output = _choice("format", FORMATS, "json")
    with_revisions = _flag("revisions")
    start, end = _month("from"), _month("to")
    if start is not None and end is not None and start > end:
        raise ProblemError(400, "Bad parameter", f"from ({start.iso()}) is after to ({end.iso()})")

    def build() -> Response:
        store = _store()
        snapshot = store.snapshot()
        first = start or snapshot.first_month or YearMonth(1990, 1)
        last = end or snapshot.latest_by_indicator.get(indicator) or first
        points = store.series(indicator, sector, first, last) if first <= last else []
        if output == "csv":
            return _csv_response(_plain_rows(points, indicator, sector), f"{indicator}-{sector}.csv")
        if output == "sdmx-csv":
            unit = snapshot.indicators[indicator].unit_en if indicator in snapshot.indicators else ""
            return _csv_response(_sdmx_rows(points, indicator, sector, unit), f"{indicator}-{sector}-sdmx.csv")
        row = snapshot.indicators.get(indicator)
        histories = store.revisions_between(indicator, sector, first, last) if with_revisions and points else None
        return jsonify(
            indicator=indicator,
            sector=sector,
            unit_en=row.unit_en if row else "",
            unit_th=row.unit_th if row else "",
            observations=[
                _observation(point, histories.get(point.period, []) if histories is not None else None)
                for point in points
            ],
        )

    return conditional(build)


def _plain_rows(points: list[Point], indicator: str, sector: str) -> list[list[str]]:
    rows = [["indicator", "sector", "period", "value", "preliminary", "dataset"]]
    rows += [
        [
            indicator,
            sector,
            point.period.iso(),
            str(point.value),
            "true" if point.preliminary else "false",
            str(point.dataset),
        ]
        for point in points
    ]
    return rows


def _sdmx_rows(points: list[Point], indicator: str, sector: str, unit: str) -> list[list[str]]:
    """SDMX-CSV (version 1): the dataflow, the series' dimensions, the time
    period and value, and the observation's status (P provisional, A normal)."""
    rows = [["DATAFLOW", "INDICATOR", "SECTOR", "FREQ", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "UNIT_MEASURE"]]
    rows += [
        [
            SDMX_DATAFLOW,
            indicator,
            sector,
            "M",
            point.period.iso(),
            str(point.value),
            "P" if point.preliminary else "A",
            unit,
        ]
        for point in points
    ]
    return rows


def _csv_response(rows: list[list[str]], file_name: str) -> Response:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    response = Response(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


# --- latest values and releases ---


@blueprint.get("/latest")
def latest() -> ResponseReturnValue:
    def build() -> Response:
        snapshot = _store().snapshot()
        latest = [
            found
            for code in INDICATOR_CODES
            if (month := snapshot.latest_by_indicator.get(code)) is not None
            and (found := figure(snapshot, code, TOTAL, month)) is not None
        ]
        values = [
            {
                "indicator": item.indicator,
                "sector": item.sector,
                "period": item.period.iso(),
                "value": _number(item.value),
                "preliminary": item.preliminary,
                "dataset": str(item.dataset),
                "change_yoy": _number(item.yoy.quantize(Decimal("0.01"))) if item.yoy is not None else None,
                "change_unit": "percentage points" if item.in_points else "percent",
            }
            for item in latest
        ]
        return jsonify(values=values)

    return conditional(build)


@blueprint.get("/releases")
def releases() -> ResponseReturnValue:
    """Imports that brought new months (the first backfill is history, not a release)."""

    def build() -> Response:
        with _store().database.session() as session:
            records = session.scalars(
                select(ImportRecord).where(ImportRecord.backfill.is_(False)).order_by(ImportRecord.id.desc())
            ).all()
        items = []
        for record in records:
            new_months = record.new_months
            if not new_months and not record.revised_count:
                continue
            items.append(
                {
                    "id": record.id,
                    "published_at": as_utc(record.imported_at).isoformat(),
                    "file_name": record.file_name,
                    "dataset": record.dataset,
                    "new_months": new_months,
                    "new": record.new_count,
                    "revised": record.revised_count,
                    "finalized": record.finalized_count,
                }
            )
        return jsonify(releases=items)

    return conditional(build)


# --- the description ---


@blueprint.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    response = jsonify(openapi_document(request.host_url.rstrip("/")))
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response


@blueprint.get("/")
def documentation() -> ResponseReturnValue:
    """The API described for people, from the same document."""
    example = {"indicator": "MPI", "sector": TOTAL, "from": "2025-01", "format": "json"}
    return render_template(
        "api.html",
        spec=openapi_document(request.host_url.rstrip("/")),
        example=example,
        example_query="indicator=MPI&sector=TOTAL&from=2025-01",
    )
