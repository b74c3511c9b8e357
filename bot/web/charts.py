"""Chart images at `/charts/<key>.png` and `/charts/<key>-preview.png`, the
URLs LINE image messages and announcements point at."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request, send_file, url_for
from flask.typing import ResponseReturnValue

from bot.answers.charts import ChartCache, ThaiFontMissingError
from bot.answers.model import ChartSpec
from bot.data.store import IndicatorStore

blueprint = Blueprint("charts", __name__)
ONE_YEAR = 31_536_000  # a key names its data, so an image never changes


@blueprint.get("/charts/<name>.png")
def chart_png(name: str) -> ResponseReturnValue:
    cache: ChartCache = current_app.extensions["charts"]
    preview = name.endswith("-preview")
    path = cache.file(name.removesuffix("-preview"), preview=preview)
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/png", max_age=ONE_YEAR)


@blueprint.get("/charts/latest/<indicator>/<sector>.png")
def latest_chart(indicator: str, sector: str) -> ResponseReturnValue:
    """A stable address for partners' pages: the chart of the last `months`
    months held (default 24), redirecting to the image of the current data."""
    store: IndicatorStore = current_app.extensions["store"]
    latest = store.snapshot().latest_by_indicator.get(indicator.upper())
    months = max(2, min(request.args.get("months", 24, type=int) or 24, 120))
    spec = ChartSpec.checked(indicator.upper(), sector.upper(), latest.shift(1 - months), latest) if latest else None
    if spec is None or not spec.points(store.snapshot()):
        abort(404)
    cache: ChartCache = current_app.extensions["charts"]
    try:
        key = cache.draw(spec)
    except ThaiFontMissingError:
        abort(503)
    response = redirect(url_for("charts.chart_png", name=key))
    response.headers["Cache-Control"] = "public, max-age=300"  # a new release moves it
    return response
