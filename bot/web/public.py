"""The public site: the latest release at a glance, a page per release month,
per indicator and per sector (charts, tables, downloads of exactly what is
shown), the release calendar. Server-rendered, Thai by default and English
with `?lang=en` (the address alone decides, so every page is cacheable),
every figure with its source and the sample-data label where it applies.
The deprecated `/api/*` endpoints stay for the clients that use them."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import segno
from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot.answers.model import ChartSpec
from bot.answers.release_calendar import to_icalendar
from bot.data.models import utcnow
from bot.data.store import IndicatorStore, Point, Snapshot
from bot.staff.overview import indicator_tiles, sparkline
from bot.web.bounds import bounded_int
from bot.web.i18n import current_language
from bot.web.names import indicator_name, sector_name
from bot.web.page_charts import page_chart
from bot.web.public_figures import division_figures, key_figures, movers, release_record, series_rows
from bot.web.services import services
from bot.web.workbooks import series_workbook
from nlp.thaidate import YearMonth, read_month
from nlp.vocabulary import INDICATOR_CODES, INDICATOR_TERMS, SECTOR_CODES, TOTAL

blueprint = Blueprint("web", __name__)
PAGE_MAX_AGE = 300
DEFAULT_SPAN_MONTHS = 24


def _store() -> IndicatorStore:
    return services().store


def here(endpoint: str, **values: Any) -> str:
    """A link that keeps the page's language."""
    if current_language() == "en":
        values.setdefault("lang", "en")
    return url_for(endpoint, **values)


@blueprint.app_context_processor
def _public_helpers() -> dict[str, Any]:
    return {"here": here, "indicator_name": indicator_name, "sector_name": sector_name}


@blueprint.after_request
def _cacheable(response: Response) -> Response:
    if request.endpoint in PAGES and response.status_code == 200:
        response.headers.setdefault("Cache-Control", f"public, max-age={PAGE_MAX_AGE}")
    return response


@blueprint.get("/")
def index() -> ResponseReturnValue:
    snapshot = _store().snapshot()
    latest = snapshot.latest
    tiles = indicator_tiles(snapshot)
    settings = services().settings
    basic_id = settings.LINE_BASIC_ID.strip()
    return render_template(
        "public/home.html",
        latest=latest,
        tiles=tiles,
        sparklines={tile.code: sparkline(tile.trend) for tile in tiles},
        official=all(tile.official for tile in tiles),
        movers=movers(snapshot, latest) if latest else None,
        upcoming=_upcoming(1),
        line_url=f"https://line.me/R/ti/p/{basic_id.replace('@', '%40')}" if basic_id else None,
        basic_id=basic_id,
    )


@blueprint.get("/line-qr.svg")
def line_qr() -> ResponseReturnValue:
    """The add-friend QR code of the LINE account (LINE_BASIC_ID)."""
    basic_id = services().settings.LINE_BASIC_ID.strip()
    if not basic_id:
        abort(404)
    buffer = io.BytesIO()
    segno.make(f"https://line.me/R/ti/p/{basic_id.replace('@', '%40')}", error="m").save(
        buffer, kind="svg", scale=4, border=2, dark="#084e38", xmldecl=False
    )
    response = Response(buffer.getvalue(), content_type="image/svg+xml")
    response.headers["Cache-Control"] = f"public, max-age={PAGE_MAX_AGE}"
    return response


def _upcoming(months: int) -> list[Any]:
    """The expected releases of the next `months` months, soonest first."""
    return sorted(services().calendar.upcoming(months=months), key=lambda release: (release.date, release.indicator))


@blueprint.get("/releases/<period>")
def release(period: str) -> ResponseReturnValue:
    # Thai readers type Buddhist-era years and month names ("2569-10", "ต.ค. 2569"):
    # any way of writing the month leads to its one address.
    month = read_month(period)
    if month is None:
        abort(404)
    if period != month.iso():
        return redirect(here("web.release", period=month.iso()), 301)
    snapshot = _store().snapshot()
    figures = key_figures(snapshot, month)
    if not figures:
        abort(404)
    earlier, later = month.shift(-1), month.shift(1)
    return render_template(
        "public/release.html",
        month=month,
        figures=figures,
        divisions=division_figures(snapshot, month),
        record=release_record(_store().database, month),
        official=all(item.official for item in figures),
        chart=page_chart(snapshot, ChartSpec.checked("MPI", TOTAL, month.shift(1 - DEFAULT_SPAN_MONTHS), month)),
        earlier=earlier if key_figures(snapshot, earlier) else None,
        later=later if key_figures(snapshot, later) else None,
    )


