"""init-db, import, ask: the indicator store from the command line."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from bot.announcements.drafting import import_releases
from bot.cli.common import current_services, pass_settings, update_schema
from bot.config import Settings
from bot.ingest.records import ReleaseFileError
from nlp.context import next_context
from nlp.frame import Frame


@click.command(
    "init-db",
    help="Run the database migrations up to the newest revision and seed the indicators and the 22 TSIC "
    "divisions. Safe to run again at any time.",
    short_help="create or upgrade the database schema and seed reference data",
)
@pass_settings
def init_db(settings: Settings) -> int:
    logging.getLogger("alembic").setLevel(logging.INFO)  # each migration applied is worth a line here
    update_schema(settings)
    print("database is up to date")
    return 0


@click.command(
    "import",
    help="Validate and import release files in one transaction. A file with any invalid row is rejected "
    "whole, with the file, line or cell and the reason, and nothing is stored. Exit status 0 on success, "
    "1 on rejection.",
    short_help="import release files (CSV or OIE-style .xlsx)",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE...")
@click.option("--dry-run", is_flag=True, help="validate and report, store nothing")
@click.option(
    "--dataset",
    metavar="LABEL",
    help="label stored with the values, e.g. OIE or sample (default: 'sample' for the bundled sample files "
    "and workbooks marked as sample data, otherwise 'OIE')",
)
@click.option("--json", "as_json", is_flag=True, help="print the summary as JSON")
@pass_settings
def import_command(
    settings: Settings, files: tuple[Path, ...], dry_run: bool, dataset: str | None, as_json: bool
) -> int:
    settings.check()
    try:
        with current_services(settings) as services:
            summaries, drafted = import_releases(
                services.database,
                list(files),
                settings,
                dataset=dataset,
                dry_run=dry_run,
                progress=sys.stderr.isatty(),
            )
    except ReleaseFileError as error:
        print(f"import rejected, nothing was stored.\n{error}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps([summary.as_dict() for summary in summaries], ensure_ascii=False, indent=2))
        return 0
    for summary in summaries:
        print(summary.render())
    for announcement_id in drafted:
        print(f"drafted release announcement #{announcement_id} (see: python -m bot announcements)")
    if dry_run:
        print("dry run: nothing was stored")
    return 0


@click.command(
    "ask",
    help="Answer a question as the chatbot would, from the database named by DATABASE_URL. Without a "
    "question, read questions from standard input, one per line, as one conversation (a follow-up such as "
    "'แล้วเดือนก่อนล่ะ' completes the question before it). With --json, read questions from standard input, "
    "one per line, and write one JSON object per line: question, intent, indicator, sector, period, "
    "comparison, answer; each line stands alone unless --context is given.",
    short_help="answer questions from the command line",
)
@click.argument("words", nargs=-1, metavar="[QUESTION]...")
@click.option("--json", "as_json", is_flag=True, help="read stdin, write JSON lines")
@click.option("--context", "in_context", is_flag=True, help="with --json: lines are one conversation")
@pass_settings
def ask(settings: Settings, words: tuple[str, ...], as_json: bool, in_context: bool) -> int:
    with current_services(settings) as services:
        answerer = services.answerer
        question = " ".join(words)
        if question and not as_json:
            print(answerer.answer(question).text)
            return 0
        if question:
            print("ask: with --json, questions come from standard input", file=sys.stderr)
            return 2
        keeps_context = in_context or not as_json
        interactive = not as_json and sys.stdin.isatty()
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
            if as_json:
                print(json.dumps(answer.contract(question), ensure_ascii=False), flush=True)
            else:
                print(answer.text, end="\n\n", flush=True)


@click.command(
    "fetch-releases",
    help="Fetch each configured release source as the scheduler does (a conditional GET, or a CKAN dataset's "
    "newest CSV/XLSX resource), import what is new through the importer, and print how each ended. With "
    "--status, only print how each source's last fetch ended.",
    short_help="fetch release files from where they are published now",
)
@click.option("--status", "status_only", is_flag=True, help="show the last fetch of each source, fetch nothing")
@pass_settings
def fetch_releases(settings: Settings, status_only: bool) -> int:
    from bot.announcements.jobs import release_source_poller
    from bot.ingest.sources import source_states
    from bot.ops.health import readiness

    with current_services(settings) as services:
        database = services.database
        if status_only:
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


COMMANDS = (init_db, import_command, fetch_releases, ask)
