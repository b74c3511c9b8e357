"""Command line: `python -m bot COMMAND …` (each command has --help).

Each module of this package registers its own group of commands; adding a
command is a function in one of them (or a new module listed in `GROUPS`)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bot.cli import announcements, calendar, data, delivery, line, nlu, processes, subscribers, users
from bot.cli.common import Command
from bot.config import ConfigError, Settings
from bot.data.migrate import SchemaNotCurrentError
from bot.ops.logs import configure_logging

GROUPS = (data, announcements, delivery, subscribers, calendar, users, line, nlu, processes)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="OIE industrial indicators: LINE bot, releases and staff tools.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Alembic's per-run chatter hides the summaries people came for.
    logging.getLogger("alembic").setLevel(logging.WARNING if args.command != "init-db" else logging.INFO)
    try:
        settings = Settings.from_env()
        configure_logging(json_lines=settings.json_logs)
        handler: Command = args.handler
        return handler(args, settings)
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    except SchemaNotCurrentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
