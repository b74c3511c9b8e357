"""init-db, import, ask: the indicator store from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.announcements.drafting import import_releases
from bot.cli.common import add_command, current_services, update_schema
from bot.config import Settings
from bot.ingest.records import ReleaseFileError
from nlp.context import next_context
from nlp.frame import Frame


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    add_command(
        commands,
        "init-db",
        cmd_init_db,
        help="create or upgrade the database schema and seed reference data",
        description="Run the database migrations up to the newest revision and seed the "
        "indicators and the 22 TSIC divisions. Safe to run again at any time.",
    )

    import_cmd = add_command(
        commands,
        "import",
        cmd_import,
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

    sources = add_command(
        commands,
        "fetch-releases",
        cmd_fetch_releases,
        help="fetch release files from where they are published (RELEASE_SOURCE_URLS, CKAN_DATASETS) now",
        description="Fetch each configured release source as the scheduler does (a conditional GET, or a "
        "CKAN dataset's newest CSV/XLSX resource), import what is new through the importer, and print "
        "how each ended. With --status, only print how each source's last fetch ended.",
    )
    sources.add_argument("--status", action="store_true", help="show the last fetch of each source, fetch nothing")

    ask = add_command(
        commands,
        "ask",
        cmd_ask,
        help="answer questions from the command line",
        description="Answer a question as the chatbot would, from the database named by DATABASE_URL. "
        "Without a question, read questions from standard input, one per line, as one conversation "
        "(a follow-up such as 'แล้วเดือนก่อนล่ะ' completes the question before it). "
        "With --json, read questions from standard input, one per line, and write one JSON object per "
        "line: question, intent, indicator, sector, period, comparison, answer; each line stands alone "
        "unless --context is given.",
    )
    ask.add_argument("question", nargs="*", help="the question (without --json)")
    ask.add_argument("--json", action="store_true", help="read stdin, write JSON lines")
    ask.add_argument("--context", action="store_true", help="with --json: lines are one conversation")


def cmd_init_db(_args: argparse.Namespace, settings: Settings) -> int:
    update_schema(settings)
    print("database is up to date")
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    settings.check()
    try:
        with current_services(settings) as services:
            summaries, drafted = import_releases(
                services.database,
                args.files,
                settings,
                dataset=args.dataset,
                dry_run=args.dry_run,
                progress=sys.stderr.isatty(),
            )
    except ReleaseFileError as error:
        print(f"import rejected, nothing was stored.\n{error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([summary.as_dict() for summary in summaries], ensure_ascii=False, indent=2))
        return 0
    for summary in summaries:
        print(summary.render())
    for announcement_id in drafted:
        print(f"drafted release announcement #{announcement_id} (see: python -m bot announcements)")
    if args.dry_run:
        print("dry run: nothing was stored")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    with current_services(settings) as services:
        answerer = services.answerer
        question = " ".join(args.question)
        if question and not args.json:
            print(answerer.answer(question).text)
            return 0
        if question:
            print("ask: with --json, questions come from standard input", file=sys.stderr)
            return 2
        keeps_context = args.context or not args.json
        interactive = not args.json and sys.stdin.isatty()
        previous: Frame | None = None
        while True:
            if interactive:
                print("> ", end="", flush=True)
            line = sys.stdin.readline()
            if not line:
                return 0
            question = line.rstrip("\r\n")
            answer = answerer.answer(question, previous if keeps_context else None)
            if answer.frame is not None:
                previous = next_context(previous, answer.frame.frame)
            if args.json:
                print(json.dumps(answer.contract(question), ensure_ascii=False), flush=True)
            else:
                print(answer.text, end="\n\n", flush=True)


def cmd_fetch_releases(args: argparse.Namespace, settings: Settings) -> int:
    from bot.announcements.jobs import release_source_poller
    from bot.ingest.sources import source_states
    from bot.ops.health import readiness

    with current_services(settings) as services:
        database = services.database
        if args.status:
            for check in readiness(database):
                if check.name == "watched folder":
                    print(f"watched folder: {check.detail}")
            for row in source_states(database):
                checked = row.checked_at.isoformat(timespec="seconds") if row.checked_at else "never"
                print(f"{row.key}: {row.status} at {checked}: {row.detail}")
            return 0
        poller = release_source_poller(settings, database)
        if not poller.keys:
            print("no release sources configured (RELEASE_SOURCE_URLS, CKAN_PORTAL_URL and CKAN_DATASETS)")
            return 0
        results = poller.poll()
    for result in results:
        print(f"{result.key}: {result.status}: {result.detail}")
    return 1 if any(result.status == "failed" for result in results) else 0
