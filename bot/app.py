"""The one place that builds the service and wires its packages together:
`create_app()` for the web process (gunicorn `bot:create_app()`), and
`Services` for the other processes (worker, scheduler, command line).

Only this module (and `bot.cli`, which starts processes) joins `bot` with
`handlers` (LINE in) and the concrete `publishers` (channels out); the rest of
`bot` knows the channels only through `publishers.base` and the registry."""

from __future__ import annotations

import atexit
import logging
import time
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, cast

from flask import Blueprint, Flask, Response
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from bot import web
from bot.announcements.alert_outbox import MANAGE_LINK, AlertMessage, AlertSender
from bot.announcements.alerts import AlertBook, alert_manage_tokens
from bot.announcements.images import ImageLoader
from bot.announcements.jobs import SchedulerJobs
from bot.announcements.outbox import Clock, Outbox, RetryPolicy
from bot.announcements.policy import AnnouncementPolicy
from bot.announcements.rate_limit import RateLimiter
from bot.announcements.subscriptions import SubscriberList
from bot.announcements.unsubscribe import UnsubscribeTokens
from bot.announcements.webhook_outbox import WebhookSender
from bot.announcements.webhooks import WebhookEndpoints
from bot.announcements.worker import Worker
from bot.announcements.workflow import AnnouncementService
from bot.answers import Answerer
from bot.answers.charts import ChartCache
from bot.answers.release_calendar import ReleaseCalendar
from bot.catalog import speaker
from bot.chat import commands as alert_commands
from bot.chat.context import ContextStore
from bot.chat.inbox import Inbox
from bot.chat.service import ChatService
from bot.chat.users import UserStore
from bot.config import INSTANCE_DIR, Settings
from bot.data.db import Database, is_postgresql
from bot.data.models import utcnow
from bot.data.store import IndicatorStore
from bot.ops import metrics
from bot.ops.crash import crash_point
from bot.ops.fetch import FetchPolicy
from bot.ops.logs import configure_logging, request_id
from bot.ops.sealed import SealedTokens
from bot.replies import Image, Reply, Suggestion
from bot.staff.uploads import PreviewCache
from bot.web.services import EXTENSION
from handlers.dispatcher import EventDispatcher
from handlers.events import default_registry
from handlers.rendering import to_line_messages
from handlers.simulation import Simulation
from handlers.webhook import Webhook
from nlp.entities import warm_up
from publishers.base import (
    ChannelContext,
    NoticeSender,
    PermanentFailure,
    Publisher,
    PublishError,
    ServerError,
    Usage,
)
from publishers.console import ConsolePublisher
from publishers.line_client import LineApiError, LineClient
from publishers.line_rich_menu import RichMenus
from publishers.registry import channel_classes

log = logging.getLogger(__name__)
USAGE_TTL_SECONDS = 300
WEBHOOK_PATH = "/callback"