def _span(snapshot: Snapshot, indicator: str) -> tuple[YearMonth, YearMonth]:
    """The months asked for (?from=&to=, YYYY-MM), within what is held."""
    last_held = snapshot.latest_by_indicator.get(indicator) or snapshot.latest
    if last_held is None:
        abort(404)
    first_held = snapshot.first_month or last_held
    asked_end, asked_start = (read_month(request.args.get(name) or "") for name in ("to", "from"))
    if (asked_end is None and request.args.get("to")) or (asked_start is None and request.args.get("from")):
        abort(400, description="from and to are months as YYYY-MM")
    end = asked_end or last_held
    start = asked_start or end.shift(1 - DEFAULT_SPAN_MONTHS)
    start, end = max(start, first_held), min(end, last_held)
    if start > end:
        start, end = end, start
    return start, end


def _series_request(code: str) -> tuple[str, str, YearMonth, YearMonth]:
    indicator = code.upper()
    sector = request.args.get("sector", TOTAL).upper()
    if indicator not in INDICATOR_CODES or sector not in (TOTAL, *SECTOR_CODES):
        abort(404)
    start, end = _span(_store().snapshot(), indicator)
    return indicator, sector, start, end


@blueprint.get("/indicators")
def indicators() -> ResponseReturnValue:
    snapshot = _store().snapshot()
    return render_template("public/indicators.html", rows=list(snapshot.indicators.values()), latest=snapshot.latest)


@blueprint.get("/indicators/<code>")
def indicator(code: str) -> ResponseReturnValue:
    indicator, sector, start, end = _series_request(code)
    snapshot = _store().snapshot()
    rows = series_rows(snapshot, indicator, sector, start, end)
    return render_template(
        "public/indicator.html",
        indicator=indicator,
        row=snapshot.indicators.get(indicator),
        sector=sector,
        start=start,
        end=end,
        rows=rows,
        official=all(item.official for item in rows),
        chart=page_chart(snapshot, ChartSpec.checked(indicator, sector, start, end)),
        sectors=[TOTAL, *snapshot.division_codes],
        months=_held_months(snapshot),
        downloads=_downloads(indicator, sector, start, end),
        embed=_embed_code(indicator, sector),
    )


def _downloads(indicator: str, sector: str, start: YearMonth, end: YearMonth) -> list[tuple[str, str]]:
    """Exactly the months the page shows, in each format (the API's and a workbook)."""
    span: dict[str, Any] = {"indicator": indicator, "sector": sector, "from": start.iso(), "to": end.iso()}
    return [
        ("CSV", url_for("api_v1.series", **span, format="csv")),
        (
            "Excel (XLSX)",
            here("web.indicator_workbook", code=indicator, sector=sector, **{"from": span["from"], "to": span["to"]}),
        ),
        ("SDMX-CSV", url_for("api_v1.series", **span, format="sdmx-csv")),
        ("JSON", url_for("api_v1.series", **span)),
    ]


def _embed_code(indicator: str, sector: str) -> str:
    """An image partners can put on their pages, linked back here, with its source."""
    base = services().settings.public_base_url
    image = base + url_for("charts.latest_chart", indicator=indicator, sector=sector)
    page = base + url_for("web.indicator", code=indicator, sector=sector)
    name = f"{INDICATOR_TERMS[indicator].display_th} ({sector})"
    return (
        f'<a href="{page}"><img src="{image}" alt="กราฟ{name}" width="800" style="max-width:100%;height:auto"></a>\n'
        f'<small>ที่มา: สำนักงานเศรษฐกิจอุตสาหกรรม (สศอ.) <a href="{page}">{page}</a></small>'
    )


def _held_months(snapshot: Snapshot) -> list[YearMonth]:
    """Every month the store holds, newest first, for the period selector."""
    if snapshot.latest is None:
        return []
    first = snapshot.first_month or snapshot.latest
    return [YearMonth.from_index(index) for index in range(snapshot.latest.index(), first.index() - 1, -1)]


