"""Command line: `python -m bot COMMAND …` (each command has --help), built with
click, as Flask's own command line is.

Each module of this package lists its commands in `COMMANDS`; adding a command
is a function in one of them (or a new module listed in `GROUPS`)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

import click

from bot.cli import announcements, calendar, data, delivery, line, nlu, processes, subscribers, users
from bot.config import ConfigError
from bot.data.migrate import SchemaNotCurrentError

GROUPS = (data, announcements, delivery, subscribers, calendar, users, line, nlu, processes)
PROGRAM = "python -m bot"


@click.group(name=PROGRAM, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """OIE industrial indicators: LINE bot, releases and staff tools."""


for _group in GROUPS:
    for _command in _group.COMMANDS:
        cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; its exit status (2 for a usage, configuration or schema error)."""
    # Alembic's per-run chatter hides the summaries people came for (init-db turns it back on).
    logging.getLogger("alembic").setLevel(logging.WARNING)
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args=arguments, prog_name=PROGRAM, standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        print("aborted", file=sys.stderr)
        return 1
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    except SchemaNotCurrentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return result if isinstance(result, int) else 0
