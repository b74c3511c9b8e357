"""OIE industrial-indicators service: LINE bot, release dissemination and the
staff web app. `create_app()` is the only place the pieces are wired together."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from bot.answers import Answerer
from bot.config import INSTANCE_DIR, Settings
from bot.db import Database
from bot.store import IndicatorStore
from nlp.parser import warm_up

__all__ = ["Settings", "create_app"]


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    """Build the web application. Without arguments, settings come from the
    environment (and `.env`); tests pass their own `Settings`."""
    settings = settings or Settings.from_env()
    if overrides:
        settings = settings.with_overrides(**overrides)
    settings.validate()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config["SETTINGS"] = settings
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Thai text stays readable in JSON

    database = Database(settings.DATABASE_URL, echo=settings.SQL_ECHO)
    store = IndicatorStore(database)
    app.extensions["database"] = database
    app.extensions["store"] = store
    app.extensions["answerer"] = Answerer(store)
    # Load the tokenizer dictionary now, not on the first user's message.
    warm_up()

    from bot import charts, line_app, web

    web.init_app(app)
    chart_cache = charts.init_app(app, store, line_app.charts_folder(settings), settings.public_base_url)
    line_app.init_app(app, settings, database, app.extensions["answerer"], chart_cache)
    return app