class Services:
    """The service's parts for one process, built on first use from the settings."""

    def __init__(self, settings: Settings, database: Database | None = None, clock: Clock = utcnow) -> None:
        self.settings = settings
        self.database = database or Database(settings.DATABASE_URL, echo=settings.SQL_ECHO)
        self.clock = clock  # what "now" is to the outbox (tests move it)
        self._usage: dict[str, tuple[float, Usage | None]] = {}
        # The web process's pool answering LINE events, when it answers them itself.
        self.web_event_pool: EventDispatcher | None = None

    @cached_property
    def store(self) -> IndicatorStore:
        return IndicatorStore(self.database)

    @cached_property
    def import_previews(self) -> PreviewCache[Any]:
        return PreviewCache()

    @cached_property
    def calendar(self) -> ReleaseCalendar:
        return ReleaseCalendar(self.database, self.store, self.policy.working_days)

    @cached_property
    def answerer(self) -> Answerer:
        return Answerer(self.store, self.calendar, self.settings.public_base_url)

    @cached_property
    def charts(self) -> ChartCache:
        return ChartCache(self.store, Path(self.settings.CHARTS_DIR), self.settings.public_base_url)

    @cached_property
    def policy(self) -> AnnouncementPolicy:
        return AnnouncementPolicy.from_settings(self.settings)

    @cached_property
    def announcements(self) -> AnnouncementService:
        return AnnouncementService(self.database, self.policy)

    @cached_property
    def chat(self) -> ChatService:
        return ChatService(
            answerer=self.answerer,
            users=UserStore(self.database),
            charts=self.charts,
            subscriptions=SubscriberList.line(self.database),
            contexts=ContextStore(self.database, timedelta(minutes=self.settings.CONTEXT_IDLE_MINUTES)),
            alerts=self.alerts,
            account=self.rich_menus,
            retention_days=self.settings.CONVERSATION_RETENTION_DAYS,
            privacy_url=f"{self.settings.public_base_url}/privacy",
        )

    @cached_property
    def rich_menus(self) -> RichMenus | None:
        """LINE's rich menus and the per-user calls of the chat; None without LINE."""
        if self.line_client is None:
            return None
        return RichMenus(self.line_client, self.settings.LINE_DATA_API_BASE_URL)

    def channel_context(self) -> ChannelContext:
        tokens = UnsubscribeTokens(self.settings.SECRET_KEY.get_secret_value(), self.database)
        base = self.settings.public_base_url
        return ChannelContext(
            public_base_url=base,
            image_loader=ImageLoader(self.charts, FetchPolicy.from_settings(self.settings)),
            unsubscribe_link=lambda address: f"{base}/unsubscribe?token={tokens.make(address)}",
            api_error=metrics.count_line_api_error,
        )

    @cached_property
    def publishers(self) -> dict[str, Publisher]:
        """A publisher for every channel whose settings are complete (the console always),
        built once per process: the worker's threads and the dashboard's quota share them."""
        built: dict[str, Publisher] = {"console": ConsolePublisher()}
        context = self.channel_context()
        for name, publisher in channel_classes().items():
            values = self.settings.channel_settings(name)
            if name != "console" and publisher.configured(values):
                built[name] = publisher.from_settings(values, context)
        return built

    def usage(self, channel: str) -> Usage | None:
        """A channel's monthly quota and use, asked at most every few minutes
        (the dashboard and the schedule form show it); None when unknown."""
        now = time.monotonic()
        cached = self._usage.get(channel)
        if cached is not None and now - cached[0] < USAGE_TTL_SECONDS:
            return cached[1]
        publisher = self.publishers.get(channel)
        try:
            found = publisher.usage() if publisher is not None else None
        except PublishError as error:
            log.warning("%s quota unavailable: %s", channel, error)
            found = None
        self._usage[channel] = (now, found)
        return found

    def line_quota(self) -> Usage | None:
        return self.usage("line") if self.settings.configured_channels.get("line") else None

    @cached_property
    def outbox(self) -> Outbox:
        settings = self.settings
        retry = RetryPolicy(
            window=timedelta(hours=settings.RETRY_WINDOW_HOURS),
            base_seconds=settings.RETRY_FIRST_SECONDS,
            ceiling_seconds=settings.RETRY_CEILING_SECONDS,
        )
        return Outbox(self.database, lease_seconds=settings.WORKER_LEASE_SECONDS, clock=self.clock, retry=retry)

    def worker(self, threads: int | None = None) -> Worker:
        settings = self.settings
        # SQLite has one writer: one worker process, with one thread, is its limit.
        if not is_postgresql(self.database.engine):
            threads = 1
        return Worker(
            self.outbox,
            self.publishers,
            RateLimiter(self.database),
            threads=threads or settings.WORKER_THREADS,
            poll_seconds=settings.WORKER_POLL_SECONDS,
            batch=settings.WORKER_BATCH,
            side_outboxes=(self.webhook_sender, self.alert_sender),
        )

    @cached_property
    def webhooks(self) -> WebhookEndpoints:
        """Partner endpoints; posts to them pass the same address checks as any fetch."""
        policy = FetchPolicy.from_settings(self.settings, timeout_seconds=15.0)
        return WebhookEndpoints(self.database, self.settings.SECRET_KEY.get_secret_value(), policy)

    @cached_property
    def webhook_sender(self) -> WebhookSender:
        email = self.publishers.get("email")
        notices = email if isinstance(email, NoticeSender) else None  # staff hear of a disabled endpoint by e-mail
        return WebhookSender(self.webhooks, self.webhooks.policy, notices, clock=self.clock)

    @cached_property
    def alerts(self) -> AlertBook:
        return AlertBook(self.database)

    @cached_property
    def alert_sender(self) -> AlertSender:
        tokens = alert_manage_tokens(self.settings.SECRET_KEY.get_secret_value())
        delivery = AlertDelivery(self, tokens)
        return AlertSender(self.store, delivery, self.settings.public_base_url, clock=self.clock)

    @cached_property
    def chat_simulation(self) -> Simulation:
        """The staff chat simulator runs events through the same LINE handlers, sending nothing."""
        return Simulation()

    @cached_property
    def scheduler_jobs(self) -> SchedulerJobs:
        return SchedulerJobs(self.settings, self.database)

    @cached_property
    def inbox(self) -> Inbox:
        return Inbox(self.database, lease_seconds=self.settings.INBOX_LEASE_SECONDS)

    @cached_property
    def line_client(self) -> LineClient | None:
        """The LINE client the chat answers with; None when LINE is not configured."""
        if not self.settings.line_configured:
            return None
        return LineClient(
            self.settings.LINE_CHANNEL_ACCESS_TOKEN.get_secret_value(),
            self.settings.LINE_API_BASE_URL,
            on_error=metrics.count_line_api_error,
            read_timeout=float(self.settings.channel_settings("line")["LINE_API_TIMEOUT_SECONDS"]),
        )

    def event_pool(self, threads: int | None = None) -> EventDispatcher | None:
        """Threads answering webhook events from the inbox (not started); None without LINE."""
        if self.line_client is None:
            return None
        return EventDispatcher(
            registry=default_registry(self.settings.group_keywords),
            services=self.chat,
            messenger=self.line_client,
            source=self.inbox,
            threads=threads or self.settings.LINE_EVENT_WORKERS,
            observer=PoolMetrics(),
        )


