"""announcements, announce, approve, cancel, schedule, edit: the announcement
workflow from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.announcements.workflow import AnnouncementError, AnnouncementService
from bot.cli.common import add_command, current_services, fail, parse_local_time
from bot.config import Settings
from bot.data.models import utcnow
from publishers.registry import channel_classes

# Edit options for the announcement itself: option name -> field.
EDIT_FIELDS = {"text": "text", "title": "title", "image": "image_url", "link": "link_url", "audience": "audience"}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = add_command(
        commands,
        "announcements",
        cmd_announcements,
        help="list announcements with their per-channel delivery state",
        description="List announcements, newest last, with each channel's delivery state.",
    )
    listing.add_argument("--json", action="store_true", help="a JSON array, one object per announcement")
    listing.add_argument("--state", help="only announcements in this state (draft, scheduled, sent, …)")

    announce = add_command(
        commands,
        "announce",
        cmd_announce,
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

    for name, text in (
        ("approve", "approve a draft"),
        ("cancel", "cancel an announcement that has not started sending"),
    ):
        action = add_command(commands, name, cmd_announcement_action, text)
        action.add_argument("id", type=int)
        action.set_defaults(action=name)

    _register_scheduling(commands)


def _register_scheduling(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schedule = add_command(
        commands,
        "schedule",
        cmd_schedule,
        help="schedule an announcement",
        description="Schedule an (approved) announcement. Without --at: RELEASE_SEND_TIME on the next working day.",
    )
    schedule.add_argument("id", type=int)
    when = schedule.add_mutually_exclusive_group()
    when.add_argument("--at", help='local time "YYYY-MM-DD HH:MM" (TZ_NAME), or ISO 8601 with an offset')
    when.add_argument("--now", action="store_true", help="send as soon as the scheduler next runs")

    edit = add_command(
        commands,
        "edit",
        cmd_edit,
        "edit an announcement before it sends",
        "Change an announcement until sending starts.",
    )
    edit.add_argument("id", type=int)
    for option in EDIT_FIELDS:
        edit.add_argument(f"--{option}", choices=["all", "topics"] if option == "audience" else None)
    edit.add_argument("--topic", action="append")
    # Each channel's own version: --x-text, --facebook-text, --email-subject, --email-text …
    for name, publisher in channel_classes().items():
        for field_name in publisher.editable_fields:
            edit.add_argument(f"--{name}-{field_name}", help=f"the {publisher.label or name} version's {field_name}")


@contextmanager
def announcement_service(settings: Settings) -> Iterator[AnnouncementService]:
    settings.check()
    with current_services(settings) as services:
        yield services.announcements


def _run(settings: Settings, action: Callable[[AnnouncementService], str]) -> int:
    try:
        with announcement_service(settings) as service:
            print(action(service))
        return 0
    except AnnouncementError as error:
        return fail(str(error))


def cmd_announcements(args: argparse.Namespace, settings: Settings) -> int:
    with announcement_service(settings) as service:
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
            retry = f", next attempt {delivery['next_attempt_at']}" if delivery["next_attempt_at"] else ""
            print(
                f"    {delivery['channel']}: {delivery['state']}{retry}, {delivery['recipients']} recipient(s){error}"
            )
    return 0


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

    return _run(settings, create)


def cmd_announcement_action(args: argparse.Namespace, settings: Settings) -> int:
    def act(service: AnnouncementService) -> str:
        getattr(service, args.action)(args.id)
        return f"announcement #{args.id}: {args.action}{'d' if args.action.endswith('e') else 'ed'}"

    return _run(settings, act)


def cmd_schedule(args: argparse.Namespace, settings: Settings) -> int:
    try:
        at = utcnow() if args.now else parse_local_time(args.at, settings) if args.at else None
    except ValueError:
        return fail(f'--at {args.at!r} is not a time like "2026-12-01 10:00"')

    def schedule(service: AnnouncementService) -> str:
        when = service.schedule(args.id, at)
        local = when.astimezone(ZoneInfo(settings.TZ_NAME))
        return f"announcement #{args.id} scheduled for {local:%Y-%m-%d %H:%M} {settings.TZ_NAME}"

    return _run(settings, schedule)


def cmd_edit(args: argparse.Namespace, settings: Settings) -> int:
    changes = {
        field: getattr(args, option) for option, field in EDIT_FIELDS.items() if getattr(args, option) is not None
    }
    if args.topic is not None:
        changes["topics"] = args.topic
    versions: dict[str, dict[str, str]] = {}
    for name, publisher in channel_classes().items():
        for field_name in publisher.editable_fields:
            value = getattr(args, f"{name}_{field_name}".replace("-", "_"), None)
            if value is not None:
                versions.setdefault(name, {})[field_name] = value
    if not changes and not versions:
        print("error: nothing to change", file=sys.stderr)
        return 1
    changed = [*changes, *(f"{name} {field}" for name, fields in versions.items() for field in fields)]

    def edit(service: AnnouncementService) -> str:
        service.edit(args.id, versions=versions, **changes)
        return f"announcement #{args.id} updated ({', '.join(changed)})"

    return _run(settings, edit)
