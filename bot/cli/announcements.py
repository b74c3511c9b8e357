"""announcements, announce, approve, cancel, schedule, edit: the announcement
workflow from the command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from bot.announcements.rules import AnnouncementError
from bot.announcements.workflow import AnnouncementService
from bot.cli.common import current_services, fail, parse_local_time, pass_settings
from bot.config import Settings
from bot.data.models import utcnow
from publishers.registry import channel_classes

# Edit options for the announcement itself: option name -> field.
EDIT_FIELDS = {"text": "text", "title": "title", "image": "image_url", "link": "link_url", "audience": "audience"}


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


@click.command(
    "announcements",
    help="List announcements, newest last, with each channel's delivery state.",
    short_help="list announcements with their per-channel delivery state",
)
@click.option("--json", "as_json", is_flag=True, help="a JSON array, one object per announcement")
@click.option("--state", help="only announcements in this state (draft, scheduled, sent, …)")
@pass_settings
def announcements(settings: Settings, as_json: bool, state: str | None) -> int:
    with announcement_service(settings) as service:
        items = service.list(state)
    if as_json:
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


@click.command(
    "announce",
    help="Create a draft announcement. Approve and schedule it to send.",
    short_help="write an announcement (event, report, notice)",
)
@click.option("--text", help="the message text")
@click.option("--text-file", type=click.Path(path_type=Path), help="read the message text from a UTF-8 file")
@click.option("--title", default="", help="a short title (default: the first line)")
@click.option("--image", help="an HTTPS image URL to attach")
@click.option("--link", help="a link to include")
@click.option("--audience", type=click.Choice(["all", "topics"]), default="all", help="all friends, or subscribers")
@click.option("--topic", multiple=True, help="with --audience topics: all, indicator:MPI, sector:29 (repeat)")
@click.option("--channel", multiple=True, help="channel to send on (repeat; default: configured)")
@pass_settings
def announce(
    settings: Settings,
    text: str | None,
    text_file: Path | None,
    title: str,
    image: str | None,
    link: str | None,
    audience: str,
    topic: tuple[str, ...],
    channel: tuple[str, ...],
) -> int:
    if (text is None) == (text_file is None):
        raise click.UsageError("give the text with one of --text and --text-file")
    body = text if text is not None else Path(str(text_file)).read_text(encoding="utf-8")

    def create(service: AnnouncementService) -> str:
        new_id = service.create(
            body,
            title=title,
            image_url=image,
            link_url=link,
            audience=audience,
            topics=list(topic),
            channels=list(channel) or None,
        )
        return f"created draft announcement #{new_id}"

    return _run(settings, create)


def _act(settings: Settings, action: str, announcement_id: int) -> int:
    def act(service: AnnouncementService) -> str:
        getattr(service, action)(announcement_id)
        return f"announcement #{announcement_id}: {action}{'d' if action.endswith('e') else 'ed'}"

    return _run(settings, act)


@click.command("approve", help="Approve a draft.", short_help="approve a draft")
@click.argument("announcement_id", metavar="ID", type=int)
@pass_settings
def approve(settings: Settings, announcement_id: int) -> int:
    return _act(settings, "approve", announcement_id)


@click.command(
    "cancel",
    help="Cancel an announcement that has not started sending.",
    short_help="cancel an announcement that has not started sending",
)
@click.argument("announcement_id", metavar="ID", type=int)
@pass_settings
def cancel(settings: Settings, announcement_id: int) -> int:
    return _act(settings, "cancel", announcement_id)


@click.command(
    "schedule",
    help="Schedule an (approved) announcement. Without --at: RELEASE_SEND_TIME on the next working day.",
    short_help="schedule an announcement",
)
@click.argument("announcement_id", metavar="ID", type=int)
@click.option("--at", help='local time "YYYY-MM-DD HH:MM" (TZ_NAME), or ISO 8601 with an offset')
@click.option("--now", "right_away", is_flag=True, help="send as soon as the scheduler next runs")
@pass_settings
def schedule(settings: Settings, announcement_id: int, at: str | None, right_away: bool) -> int:
    if at is not None and right_away:
        raise click.UsageError("give --at or --now, not both")
    try:
        when = utcnow() if right_away else parse_local_time(at, settings) if at else None
    except ValueError:
        return fail(f'--at {at!r} is not a time like "2026-12-01 10:00"')

    def scheduled(service: AnnouncementService) -> str:
        sent_at = service.schedule(announcement_id, when)
        local = sent_at.astimezone(ZoneInfo(settings.TZ_NAME))
        return f"announcement #{announcement_id} scheduled for {local:%Y-%m-%d %H:%M} {settings.TZ_NAME}"

    return _run(settings, scheduled)


def _edit(settings: Settings, announcement_id: int, topic: tuple[str, ...], **values: str | None) -> int:
    changes: dict[str, Any] = {
        field: values[option] for option, field in EDIT_FIELDS.items() if values.get(option) is not None
    }
    if topic:
        changes["topics"] = list(topic)
    versions: dict[str, dict[str, str]] = {}
    for name, publisher in channel_classes().items():
        for field_name in publisher.editable_fields:
            value = values.get(_version_option(name, field_name))
            if value is not None:
                versions.setdefault(name, {})[field_name] = value
    if not changes and not versions:
        print("error: nothing to change", file=sys.stderr)
        return 1
    changed = [*changes, *(f"{name} {field}" for name, fields in versions.items() for field in fields)]

    def edit(service: AnnouncementService) -> str:
        service.edit(announcement_id, versions=versions, **changes)
        return f"announcement #{announcement_id} updated ({', '.join(changed)})"

    return _run(settings, edit)


def _version_option(channel: str, field_name: str) -> str:
    return f"{channel}_{field_name}".replace("-", "_")


def _edit_command() -> click.Command:
    """`edit`, with an option for each field of each channel's own version (--x-text, --email-subject …)."""
    params: list[click.Parameter] = [click.Argument(["announcement_id"], type=int, metavar="ID")]
    for option in EDIT_FIELDS:
        choice = click.Choice(["all", "topics"]) if option == "audience" else None
        params.append(click.Option([f"--{option}"], type=choice))
    params.append(click.Option(["--topic"], multiple=True, help="topics (repeat)"))
    for name, publisher in channel_classes().items():
        for field_name in publisher.editable_fields:
            label = publisher.label or name
            params.append(click.Option([f"--{name}-{field_name}"], help=f"the {label} version's {field_name}"))
    return click.Command(
        "edit",
        callback=pass_settings(_edit),
        params=params,
        help="Change an announcement until sending starts.",
        short_help="edit an announcement before it sends",
    )


COMMANDS = (announcements, announce, approve, cancel, schedule, _edit_command())
