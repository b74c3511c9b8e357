"""Atom and RSS 2.0 feeds of releases and of announcements (feedgen), with
ids that never change, so feed readers and partner systems pick up each new
month once."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from bot.announcements.states import AnnouncementState
from bot.data.db import Database, as_utc
from bot.data.models import Announcement, ImportRecord
from bot.web.services import services
from nlp.thaidate import YearMonth

blueprint = Blueprint("feeds", __name__, url_prefix="/feeds")
MAX_ENTRIES = 50
PUBLISHED_STATES = (AnnouncementState.SENDING, AnnouncementState.SENT, AnnouncementState.PARTLY_FAILED)
FORMATS = {"atom": "application/atom+xml; charset=utf-8", "rss": "application/rss+xml; charset=utf-8"}


def _database() -> Database:
    database = services().database
    return database


def _base_url() -> str:
    return str(services().settings.public_base_url)


def _tag(kind: str, key: object) -> str:
    """A tag URI (RFC 4151): the same entry keeps its id wherever the feed is served from."""
    host = urlsplit(_base_url()).hostname or "localhost"
    return f"tag:{host},2026:{kind}:{key}"


def _feed(kind: str, title: str, subtitle: str, output: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(_tag("feed", kind))
    feed.title(title)
    feed.subtitle(subtitle)
    feed.language("th")
    feed.author({"name": "สำนักงานเศรษฐกิจอุตสาหกรรม (สศอ.)"})
    feed.link(href=f"{_base_url()}/", rel="alternate")
    feed.link(href=_base_url() + url_for(f"feeds.{kind}", output=output), rel="self")
    return feed


def _answer(feed: FeedGenerator, output: str) -> Response:
    body = feed.atom_str(pretty=True) if output == "atom" else feed.rss_str(pretty=True)
    response = Response(body, content_type=FORMATS[output])
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


Fill = Callable[[FeedGenerator, Callable[[str], str]], None]


def _serve(output: str, fill: Fill, kind: str, title: str, subtitle: str) -> Response:
    if output not in FORMATS:
        return Response("feeds come as .atom or .rss\n", status=404, content_type="text/plain; charset=utf-8")
    feed = _feed(kind, title, subtitle, output)
    # An Atom summary is plain text by its type; readers take an RSS description as HTML,
    # so there the text is escaped: it shows as written and can carry no markup.
    fill(feed, html.escape if output == "rss" else str)
    return _answer(feed, output)


@blueprint.get("/releases.<output>")
def releases(output: str) -> ResponseReturnValue:
    return _serve(
        output,
        _release_entries,
        "releases",
        "ดัชนีเศรษฐกิจอุตสาหกรรม: ข้อมูลเผยแพร่ใหม่",
        "Each month's new figures of Thailand's manufacturing indicators (MPI, shipments, inventories, capacity)",
    )


@blueprint.get("/announcements.<output>")
def announcements(output: str) -> ResponseReturnValue:
    return _serve(
        output,
        _announcement_entries,
        "announcements",
        "ประกาศจาก สศอ.",
        "Announcements of the Office of Industrial Economics: releases, reports and notices",
    )


def _release_entries(feed: FeedGenerator, plain: Callable[[str], str]) -> None:
    with _database().session() as session:
        records = session.scalars(
            select(ImportRecord)
            .where(ImportRecord.backfill.is_(False))
            .order_by(ImportRecord.id.desc())
            .limit(MAX_ENTRIES)
        ).all()
        drafted = session.execute(
            select(Announcement.import_id, Announcement.text).where(
                Announcement.kind == "release", Announcement.import_id.in_([record.id for record in records])
            )
        )
        texts = {row.import_id: row.text for row in drafted}
    for record in reversed(records):  # feedgen puts the last added first
        months = record.new_months
        if not months:
            continue
        newest = YearMonth.parse(months[-1])
        entry = feed.add_entry()
        entry.id(_tag("release", record.id))
        entry.title(f"ข้อมูลเดือน{newest.thai()} / {newest.english()} figures")
        entry.link(href=f"{_base_url()}/#{newest.iso()}")
        moment = _moment(record.imported_at)
        entry.published(moment)
        entry.updated(moment)
        sample = "" if record.dataset == "OIE" else " (ข้อมูลตัวอย่าง ไม่ใช่ตัวเลขทางการ / sample data, not official)"
        summary = texts.get(record.id) or f"เดือนใหม่: {', '.join(months)}; ปรับปรุง {record.revised_count} ค่า"
        entry.summary(plain(summary + sample))


def _announcement_entries(feed: FeedGenerator, plain: Callable[[str], str]) -> None:
    with _database().session() as session:
        rows = session.scalars(
            select(Announcement)
            .where(Announcement.state.in_([str(state) for state in PUBLISHED_STATES]))
            .order_by(Announcement.id.desc())
            .limit(MAX_ENTRIES)
        ).all()
    for announcement in reversed(rows):
        entry = feed.add_entry()
        entry.id(_tag("announcement", announcement.id))
        entry.title(announcement.title)
        entry.link(href=announcement.link_url or f"{_base_url()}/")
        entry.published(_moment(announcement.scheduled_at or announcement.created_at))
        entry.updated(_moment(announcement.updated_at))
        entry.summary(plain(announcement.text))


def _moment(value: datetime) -> datetime:
    return as_utc(value)
