"""Public read-only pages and JSON endpoints of the web app."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from bot.answers.release_calendar import to_icalendar
from bot.data.datasets import all_official
from bot.data.models import utcnow
from bot.data.store import IndicatorStore, Point
from nlp.vocabulary import INDICATOR_CODES, SECTOR_CODES, TOTAL

blueprint = Blueprint("web", __name__)


def _store() -> IndicatorStore:
    store: IndicatorStore = current_app.extensions["store"]
    return store


def _point_json(point: Point) -> dict[str, Any]:
    return {
        "period": point.period.iso(),
        "value": str(point.value),
        "preliminary": point.preliminary,
        "dataset": str(point.dataset),
    }


@blueprint.get("/")
def index() -> ResponseReturnValue:
    store = _store()
    latest = store.latest_month()
    rows, points = [], []
    if latest is not None:
        names = {row.code: row.name_th for row in store.indicators()}
        for code in INDICATOR_CODES:
            point = store.point(code, TOTAL, latest)
            if point is not None:
                points.append(point)
                rows.append({"name": names.get(code, code), "value": point.value, "preliminary": point.preliminary})
    official = all_official(point.dataset for point in points)
    return render_template("index.html", latest=latest, rows=rows, official=official)


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    store = _store()
    latest = store.latest_month()
    return jsonify(status="ok", latest_month=latest.iso() if latest else None, observations=store.observation_count())


@blueprint.get("/api/series/<indicator>")
def series(indicator: str) -> ResponseReturnValue:
    """Recent months of one indicator: ?sector=29&months=24."""
    indicator = indicator.upper()
    sector = request.args.get("sector", TOTAL).upper()
    if indicator not in INDICATOR_CODES:
        abort(404, description=f"unknown indicator {indicator}")
    if sector not in (TOTAL, *SECTOR_CODES):
        abort(404, description=f"unknown sector {sector}")
    months = max(1, min(request.args.get("months", 24, type=int) or 24, 240))
    store = _store()
    latest = store.latest_month(indicator)
    if latest is None:
        return jsonify(indicator=indicator, sector=sector, points=[])
    points = store.series(indicator, sector, latest.shift(-(months - 1)), latest)
    return jsonify(indicator=indicator, sector=sector, points=[_point_json(point) for point in points])


@blueprint.get("/api/latest")
def latest() -> ResponseReturnValue:
    store = _store()
    month = store.latest_month()
    if month is None:
        return jsonify(period=None, values={})
    values = {code: store.point(code, TOTAL, month) for code in INDICATOR_CODES}
    return jsonify(
        period=month.iso(),
        values={code: _point_json(point) for code, point in values.items() if point is not None},
    )


@blueprint.get("/calendar.ics")
def calendar_feed() -> ResponseReturnValue:
    """Expected release dates as an iCalendar feed for calendar apps."""
    releases = current_app.extensions["services"].calendar.upcoming(months=6)
    names = {row.code: row.name_th for row in _store().indicators()}
    body = to_icalendar(releases, utcnow(), names)
    response = current_app.response_class(body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'inline; filename="oie-releases.ics"'
    return response
