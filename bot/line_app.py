"""Wiring of the LINE bot: webhook blueprint, handler registry, event
dispatcher, LINE client and the chat service."""

from __future__ import annotations

import atexit
import logging
from pathlib import Path

from flask import Blueprint, Flask, Response
from linebot.v3 import WebhookParser

from bot.answers import Answerer
from bot.charts import ChartCache
from bot.chat import ChatService, EventLedgerStore, UserStore
from bot.config import Settings
from bot.db import Database
from bot.subscriptions import SubscriptionStore
from handlers.dispatcher import EventDispatcher
from handlers.events import default_registry
from handlers.webhook import create_webhook_blueprint
from publishers.line import LineClient

log = logging.getLogger(__name__)


def init_app(app: Flask, settings: Settings, database: Database, answerer: Answerer, charts: ChartCache) -> None:
    if not settings.LINE_CHANNEL_SECRET:
        # Local runs without LINE credentials: say so instead of accepting unsigned traffic.
        app.register_blueprint(_not_configured_blueprint())
        log.info("LINE is not configured (LINE_CHANNEL_SECRET unset): /callback answers 503")
        return
    client = LineClient(settings.LINE_CHANNEL_ACCESS_TOKEN, settings.LINE_API_BASE_URL)
    service = ChatService(
        answerer=answerer, users=UserStore(database), charts=charts, subscriptions=SubscriptionStore(database)
    )
    dispatcher = EventDispatcher(
        registry=default_registry(),
        services=service,
        messenger=client,
        ledger=EventLedgerStore(database),
        workers=settings.LINE_EVENT_WORKERS,
    )
    app.extensions["line_dispatcher"] = dispatcher
    app.extensions["line_client"] = client
    app.extensions["chat_service"] = service
    app.register_blueprint(create_webhook_blueprint(WebhookParser(settings.LINE_CHANNEL_SECRET), dispatcher))
    # Drain queued events when the process exits normally (gunicorn worker stop, Ctrl-C).
    atexit.register(dispatcher.shutdown, True)


def _not_configured_blueprint() -> Blueprint:
    blueprint = Blueprint("line_webhook", __name__)

    @blueprint.post("/callback")
    def callback() -> Response:
        return Response("LINE is not configured on this server", status=503, mimetype="text/plain")

    return blueprint


def charts_folder(settings: Settings) -> Path:
    return Path(settings.CHARTS_DIR)
