"""The Atom and RSS feeds, parsed back with feedparser: valid, with stable ids,
each release once, announced in the public pages' head."""

from __future__ import annotations

import feedparser
from flask import Flask
from flask.testing import FlaskClient

from bot.announcements.states import AnnouncementState
from bot.app import services_of
from bot.data.models import Announcement


def parsed(api: FlaskClient, path: str) -> feedparser.FeedParserDict:
    response = api.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_release_feeds_hold_each_release_once_with_a_stable_id(api: FlaskClient) -> None:
    atom = parsed(api, "/feeds/releases.atom")
    rss = parsed(api, "/feeds/releases.rss")
    assert atom.version == "atom10"
    assert rss.version == "rss20"
    (release,) = atom.entries  # the first backfill is history, not a release
    assert "ตุลาคม 2569" in release.title
    assert "sample data" in release.summary
    assert release.id.startswith("tag:testserver,2026:release:")
    assert [entry.id for entry in rss.entries] == [release.id]
    again = parsed(api, "/feeds/releases.atom")
    assert [entry.id for entry in again.entries] == [release.id]


def test_announcement_feed_has_what_was_published_only(api_app: Flask, api: FlaskClient) -> None:
    with services_of(api_app).database.session() as session:
        for title, state in [("ส่งแล้ว", AnnouncementState.SENT), ("ร่าง", AnnouncementState.DRAFT)]:
            session.add(
                Announcement(kind="custom", title=title, text=f"{title} ข้อความ", audience="all", state=str(state))
            )
    feed = parsed(api, "/feeds/announcements.atom")
    assert [entry.title for entry in feed.entries] == ["ส่งแล้ว"]


def test_public_pages_announce_the_feeds(api: FlaskClient) -> None:
    head = api.get("/").get_data(as_text=True)
    assert 'rel="alternate" type="application/atom+xml"' in head
    assert "/feeds/releases.rss" in head
    assert api.get("/feeds/releases.json").status_code == 404


def test_feed_texts_are_plain_text_never_markup(api_app: Flask, api: FlaskClient) -> None:
    text = '<img src=x onerror="alert(1)"> ดัชนี & <b>MPI</b>'
    with services_of(api_app).database.session() as session:
        session.add(Announcement(kind="custom", title="t", text=text, audience="all", state="sent"))
    rss = parsed(api, "/feeds/announcements.rss")
    # What a reader renders as HTML is the escaped text: it shows the characters, runs nothing.
    assert rss.entries[0].summary == '&lt;img src=x onerror="alert(1)"&gt; ดัชนี &amp; &lt;b&gt;MPI&lt;/b&gt;'.replace(
        '"', "&quot;"
    )
    atom = parsed(api, "/feeds/announcements.atom")
    assert atom.entries[0].summary == text
    assert atom.entries[0].summary_detail.type == "text/plain"