@blueprint.get("/indicators/<code>.xlsx")
def indicator_workbook(code: str) -> ResponseReturnValue:
    """Exactly the months the page shows, as a workbook."""
    indicator, sector, start, end = _series_request(code)
    points = _store().series(indicator, sector, start, end)
    span = {"from": start.iso(), "to": end.iso()}
    page = services().settings.public_base_url + here("web.indicator", code=indicator, sector=sector, **span)
    row = _store().snapshot().indicators.get(indicator)
    response = Response(
        series_workbook(indicator, sector, points, row, page),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{indicator}-{sector}-{start}-{end}.xlsx"'
    return response


@blueprint.get("/sectors")
def sectors() -> ResponseReturnValue:
    snapshot = _store().snapshot()
    latest = snapshot.latest
    return render_template(
        "public/sectors.html",
        latest=latest,
        rows=division_figures(snapshot, latest) if latest else [],
        weights={code: row.weight for code, row in snapshot.sectors.items()},
    )


@blueprint.get("/sectors/<code>")
def sector(code: str) -> ResponseReturnValue:
    code = code.upper()
    snapshot = _store().snapshot()
    if code not in SECTOR_CODES or snapshot.latest is None:
        abort(404)
    asked = read_month(request.args.get("month") or "")
    if asked is not None and asked.iso() != request.args["month"]:
        return redirect(here("web.sector", code=code, month=asked.iso()), 301)
    # Unasked, the sector's own latest month: a release may not have reached every sector yet.
    held = [asked] if asked else _held_months(snapshot)
    month, figures = next(((item, found) for item in held if (found := key_figures(snapshot, item, code))), (None, []))
    if month is None:
        abort(404)
    start = max(month.shift(1 - DEFAULT_SPAN_MONTHS), snapshot.first_month or month)
    return render_template(
        "public/sector.html",
        code=code,
        row=snapshot.sectors.get(code),
        month=month,
        months=_held_months(snapshot),
        figures=figures,
        official=all(item.official for item in figures),
        chart=page_chart(snapshot, ChartSpec.checked("MPI", code, month.shift(1 - DEFAULT_SPAN_MONTHS), month)),
        downloads={item.indicator: _downloads(item.indicator, code, start, month) for item in figures},
        start=start,
    )


@blueprint.get("/calendar")
def calendar_page() -> ResponseReturnValue:
    return render_template("public/calendar.html", releases=_upcoming(6))


@blueprint.get("/privacy")
def privacy() -> ResponseReturnValue:
    return render_template("public/privacy.html", retention_days=services().settings.CONVERSATION_RETENTION_DAYS)


PAGES: dict[str, Callable[..., ResponseReturnValue]] = {
    "web.index": index,
    "web.release": release,
    "web.indicators": indicators,
    "web.indicator": indicator,
    "web.sectors": sectors,
    "web.sector": sector,
    "web.calendar_page": calendar_page,
    "web.privacy": privacy,
}


# --- service endpoints, the calendar feed and the deprecated API ---


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    store = _store()
    latest = store.latest_month()
    return jsonify(status="ok", latest_month=latest.iso() if latest else None, observations=store.observation_count())


def _point_json(point: Point) -> dict[str, Any]:
    return {
        "period": point.period.iso(),
        "value": str(point.value),
        "preliminary": point.preliminary,
        "dataset": str(point.dataset),
    }


def _deprecated(response: Response) -> Response:
    response.headers["Deprecation"] = "true"
    response.headers["Link"] = '</api/v1/openapi.json>; rel="successor-version"'
    return response


@blueprint.get("/api/series/<indicator>")
def series(indicator: str) -> ResponseReturnValue:
    """Deprecated: /api/v1/series. Recent months of one indicator: ?sector=29&months=24."""
    indicator = indicator.upper()
    sector = request.args.get("sector", TOTAL).upper()
    if indicator not in INDICATOR_CODES:
        abort(404, description=f"unknown indicator {indicator}")
    if sector not in (TOTAL, *SECTOR_CODES):
        abort(404, description=f"unknown sector {sector}")
    months = max(1, min(request.args.get("months", 24, type=bounded_int) or 24, 240))
    store = _store()
    latest = store.latest_month(indicator)
    if latest is None:
        return _deprecated(jsonify(indicator=indicator, sector=sector, points=[]))
    points = store.series(indicator, sector, latest.shift(-(months - 1)), latest)
    return _deprecated(jsonify(indicator=indicator, sector=sector, points=[_point_json(point) for point in points]))


@blueprint.get("/api/latest")
def latest() -> ResponseReturnValue:
    """Deprecated: /api/v1/latest."""
    store = _store()
    month = store.latest_month()
    if month is None:
        return _deprecated(jsonify(period=None, values={}))
    values = {code: store.point(code, TOTAL, month) for code in INDICATOR_CODES}
    return _deprecated(
        jsonify(
            period=month.iso(),
            values={code: _point_json(point) for code, point in values.items() if point is not None},
        )
    )


@blueprint.get("/calendar.ics")
def calendar_feed() -> ResponseReturnValue:
    """Expected release dates as an iCalendar feed for calendar apps."""
    releases = services().calendar.upcoming(months=6)
    names = {row.code: row.name_th for row in _store().indicators()}
    body = to_icalendar(releases, utcnow(), names)
    response = current_app.response_class(body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'inline; filename="oie-releases.ics"'
    return response
