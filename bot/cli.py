"""Command line: `python -m bot COMMAND …` (each command has --help)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily at run time to keep `--help` fast
    from bot.announcements import AnnouncementService
    from bot.email_subscriptions import EmailSubscriptionStore
    from bot.release_calendar import ReleaseCalendar

from bot.config import SAMPLE_DATA_DIR, ConfigError, Settings
from bot.db import Database
from bot.importer import SAMPLE_DATASET, import_files
from bot.migrate import init_database
from bot.release_files import ReleaseFileError
from bot.store import IndicatorStore
from nlp.thaidate import YearMonth

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

    listing = commands.add_parser(
        "announcements",
        help="list announcements with their per-channel delivery state",
        description="List announcements, newest last, with each channel's delivery state.",
    )
    listing.add_argument("--json", action="store_true", help="a JSON array, one object per announcement")
    listing.add_argument("--state", help="only announcements in this state (draft, scheduled, sent, …)")
    listing.set_defaults(handler=cmd_announcements)

    announce = commands.add_parser(
        "announce",
        help="write an announcement (event, report, notice)",
        description="Create a draft announcement. Approve and schedule it to send.",
    )
    source = announce.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help="the message text")
    source.add_argument("--text-file", type=Path, help="read the message text from a UTF-8 file")
    announce.add_argument("--title", default="", help="a short title (default: the first line)")
    announce.add_argument("--image", help="an HTTPS image URL to attach")
    announce.add_argument("--link", help="a link to include")
    announce.add_argument("--audience", choices=["all", "topics"], default="all", help="all friends, or subscribers")
    announce.add_argument(
        "--topic", action="append", default=[], help="with --audience topics: all, indicator:MPI, sector:29 (repeat)"
    )
    announce.add_argument("--channel", action="append", help="channel to send on (repeat; default: configured)")
    announce.set_defaults(handler=cmd_announce)

    for name, text in (
        ("approve", "approve a draft"),
        ("cancel", "cancel an announcement that has not started sending"),
    ):
        action = commands.add_parser(name, help=text, description=text.capitalize() + ".")
        action.add_argument("id", type=int)
        action.set_defaults(handler=cmd_announcement_action, action=name)

    schedule = commands.add_parser(
        "schedule",
        help="schedule an announcement",
        description="Schedule an (approved) announcement. Without --at: RELEASE_SEND_TIME on the next working day.",
    )
    schedule.add_argument("id", type=int)
    when = schedule.add_mutually_exclusive_group()
    when.add_argument("--at", help='local time "YYYY-MM-DD HH:MM" (TZ_NAME), or ISO 8601 with an offset')
    when.add_argument("--now", action="store_true", help="send as soon as the scheduler next runs")
    schedule.set_defaults(handler=cmd_schedule)

    edit = commands.add_parser(
        "edit", help="edit an announcement before it sends", description="Change an announcement until sending starts."
    )
    edit.add_argument("id", type=int)
    edit.add_argument("--text")
    edit.add_argument("--title")
    edit.add_argument("--image")
    edit.add_argument("--link")
    edit.add_argument("--audience", choices=["all", "topics"])
    edit.add_argument("--topic", action="append")
    edit.add_argument("--x-text", help="the X version (split into a thread when longer than one post)")
    edit.add_argument("--facebook-text", help="the Facebook post")
    edit.add_argument("--email-subject", help="the e-mail subject")
    edit.add_argument("--email-text", help="the e-mail body")
    edit.set_defaults(handler=cmd_edit)

    delivery = commands.add_parser(
        "delivery",
        help="settle an unconfirmed delivery: mark it sent, or send it again",
        description="After a timeout once a request had gone out (X, Facebook, e-mail), a delivery is "
        "'unconfirmed': check the channel, then mark it sent or send it again.",
    )
    delivery.add_argument("action", choices=["mark-sent", "resend"])
    delivery.add_argument("id", type=int, help="announcement id")
    delivery.add_argument("channel", help="line, x, facebook, email or console")
    delivery.add_argument("--remote-id", help="with mark-sent: the id of the post you found")
    delivery.set_defaults(handler=cmd_delivery)

    emails = commands.add_parser(
        "email-subscribers",
        help="manage e-mail subscribers per topic",
        description="Add, remove or list e-mail subscribers. Topics: all, indicator:MPI, sector:29 …",
    )
    emails.add_argument("action", choices=["add", "remove", "list"])
    emails.add_argument("address", nargs="?", help="the e-mail address (add, remove)")
    emails.add_argument("--topic", action="append", help="topic (repeat; add defaults to all)")
    emails.set_defaults(handler=cmd_email_subscribers)

    calendar = commands.add_parser(
        "calendar",
        help="expected release dates; set a date staff know",
        description="List the expected release dates (staff-set, or estimated from past releases), or set "
        "or unset the date of one indicator's month.",
    )
    calendar.add_argument("action", nargs="?", choices=["list", "set", "unset"], default="list")
    calendar.add_argument("indicator", nargs="?", help="MPI, SHIPMENT, INVENTORY or CAPU")
    calendar.add_argument("period", nargs="?", help="the data month, CE YYYY-MM or BE 2569-10")
    calendar.add_argument("date", nargs="?", help="the release date, YYYY-MM-DD")
    calendar.add_argument("--note")
    calendar.set_defaults(handler=cmd_calendar)

    scheduler = commands.add_parser(
        "scheduler",
        help="run the scheduler process",
        description="Run the one scheduler: moves due announcements to the outbox, imports files dropped into "
        "WATCH_DIR, requeues retryable failures. A second one waits as a standby.",
    )
    scheduler.set_defaults(handler=cmd_scheduler)

    worker = commands.add_parser(
        "worker",
        help="send from the outbox",
        description="Send queued announcement messages. Run as many as you like on PostgreSQL; one on SQLite.",
    )
    worker.add_argument("--until-idle", action="store_true", help="exit when nothing is left to send")
    worker.add_argument("--threads", type=int, help="sending threads (default WORKER_THREADS)")
    worker.set_defaults(handler=cmd_worker)

    serve = commands.add_parser(
        "serve",
        help="run the service locally on embedded defaults",
        description="Create the database if needed, import the bundled sample data when the "
        "database is empty, and serve the web app (and LINE webhook) on 127.0.0.1:8000, with the scheduler and "
        "an outbox worker in the same process (console output unless LINE is configured).",
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


def cmd_init_db(_args: argparse.Namespace, settings: Settings) -> int:
    update_schema(settings)
    print("database is up to date")
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.announcements import import_releases

    settings.validate()
    try:
        with migrated_database(settings) as database:
            summaries, drafted = import_releases(
                database, args.files, settings, dataset=args.dataset, dry_run=args.dry_run, progress=sys.stderr.isatty()
            )
    except ReleaseFileError as error:
        print(f"import rejected, nothing was stored.\n{error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([summary.as_dict() for summary in summaries], ensure_ascii=False, indent=2))
    else:
        for summary in summaries:
            print(summary.render())
        for announcement_id in drafted:
            print(f"drafted release announcement #{announcement_id} (see: python -m bot announcements)")
        if args.dry_run:
            print("dry run: nothing was stored")
    return 0


@contextmanager
def _announcements(settings: Settings) -> Iterator[AnnouncementService]:
    from bot.announcements import AnnouncementPolicy, AnnouncementService

    settings.validate()
    with migrated_database(settings) as database:
        yield AnnouncementService(database, AnnouncementPolicy.from_settings(settings))


def cmd_announcements(args: argparse.Namespace, settings: Settings) -> int:
    with _announcements(settings) as service:
        items = service.list(args.state)
    if args.json:
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("no announcements")
    for item in items:
        when = item["scheduled_at"] or "-"
        print(f"#{item['id']} {item['kind']} {item['period'] or ''} [{item['state']}] at {when}: {item['title']}")
        for delivery in item["deliveries"]:
            error = f" ({delivery['error']})" if delivery["error"] else ""
            print(f"    {delivery['channel']}: {delivery['state']}, {delivery['recipients']} recipient(s){error}")
    return 0


def _run_action(settings: Settings, action: Callable[[AnnouncementService], str]) -> int:
    from bot.announcements import AnnouncementError

    try:
        with _announcements(settings) as service:
            print(action(service))
        return 0
    except AnnouncementError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def cmd_announce(args: argparse.Namespace, settings: Settings) -> int:
    text = args.text if args.text is not None else args.text_file.read_text(encoding="utf-8")

    def create(service: AnnouncementService) -> str:
        new_id = service.create(
            text,
            title=args.title,
            image_url=args.image,
            link_url=args.link,
            audience=args.audience,
            topics=args.topic,
            channels=args.channel,
        )
        return f"created draft announcement #{new_id}"

    return _run_action(settings, create)


def cmd_announcement_action(args: argparse.Namespace, settings: Settings) -> int:
    def act(service: AnnouncementService) -> str:
        getattr(service, args.action)(args.id)
        return f"announcement #{args.id}: {args.action}{'d' if args.action.endswith('e') else 'ed'}"

    return _run_action(settings, act)


def parse_local_time(text: str, settings: Settings) -> datetime:
    from zoneinfo import ZoneInfo

    moment = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.TZ_NAME))
    return moment


def cmd_schedule(args: argparse.Namespace, settings: Settings) -> int:
    from zoneinfo import ZoneInfo

    try:
        at = parse_local_time(args.at, settings) if args.at else None
        if args.now:
            from bot.models import utcnow

            at = utcnow()
    except ValueError:
        print(f'error: --at {args.at!r} is not a time like "2026-12-01 10:00"', file=sys.stderr)
        return 1

    def schedule(service: AnnouncementService) -> str:
        when = service.schedule(args.id, at)
        local = when.astimezone(ZoneInfo(settings.TZ_NAME))
        return f"announcement #{args.id} scheduled for {local:%Y-%m-%d %H:%M} {settings.TZ_NAME}"

    return _run_action(settings, schedule)


def cmd_edit(args: argparse.Namespace, settings: Settings) -> int:
    names = {
        "text": "text",
        "title": "title",
        "image": "image_url",
        "link": "link_url",
        "audience": "audience",
        "x_text": "version_x",
        "facebook_text": "version_facebook",
        "email_subject": "version_email_subject",
        "email_text": "version_email_text",
    }
    changes = {field: getattr(args, name) for name, field in names.items() if getattr(args, name) is not None}
    if args.topic is not None:
        changes["topics"] = args.topic
    if not changes:
        print("error: nothing to change", file=sys.stderr)
        return 1

    def edit(service: AnnouncementService) -> str:
        service.edit(args.id, **changes)
        return f"announcement #{args.id} updated ({', '.join(changes)})"

    return _run_action(settings, edit)


def cmd_delivery(args: argparse.Namespace, settings: Settings) -> int:
    from bot.outbox import Outbox

    with _announcements(settings) as service:
        changed = Outbox(service.database).resolve_unconfirmed(
            args.id, args.channel, sent=args.action == "mark-sent", remote_id=args.remote_id
        )
    if not changed:
        print(f"error: announcement #{args.id} has no unconfirmed {args.channel} delivery", file=sys.stderr)
        return 1
    verb = "marked sent" if args.action == "mark-sent" else "queued to send again (the worker sends it)"
    print(f"announcement #{args.id} on {args.channel}: {changed} request(s) {verb}")
    return 0


def cmd_email_subscribers(args: argparse.Namespace, settings: Settings) -> int:
    from bot.email_subscriptions import EmailSubscriptionError, EmailSubscriptionStore

    try:
        with migrated_database(settings) as database:
            return _email_subscribers(args, EmailSubscriptionStore(database))
    except EmailSubscriptionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _email_subscribers(args: argparse.Namespace, store: EmailSubscriptionStore) -> int:
    if args.action == "list":
        rows = store.list((args.topic or [None])[0])
        for email, topic in rows:
            print(f"{email}\t{topic}")
        print(f"{len({email for email, _ in rows})} address(es)", file=sys.stderr)
        return 0
    if not args.address:
        print(f"error: {args.action} needs an e-mail address", file=sys.stderr)
        return 1
    if args.action == "add":
        added = store.add(args.address, args.topic or ["all"])
        print(f"{args.address}: subscribed to {', '.join(added) if added else 'nothing new'}")
    else:
        topics = args.topic or [None]
        removed = sum(store.remove(args.address, topic) for topic in topics)
        print(f"{args.address}: {removed} subscription(s) removed")
    return 0


def _data_month(text: str) -> YearMonth:
    month = YearMonth.parse(text)
    return YearMonth.from_be(month.year, month.month) if month.year > 2400 else month


def cmd_calendar(args: argparse.Namespace, settings: Settings) -> int:
    from bot.release_calendar import ReleaseCalendar

    try:
        with migrated_database(settings) as database:
            return _calendar(args, ReleaseCalendar(database))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _calendar(args: argparse.Namespace, calendar: ReleaseCalendar) -> int:
    from datetime import date

    if args.action == "list":
        for release in calendar.upcoming(months=3):
            print(
                f"{release.indicator:<9} {release.period.be_label()} ({release.period.iso()})  "
                f"{release.date.isoformat()}  {release.source}, {release.lag_days} days after month end"
            )
        return 0
    if not args.indicator or not args.period:
        print(f"error: calendar {args.action} needs INDICATOR PERIOD", file=sys.stderr)
        return 1
    indicator = args.indicator.upper()
    period = _data_month(args.period)
    if args.action == "unset":
        removed = calendar.unset(indicator, period)
        print(f"{indicator} {period.iso()}: {'date removed' if removed else 'no date was set'}")
        return 0
    if not args.date:
        print("error: calendar set needs a DATE (YYYY-MM-DD)", file=sys.stderr)
        return 1
    calendar.set(indicator, period, date.fromisoformat(args.date), args.note)
    print(f"{indicator} {period.iso()}: release expected on {args.date}")
    return 0


def cmd_scheduler(_args: argparse.Namespace, settings: Settings) -> int:
    from bot.jobs import run_scheduler

    settings.validate()
    update_schema(settings)
    run_scheduler(settings)
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from bot.publishing import run_worker

    settings.validate()
    update_schema(settings)
    run_worker(settings, until_idle=args.until_idle, threads=args.threads)
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.answers import Answerer

    with migrated_database(settings) as database:
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


def prepare_local_database(settings: Settings, with_sample: bool = True) -> Database:
    """Schema up to date and, when the store is empty, the bundled sample loaded."""
    database = Database(settings.DATABASE_URL)
    init_database(database)
    if with_sample and IndicatorStore(database).observation_count() == 0:
        (summary,) = import_files(database, [SAMPLE_RELEASE], dataset=SAMPLE_DATASET)
        log.info("empty database: imported the sample data (%s rows)", summary.rows_read)
    return database


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import threading

    from bot import create_app
    from bot.jobs import build_scheduler, leadership
    from bot.publishing import build_worker

    prepare_local_database(settings, with_sample=not args.no_sample).dispose()
    app = create_app(settings)
    # Local use: the scheduler and an outbox worker run inside this process.
    stop = threading.Event()
    database = app.extensions["database"]
    worker = build_worker(settings, database, threads=1)
    threading.Thread(target=worker.run, name="outbox-worker", daemon=True).start()

    def schedule() -> None:
        with leadership(settings, stop=stop) as leader:
            if leader:
                scheduler = build_scheduler(settings, blocking=False)
                scheduler.start()
                stop.wait()
                scheduler.shutdown(wait=False)

    threading.Thread(target=schedule, name="scheduler", daemon=True).start()
    log.info("serving on http://%s:%s (database %s)", args.host, args.port, _safe_url(settings.DATABASE_URL))
    log.info("announcements go to: %s", ", ".join(settings.announcement_channels))
    try:
        app.run(host=args.host, port=args.port, threaded=True, use_reloader=False)
    finally:
        stop.set()
        worker.stop()
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
