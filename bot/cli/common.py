"""What every command shares: the migrated database, times, and messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.data.db import Database
from bot.data.migrate import init_database

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
def migrated_database(settings: Settings) -> Iterator[Database]:
    """The configured database with its schema brought up to date, disposed after use."""
    database = Database(settings.DATABASE_URL)
    try:
        init_database(database)
        yield database
    finally:
        database.dispose()


def update_schema(settings: Settings) -> None:
    with migrated_database(settings):
        return


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
