"""Writing and editing announcements, with a live preview of each channel's
version as the channel will show it (the same code that sends it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from bot.announcements.outbox import message_of
from bot.announcements.rules import AnnouncementError, too_long
from bot.announcements.states import EDITABLE_STATES, Audience
from bot.announcements.topics import ALL, EVERY_TOPIC
from bot.announcements.workflow import channel_versions
from bot.answers.model import ChartSpec
from bot.data.models import Announcement
from bot.staff.overview import subscriber_counts
from bot.staff.roles import Permission
from bot.web.media import ImageRefusedError, store_image
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import actor, load_announcement, requires
from bot.web.staff.labels import announcement_problem
from nlp.vocabulary import INDICATOR_CODES, SECTOR_CODES, TOTAL
from publishers.base import AnnouncementContent, OutgoingMessage, PreviewPart
from publishers.registry import channel_classes

THREAD_NUMBER = re.compile(r" \(\d+/\d+\)$")


@dataclass
class Draft:
    """What the compose form holds."""

    title: str = ""
    text: str = ""
    image_url: str = ""
    link_url: str = ""
    audience: str = Audience.ALL
    topics: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    # The channels' own versions as staff see them, and as they were when the form opened.
    versions: dict[str, dict[str, str]] = field(default_factory=dict)
    originals: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form: MultiDict[str, str]) -> Draft:
        draft = cls(
            title=form.get("title", "").strip(),
            text=form.get("text", "").strip(),
            image_url=form.get("image_url", "").strip(),
            link_url=form.get("link_url", "").strip(),
            audience=form.get("audience", Audience.ALL),
            topics=form.getlist("topics"),
            channels=form.getlist("channels"),
        )
        for name, publisher in channel_classes().items():
            for field_name in publisher.editable_fields:
                key = f"version-{name}-{field_name}"
                if key in form:
                    draft.versions.setdefault(name, {})[field_name] = form[key]
                    draft.originals.setdefault(name, {})[field_name] = form.get(f"{key}-original", "")
        return draft

    def edited_versions(self) -> dict[str, dict[str, str]]:
        """The version fields staff changed in this form."""
        edited: dict[str, dict[str, str]] = {}
        for channel, fields in self.versions.items():
            for name, value in fields.items():
                if value.strip() and value != self.originals.get(channel, {}).get(name):
                    edited.setdefault(channel, {})[name] = value
        return edited

    def too_long(self) -> AnnouncementError | None:
        """Checked first: a huge text must cost nothing before it is refused."""
        fields = [value for channel in self.versions.values() for value in channel.values()]
        problem = too_long(self.text, self.title, self.image_url, self.link_url)
        return problem or next((too_long(value) for value in fields if too_long(value)), None)

    def content(self) -> AnnouncementContent:
        return AnnouncementContent(
            self.title or self.text[:100], self.text, self.image_url or None, self.link_url or None
        )


def version_fields(versions: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Each editable field of each channel's version, as text in a form."""
    shown: dict[str, dict[str, str]] = {}
    for name, publisher in channel_classes().items():
        version = versions.get(name)
        for field_name in publisher.editable_fields:
            if isinstance(version, list):  # a thread: its posts, without their numbers
                value = "\n".join(THREAD_NUMBER.sub("", str(post)) for post in version)
            elif isinstance(version, dict):
                value = str(version.get(field_name, ""))
            else:
                value = str(version or "")
            shown.setdefault(name, {})[field_name] = value
    return shown


def previews_of(message: OutgoingMessage, channels: list[str]) -> list[tuple[str, str, list[PreviewPart]]]:
    classes = channel_classes()
    return [(name, classes[name].label or name, classes[name].preview(message)) for name in channels if name in classes]


def _explained(error: AnnouncementError) -> str:
    return announcement_problem(error, ZoneInfo(services().settings.TZ_NAME))


def draft_message(draft: Draft) -> OutgoingMessage:
    """The message the draft would send: drafted versions, with staff's edits applied."""
    content = draft.content()
    versions = channel_versions(content)
    classes = channel_classes()
    for channel, fields in draft.edited_versions().items():
        for name, value in fields.items():
            versions[channel] = classes[channel].edit_version(versions.get(channel), name, value)
    return OutgoingMessage(0, content.title, content.text, content.image_url, None, content.link_url, versions=versions)


def _form(draft: Draft, announcement: Announcement | None, errors: list[str]) -> ResponseReturnValue:
    policy = services().policy
    channels = draft.channels or list(policy.channels)
    # Nothing is drafted from a text too long to be one: the form comes back with it, unprocessed.
    message = draft_message(draft) if draft.text and draft.too_long() is None else None
    status = 400 if errors else 200
    return (
        render_template(
            "staff/announcement_form.html",
            draft=draft,
            announcement=announcement,
            errors=errors,
            topics=[str(topic) for topic in EVERY_TOPIC],
            subscribers=_subscribers_by_topic(),
            channel_classes=channel_classes(),
            configured={name for name, ready in services().settings.configured_channels.items() if ready},
            chosen_channels=channels,
            fields=version_fields(message.versions if message else {}) if not draft.versions else draft.versions,
            previews=previews_of(message, channels) if message else [],
            chart_indicators=INDICATOR_CODES,
            chart_sectors=[TOTAL, *SECTOR_CODES],
        ),
        status,
    )


