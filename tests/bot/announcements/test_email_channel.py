"""E-mail as subscribers receive it, and the unsubscribe link."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from bot.announcements.images import ImageLoader
from bot.announcements.subscriptions import SubscriberList, SubscriptionError
from bot.announcements.topics import TopicError, parse_topics
from bot.announcements.unsubscribe import UnsubscribeTokens
from bot.answers.charts import ChartCache
from bot.data.db import Database
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files
from publishers.base import OutgoingMessage
from publishers.email import EmailPublisher
from tests.fakes.smtp import FakeSmtpServer
from tests.helpers import SAMPLE_DIR


def entries(store: SubscriberList) -> list[tuple[str, str]]:
    return [(address, str(topic)) for address, topic in store.entries()]


def test_message_has_text_html_inline_chart_and_unsubscribe(
    smtp: FakeSmtpServer, database: Database, tmp_path: Path
) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    charts = ChartCache(IndicatorStore(database), tmp_path, "https://bot.example")
    from bot.answers.model import ChartSpec
    from nlp.thaidate import YearMonth

    image_url, _ = charts.urls(ChartSpec("MPI", "TOTAL", YearMonth(2024, 10), YearMonth(2026, 9)))
    SubscriberList.email(database).add("somchai@example.org", parse_topics(["all"]))
    tokens = UnsubscribeTokens("secret", database)
    publisher = EmailPublisher(
        "127.0.0.1",
        smtp.port,
        "news@oie.example",
        unsubscribe_link=lambda address: f"https://bot.example/unsubscribe?token={tokens.make(address)}",
        starttls=False,
        image_loader=ImageLoader(charts),
    )
    message = OutgoingMessage(
        1,
        "ดัชนีเศรษฐกิจอุตสาหกรรม ตุลาคม 2569",
        "ดัชนีผลผลิตอุตสาหกรรม 101.48\n\nเพิ่มขึ้น +1.19%",
        image_url=image_url,
        link_url="https://oie.example/release",
        versions={"email": {"subject": "MPI ตุลาคม 2569", "text": "ดัชนีผลผลิตอุตสาหกรรม 101.48"}},
    )
    result = publisher.publish(message, ["somchai@example.org"], "key")
    assert result.ok
    (received,) = smtp.received
    email = received.message
    assert email["Subject"] == "MPI ตุลาคม 2569"
    assert received.recipients == ["somchai@example.org"]
    plain = email.get_body(preferencelist=("plain",))
    html = email.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    assert "101.48" in plain.get_content()
    assert "101.48" in html.get_content()
    images = [part for part in email.walk() if part.get_content_type() == "image/png"]
    assert len(images) == 1
    cid = images[0]["Content-ID"].strip("<>")
    assert f"cid:{cid}" in html.get_content()
    link = re.search(r"https://bot\.example/unsubscribe\?token=\S+", plain.get_content())
    assert link is not None
    assert email["List-Unsubscribe"] == f"<{link.group(0)}>"
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert tokens.read(link.group(0).split("token=")[1]) == "somchai@example.org"


def test_unsubscribe_link_needs_no_login_and_cannot_be_forged(client: FlaskClient, database: Database) -> None:
    store = SubscriberList.email(database)
    store.add("Somchai@Example.org", parse_topics(["all", "indicator:MPI"]))
    store.add("malee@example.org", parse_topics(["all"]))
    token = UnsubscribeTokens("dev-only-secret-key", database).make("somchai@example.org")
    page = client.get(f"/unsubscribe?token={token}")
    assert page.status_code == 200
    assert "somchai@example.org" in page.get_data(as_text=True)
    assert len(entries(store)) == 3  # a GET (mail scanners follow links) changes nothing
    done = client.post("/unsubscribe", data={"token": token})
    assert done.status_code == 200
    assert entries(store) == [("malee@example.org", "all")]
    forged = UnsubscribeTokens("another-secret", database).make("malee@example.org")
    assert client.post("/unsubscribe", data={"token": forged}).status_code == 400
    assert client.get("/unsubscribe?token=garbage").status_code == 400
    assert entries(store) == [("malee@example.org", "all")]
    assert "somchai" not in token  # opaque: no address inside
    # Staff add the address again: the old link has no effect any more.
    store.add("somchai@example.org", parse_topics(["all"]))
    assert client.post("/unsubscribe", data={"token": token}).status_code == 400
    assert ("somchai@example.org", "all") in entries(store)


def test_unsubscribe_links_expire(database: Database) -> None:
    store = SubscriberList.email(database)
    store.add("late@example.org", parse_topics(["all"]))
    tokens = UnsubscribeTokens("secret", database, lifetime=timedelta(seconds=-1))
    assert tokens.read(tokens.make("late@example.org")) is None
    assert UnsubscribeTokens("secret", database).read(tokens.make("late@example.org")) == "late@example.org"


def test_one_click_unsubscribe(client: FlaskClient, database: Database) -> None:
    store = SubscriberList.email(database)
    store.add("a@example.org", parse_topics(["sector:29"]))
    token = UnsubscribeTokens("dev-only-secret-key", database).make("a@example.org")
    response = client.post(f"/unsubscribe?token={token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert entries(store) == []


def test_subscriber_lists_per_topic(database: Database) -> None:
    store = SubscriberList.email(database)
    added = store.add("a@example.org", parse_topics(["indicator:MPI", "sector:29"]))
    assert [str(topic) for topic in added] == ["indicator:MPI", "sector:29"]
    assert store.add("a@example.org", parse_topics(["indicator:MPI"])) == []
    store.add("b@example.org", parse_topics(["sector:29"]))
    assert list(store.recipients(parse_topics(["indicator:MPI", "sector:29"]))) == ["a@example.org", "b@example.org"]
    assert list(store.recipients(parse_topics(["indicator:MPI"]))) == ["a@example.org"]
    with pytest.raises(SubscriptionError, match="not an e-mail address"):
        store.add("not-an-address", parse_topics(["all"]))
    with pytest.raises(TopicError, match="unknown topic"):
        store.add("c@example.org", parse_topics(["sector:99"]))
