"""What every command shares: the service's parts on a current schema, times, and messages."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Concatenate, ParamSpec
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url

from bot.app import Services
from bot.config import Settings
from bot.data.db import Database
from bot.data.migrate import init_database, require_current_schema
from bot.ops.logs import configure_logging

P = ParamSpec("P")


def pass_settings(command: Callable[Concatenate[Settings, P], int]) -> Callable[P, int]:
    """The command's function gets the settings first, read from `.env` and the environment
    when it runs (so `--help` works whatever they hold)."""

    @functools.wraps(command)
    def with_settings(*args: P.args, **kwargs: P.kwargs) -> int:
        settings = Settings.from_env()
        configure_logging(json_lines=settings.json_logs)
        return command(settings, *args, **kwargs)

    return with_settings


@contextmanager
def current_services(settings: Settings) -> Iterator[Services]:
    """The service's parts (the same composition root as the web, the worker and the
    scheduler), refused unless `init-db` has brought the schema up to date
    (SchemaNotCurrentError, reported by `bot.cli.main`); the database is disposed after use."""
    services = Services(settings)
    try:
        require_current_schema(services.database)
        yield services
    finally:
        services.database.dispose()


def update_schema(settings: Settings) -> None:
    """What `init-db` does: the schema to the newest revision, reference rows seeded."""
    database = Database(settings.DATABASE_URL)
    try:
        init_database(database)
    finally:
        database.dispose()


def fail(message: str, status: int = 1) -> int:
    print(f"error: {message}", file=sys.stderr)
    return status


def parse_local_time(text: str, settings: Settings) -> datetime:
    """ "YYYY-MM-DD HH:MM" in TZ_NAME, or ISO 8601 with an offset."""
    moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.TZ_NAME))
    return moment


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