def _with_upload(draft: Draft, announcement: Announcement | None) -> ResponseReturnValue:
    """The form again, with the uploaded image as its image: nothing is saved until staff save."""
    upload = request.files.get("image_file")
    if upload is None or not upload.filename:
        return _form(draft, announcement, [_("Choose an image file to upload.")])
    try:
        name = store_image(upload.stream)
    except ImageRefusedError:
        return _form(draft, announcement, [_("The image must be a PNG or JPEG of at most 5 MB.")])
    draft.image_url = services().settings.public_base_url + url_for("media.media_file", name=name)
    return _form(draft, announcement, [])


def _with_chart(draft: Draft, announcement: Announcement | None) -> ResponseReturnValue:
    """The form again, with a chart of the latest 24 months as its image (drawn now, once)."""
    snapshot = services().store.snapshot()
    latest = snapshot.latest
    indicator, sector = request.form.get("chart_indicator", ""), request.form.get("chart_sector", TOTAL)
    spec = ChartSpec.checked(indicator, sector, latest.shift(-23), latest) if latest else None
    if spec is None or not spec.points(snapshot):
        return _form(draft, announcement, [_("There are no figures for that chart.")])
    draft.image_url = services().charts.urls(spec)[0]
    return _form(draft, announcement, [])


def _subscribers_by_topic() -> dict[str, int]:
    """People subscribed to each topic, on every channel together."""
    per_topic = subscriber_counts(services().database)["per_topic"]
    return {topic: sum(channels.values()) for topic, channels in per_topic.items()}


@blueprint.route("/announcements/new", methods=["GET", "POST"])
@requires(Permission.COMPOSE)
def new_announcement() -> ResponseReturnValue:
    if request.method == "GET":
        # Those who asked for news, not every friend: the widest audience is a choice, never the default.
        return _form(Draft(audience=Audience.TOPICS, topics=[str(ALL)]), None, [])
    draft = Draft.from_form(request.form)
    if request.form.get("upload"):
        return _with_upload(draft, None)
    if request.form.get("use_chart"):
        return _with_chart(draft, None)
    if (problem := draft.too_long()) is not None:
        return _form(draft, None, [_explained(problem)])
    try:
        new_id = services().announcements.create(
            draft.text,
            title=draft.title,
            image_url=draft.image_url or None,
            link_url=draft.link_url or None,
            audience=draft.audience,
            topics=draft.topics,
            channels=draft.channels or None,
            created_by=actor(),
        )
        if draft.edited_versions():
            services().announcements.edit(new_id, versions=draft.edited_versions(), by=actor())
    except AnnouncementError as error:
        return _form(draft, None, [_explained(error)])
    flash(_("Draft saved. Another person with the approver role must approve it."), "success")
    return redirect(url_for("staff.announcement", announcement_id=new_id))


@blueprint.route("/announcements/<int:announcement_id>/edit", methods=["GET", "POST"])
@requires(Permission.COMPOSE)
def edit_announcement(announcement_id: int) -> ResponseReturnValue:
    announcement = load_announcement(announcement_id)
    if announcement.state not in EDITABLE_STATES:
        flash(_("This announcement can no longer be edited: sending has started."), "error")
        return redirect(url_for("staff.announcement", announcement_id=announcement_id))
    if request.method == "GET":
        fields = version_fields(announcement.versions or {})
        draft = Draft(
            announcement.title,
            announcement.text,
            announcement.image_url or "",
            announcement.link_url or "",
            announcement.audience,
            list(announcement.topics),
            list(announcement.channels),
            fields,
            {channel: dict(values) for channel, values in fields.items()},
        )
        return _form(draft, announcement, [])
    draft = Draft.from_form(request.form)
    if request.form.get("upload"):
        return _with_upload(draft, announcement)
    if request.form.get("use_chart"):
        return _with_chart(draft, announcement)
    if (problem := draft.too_long()) is not None:
        return _form(draft, announcement, [_explained(problem)])
    changes: dict[str, Any] = {
        "title": draft.title,
        "text": draft.text,
        "image_url": draft.image_url or None,
        "link_url": draft.link_url or None,
        "audience": draft.audience,
        "topics": draft.topics,
    }
    if draft.channels:
        changes["channels"] = draft.channels
    try:
        services().announcements.edit(announcement_id, versions=draft.edited_versions(), by=actor(), **changes)
    except AnnouncementError as error:
        return _form(draft, announcement, [_explained(error)])
    flash(_("Changes saved."), "success")
    return redirect(url_for("staff.announcement", announcement_id=announcement_id))


@blueprint.post("/announcements/preview")
@requires(Permission.VIEW)
def preview() -> ResponseReturnValue:
    """The previews of the compose form as it stands (the page asks while staff type)."""
    draft = Draft.from_form(request.form)
    if draft.too_long() is not None:
        return render_template("staff/_previews.html", previews=[]), 413
    channels = draft.channels or list(services().policy.channels)
    message = draft_message(draft) if draft.text else None
    return render_template("staff/_previews.html", previews=previews_of(message, channels) if message else [])


def stored_previews(announcement: Announcement) -> list[tuple[str, str, list[PreviewPart]]]:
    return previews_of(message_of(announcement), list(announcement.channels))
