"""Chart images at `/charts/<key>.png` and `/charts/<key>-preview.png`, the
URLs LINE image messages and announcements point at."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, send_file, url_for
from flask.typing import ResponseReturnValue

from bot.answers.charts import ChartCache, ThaiFontMissingError
from bot.answers.model import ChartSpec
from bot.web.bounds import bounded_int
from bot.web.services import services

blueprint = Blueprint("charts", __name__)
ONE_YEAR = 31_536_000  # a key names its data, so an image never changes


@blueprint.get("/charts/<name>.png")
def chart_png(name: str) -> ResponseReturnValue:
    preview = name.endswith("-preview")
    try:
        path = _cache().file(name.removesuffix("-preview"), preview=preview)
    except ThaiFontMissingError:
        abort(503)
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/png", max_age=ONE_YEAR)


@blueprint.get("/charts/latest/<indicator>/<sector>.png")
def latest_chart(indicator: str, sector: str) -> ResponseReturnValue:
    """A stable address for partners' pages: the chart of the last `months`
    months held (default 24), redirecting to the image of the current data."""
    spec = _latest_spec(indicator, sector)
    if spec is None:
        abort(404)
    try:
        key = _cache().draw(spec)
    except ThaiFontMissingError:
        abort(503)
    response = redirect(url_for("charts.chart_png", name=key))
    response.headers["Cache-Control"] = "public, max-age=300"  # a new release moves it
    return response


def already_drawn() -> bool:
    """Whether this request is answered from the chart cache. Only drawing
    costs (a tenth of a second of CPU), so only drawing counts against a
    client's CHART_RENDER_RATE_LIMIT; LINE fetching the images of an answer,
    drawn as the answer was made, never does."""
    arguments = request.view_args or {}
    if request.endpoint == "charts.chart_png":
        name = str(arguments.get("name", ""))
        return _cache().drawn(name.removesuffix("-preview"), preview=name.endswith("-preview"))
    if request.endpoint == "charts.latest_chart":
        spec = _latest_spec(str(arguments.get("indicator", "")), str(arguments.get("sector", "")))
        return spec is None or _cache().cached(spec)
    return False


def _latest_spec(indicator: str, sector: str) -> ChartSpec | None:
    store = services().store
    snapshot = store.snapshot()
    latest = snapshot.latest_by_indicator.get(indicator.upper())
    months = max(2, min(request.args.get("months", 24, type=bounded_int) or 24, 120))
    spec = ChartSpec.checked(indicator.upper(), sector.upper(), latest.shift(1 - months), latest) if latest else None
    return spec if spec is not None and spec.points(snapshot) else None


def _cache() -> ChartCache:
    cache = services().charts
    return cache