class PoolMetrics:
    """What the event pool does, counted and tagged in logs."""

    def answered(self, event_type: str, method: str, seconds: float) -> None:
        metrics.REPLY_SECONDS.labels(method=method).observe(seconds)

    def will_retry(self, event_type: str, error: str) -> None:
        metrics.EVENTS_RETRIED.labels(type=event_type).inc()

    def handling(self, key: str) -> Any:
        return request_id(f"event-{key[:12]}")


class AlertDelivery:
    """Alert notices out: a LINE push (its chart as an image, the same retry
    key on every try) or an e-mail (the chart attached, a link to change or
    remove one's alerts)."""

    def __init__(self, services: Services, manage_tokens: SealedTokens) -> None:
        self.services = services
        self.manage_tokens = manage_tokens

    def deliver(self, channel: str, address: str, message: AlertMessage, retry_key: str) -> None:
        charts = self.services.charts
        if channel == "line":
            client = self.services.line_client
            if client is None:
                raise PermanentFailure("LINE is not configured")
            said = speaker(message.language)
            mine = Suggestion(
                said.say("My alerts"), said.say("my alerts"), alert_commands.list_alerts(message.language)
            )
            reply = Reply(texts=[message.text], images=[Image(*charts.urls(message.chart))], suggestions=[mine])
            try:
                client.push(address, to_line_messages(reply), retry_key)
            except LineApiError as error:
                raise (ServerError if error.retryable else PermanentFailure)(f"LINE {error.status}") from None
            return
        email: object = self.services.publishers.get("email")  # object: mypy holds a Publisher never a NoticeSender
        notices = email if isinstance(email, NoticeSender) else None
        if notices is None:
            raise PermanentFailure("e-mail is not configured")
        base = self.services.settings.public_base_url
        link = f"{base}/alerts/manage?token={self.manage_tokens.make(address)}"
        text = message.text + "\n\n" + speaker(message.language).say(MANAGE_LINK, link=link)
        path = charts.file(charts.draw(message.chart), preview=False)
        notices.send_notice(address, message.subject, text, path.read_bytes() if path is not None else None)


def services_of(app: Flask) -> Services:
    """The parts `create_app` built for `app` (the web layer reaches them as `WebServices`)."""
    return cast(Services, app.extensions[EXTENSION])


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    """Build the web application. Without arguments, settings come from the
    environment (and `.env`); tests pass their own `Settings`."""
    settings = settings or Settings.from_env()
    if overrides:
        settings = settings.with_overrides(**overrides)
    settings.check()
    configure_logging(json_lines=settings.json_logs)

    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder="web/templates",
        static_folder="web/static",
        static_url_path="/static",
    )
    app.config["SETTINGS"] = settings
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Thai text stays readable in JSON

    services = Services(settings)
    # Load the tokenizer dictionary now, not on the first user's message.
    warm_up()
    web.init_app(app, services)
    _wire_line(app, services)
    return app


def _wire_line(app: Flask, services: Services) -> None:
    """The webhook stores events in the inbox; a pool answers them, in this
    process unless the settings leave that to `python -m bot worker`."""
    settings = services.settings
    if not settings.LINE_CHANNEL_SECRET.get_secret_value():
        # Local runs without LINE credentials: say so instead of accepting unsigned traffic.
        app.register_blueprint(_not_configured_blueprint())
        log.info("LINE is not configured (LINE_CHANNEL_SECRET unset): /callback answers 503")
        return
    pool = services.event_pool() if settings.answers_events_in_web else None
    services.web_event_pool = pool
    webhook = Webhook(
        settings.LINE_CHANNEL_SECRET.get_secret_value(),
        store=services.inbox.accept,
        wake=pool.wake if pool is not None else lambda: None,
        observer=WebhookMetrics(),
    )
    # In front of the Flask app: the webhook needs none of its hooks (sessions, translations, page headers).
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {WEBHOOK_PATH: webhook})  # type: ignore[method-assign]
    if pool is not None:
        pool.start()
        # Finish the events in hand when the process exits normally (gunicorn worker stop, Ctrl-C).
        atexit.register(pool.stop, True)


class WebhookMetrics:
    def acknowledged(self, seconds: float, events: int) -> None:
        metrics.WEBHOOK_ACK_SECONDS.observe(seconds)
        metrics.WEBHOOK_EVENTS.inc(events)

    def answered(self, status: int) -> None:
        metrics.WEBHOOK_REQUESTS.labels(status=str(status)).inc()

    def after_response(self) -> None:
        # Fault-injection tests: die once the 200 has reached LINE, before answering.
        crash_point("webhook-acknowledged")


def _not_configured_blueprint() -> Blueprint:
    blueprint = Blueprint("line_webhook", __name__)

    @blueprint.post(WEBHOOK_PATH)
    def callback() -> Response:
        return Response("LINE is not configured on this server", status=503, mimetype="text/plain")

    return blueprint
