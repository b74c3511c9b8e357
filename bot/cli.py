"""Command line: `python -m bot COMMAND …` (each command has --help)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.config import SAMPLE_DATA_DIR, ConfigError, Settings
from bot.db import Database
from bot.importer import SAMPLE_DATASET, import_files
from bot.migrate import init_database
from bot.release_files import ReleaseFileError
from bot.store import IndicatorStore

log = logging.getLogger("bot.cli")
SAMPLE_RELEASE = SAMPLE_DATA_DIR / "indicators.csv"

Command = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="OIE industrial indicators: LINE bot, releases and staff tools.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init_db = commands.add_parser(
        "init-db",
        help="create or upgrade the database schema and seed reference data",
        description="Run the database migrations up to the newest revision and seed the "
        "indicators and the 22 TSIC divisions. Safe to run again at any time.",
    )
    init_db.set_defaults(handler=cmd_init_db)

    import_cmd = commands.add_parser(
        "import",
        help="import release files (CSV or OIE-style .xlsx)",
        description="Validate and import release files in one transaction. A file with any "
        "invalid row is rejected whole, with the file, line or cell and the reason, and "
        "nothing is stored. Exit status 0 on success, 1 on rejection.",
    )
    import_cmd.add_argument("files", nargs="+", type=Path, metavar="FILE")
    import_cmd.add_argument("--dry-run", action="store_true", help="validate and report, store nothing")
    import_cmd.add_argument(
        "--dataset",
        metavar="LABEL",
        help="label stored with the values, e.g. OIE or sample (default: 'sample' for the bundled "
        "sample files and workbooks marked as sample data, otherwise 'OIE')",
    )
    import_cmd.add_argument("--json", action="store_true", help="print the summary as JSON")
    import_cmd.set_defaults(handler=cmd_import)

    ask = commands.add_parser(
        "ask",
        help="answer questions from the command line",
        description="Answer a question as the chatbot would, from the database named by DATABASE_URL. "
        "With --json, read questions from standard input, one per line, and write one JSON object per "
        "line: question, intent, indicator, sector, period, comparison, answer.",
    )
    ask.add_argument("question", nargs="*", help="the question (without --json)")
    ask.add_argument("--json", action="store_true", help="read stdin, write JSON lines")
    ask.set_defaults(handler=cmd_ask)

    serve = commands.add_parser(
        "serve",
        help="run the service locally on embedded defaults",
        description="Create the database if needed, import the bundled sample data when the "
        "database is empty, and serve the web app (and LINE webhook) on 127.0.0.1:8000.",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-sample", action="store_true", help="do not import the sample data into an empty database")
    serve.set_defaults(handler=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # Alembic's per-run chatter hides the summaries people came for.
    logging.getLogger("alembic").setLevel(logging.WARNING if args.command != "init-db" else logging.INFO)
    try:
        settings = Settings.from_env()
        handler: Command = args.handler
        return handler(args, settings)
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2


def cmd_init_db(_args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.DATABASE_URL)
    try:
        init_database(database)
    finally:
        database.dispose()
    print("database is up to date")
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    database = Database(settings.DATABASE_URL)
    try:
        init_database(database)
        summaries = import_files(
            database, args.files, dataset=args.dataset, dry_run=args.dry_run, progress=sys.stderr.isatty()
        )
    except ReleaseFileError as error:
        print(f"import rejected, nothing was stored.\n{error}", file=sys.stderr)
        return 1
    finally:
        database.dispose()
    if args.json:
        print(json.dumps([summary.as_dict() for summary in summaries], ensure_ascii=False, indent=2))
    else:
        for summary in summaries:
            print(summary.render())
        if args.dry_run:
            print("dry run: nothing was stored")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.answers import Answerer

    database = Database(settings.DATABASE_URL)
    try:
        init_database(database)
        answerer = Answerer(IndicatorStore(database))
        if args.json:
            for line in sys.stdin:
                question = line.rstrip("\r\n")
                answer = answerer.answer(question)
                print(json.dumps(answer.contract(question), ensure_ascii=False), flush=True)
            return 0
        question = " ".join(args.question)
        if not question:
            print("ask: give a question, or use --json and standard input", file=sys.stderr)
            return 2
        print(answerer.answer(question).text)
        return 0
    finally:
        database.dispose()


def prepare_local_database(settings: Settings, with_sample: bool = True) -> Database:
    """Schema up to date and, when the store is empty, the bundled sample loaded."""
    database = Database(settings.DATABASE_URL)
    init_database(database)
    if with_sample and IndicatorStore(database).observation_count() == 0:
        (summary,) = import_files(database, [SAMPLE_RELEASE], dataset=SAMPLE_DATASET)
        log.info("empty database: imported the sample data (%s rows)", summary.rows_read)
    return database


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot import create_app

    prepare_local_database(settings, with_sample=not args.no_sample).dispose()
    app = create_app(settings)
    log.info("serving on http://%s:%s (database %s)", args.host, args.port, _safe_url(settings.DATABASE_URL))
    app.run(host=args.host, port=args.port, threaded=True, use_reloader=False)
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
