"""What the web layer uses of the service's parts, typed.

`bot.app.Services` builds them once per process and `create_app` hands them to
`init_app`; views reach them through `services()` instead of string keys of
`app.extensions`. This module names only what pages read: the web cannot
import `bot.app` (it sits above the web), so the type is a protocol that
`Services` meets (mypy checks it where `create_app` passes it)."""

from __future__ import annotations

from typing import Any, Protocol, cast

from flask import current_app

from bot.announcements.alerts import AlertBook
from bot.announcements.policy import AnnouncementPolicy
from bot.announcements.webhooks import WebhookEndpoints
from bot.announcements.workflow import AnnouncementService
from bot.answers import Answerer
from bot.answers.charts import ChartCache
from bot.answers.release_calendar import ReleaseCalendar
from bot.config import Settings
from bot.data.db import Database
from bot.data.store import IndicatorStore
from bot.staff.uploads import PreviewCache
from publishers.base import Publisher, Usage

EXTENSION = "oie"


class Simulation(Protocol):
    """Runs a webhook event through the LINE handlers (wired in by `bot.app`)."""

    def run(self, event: dict[str, Any], services: Any) -> list[dict[str, Any]]: ...


class WebServices(Protocol):
    @property
    def settings(self) -> Settings: ...
    @property
    def database(self) -> Database: ...
    @property
    def store(self) -> IndicatorStore: ...
    @property
    def calendar(self) -> ReleaseCalendar: ...
    @property
    def charts(self) -> ChartCache: ...
    @property
    def answerer(self) -> Answerer: ...
    @property
    def policy(self) -> AnnouncementPolicy: ...
    @property
    def announcements(self) -> AnnouncementService: ...
    @property
    def import_previews(self) -> PreviewCache[Any]: ...
    @property
    def chat_simulation(self) -> Simulation: ...
    @property
    def publishers(self) -> dict[str, Publisher]: ...
    @property
    def webhooks(self) -> WebhookEndpoints: ...
    @property
    def alerts(self) -> AlertBook: ...
    def line_quota(self) -> Usage | None: ...


def services() -> WebServices:
    """The running app's parts."""
    return cast(WebServices, current_app.extensions[EXTENSION])
