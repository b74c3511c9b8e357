"""What every command shares: the service's parts on a current schema, times, and messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url

from bot.app import Services
from bot.config import Settings
from bot.data.db import Database
from bot.data.migrate import init_database, require_current_schema

Command = Callable[[argparse.Namespace, Settings], int]


def add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Command,
    help: str,
    description: str = "",
) -> argparse.ArgumentParser:
    """A subcommand that runs `handler`; its --help shows `description` (default: `help`)."""
    parser = commands.add_parser(name, help=help, description=description or help[0].upper() + help[1:] + ".")
    parser.set_defaults(handler=handler)
    return parser


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
