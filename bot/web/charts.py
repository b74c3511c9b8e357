"""Chart images at `/charts/<key>.png` and `/charts/<key>-preview.png`, the
URLs LINE image messages and announcements point at."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, send_file
from flask.typing import ResponseReturnValue

from bot.answers.charts import ChartCache

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
