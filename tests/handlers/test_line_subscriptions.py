"""Subscribing from the chat, by text, quick reply and postback."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from bot.announcements.subscriptions import SubscriberList
from bot.announcements.topics import ALL, Topic, parse_topics
from bot.data.db import Database
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import USER, follow_event, postback_event, text_event, unfollow_event
from tests.helpers import deliver

REPLY = "/v2/bot/message/reply"


def topics_of(store: SubscriberList, user: str = USER) -> list[str]:
    return [str(topic) for topic in store.topics(user)]


def last_text(fake_line: FakeLineApi) -> str:
    return fake_line.sent(REPLY)[-1].texts()[0]


def test_subscribe_list_and_cancel_by_text(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    store = SubscriberList.line(database)
    deliver(line_app, line_client, text_event("ติดตาม MPI"))
    assert "ติดตามMPIแล้ว" in last_text(fake_line)
    deliver(line_app, line_client, text_event("ติดตามยานยนต์"))
    deliver(line_app, line_client, text_event("ติดตาม MPI"))
    assert "อยู่แล้ว" in last_text(fake_line)
    assert topics_of(store) == ["indicator:MPI", "sector:29"]

    deliver(line_app, line_client, text_event("ติดตามอะไรอยู่บ้าง"))
    listing = last_text(fake_line)
    assert "MPI" in listing
    assert "ยานยนต์" in listing

    deliver(line_app, line_client, text_event("ยกเลิกการติดตามยานยนต์"))
    assert topics_of(store) == ["indicator:MPI"]
    deliver(line_app, line_client, text_event("รับข่าวทุกเดือน"))
    assert topics_of(store) == ["all", "indicator:MPI"]
    deliver(line_app, line_client, text_event("ยกเลิกการติดตามทั้งหมด"))
    assert topics_of(store) == []
    assert "ยกเลิกการติดตามทั้งหมดแล้ว" in last_text(fake_line)


def test_english_subscriptions(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    deliver(line_app, line_client, text_event("subscribe to electronics"))
    assert "Subscribed" in last_text(fake_line)
    assert topics_of(SubscriberList.line(database)) == ["sector:26"]
    deliver(line_app, line_client, text_event("unsubscribe"))
    assert topics_of(SubscriberList.line(database)) == []


def test_follow_offers_subscription_and_postback_subscribes(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    deliver(line_app, line_client, follow_event())
    items = fake_line.sent(REPLY)[0].body["messages"][-1]["quickReply"]["items"]
    offer = next(item for item in items if item["action"]["label"] == "รับข่าวทุกเดือน")
    assert offer["action"]["type"] == "postback"
    deliver(line_app, line_client, postback_event(offer["action"]["data"]))
    assert topics_of(SubscriberList.line(database)) == ["all"]
    deliver(line_app, line_client, postback_event("action=subscribe&topic=sector:99"))  # not a topic
    assert topics_of(SubscriberList.line(database)) == ["all"]


def test_unfollow_and_delete_my_data_remove_subscriptions(
    line_app: Flask, line_client: FlaskClient, database: Database
) -> None:
    store = SubscriberList.line(database)
    deliver(line_app, line_client, text_event("ติดตาม MPI"))
    deliver(line_app, line_client, unfollow_event())
    assert topics_of(store) == []
    deliver(line_app, line_client, follow_event(), text_event("ติดตามอาหาร"))
    assert topics_of(store) == ["sector:10"]
    deliver(line_app, line_client, text_event("ลบข้อมูลของฉัน"))
    assert topics_of(store) == []


def test_subscribers_with_several_topics_are_counted_once(database: Database) -> None:
    store = SubscriberList.line(database)
    store.subscribe("U1", ALL)
    store.subscribe("U1", Topic.parse("indicator:MPI"))
    store.subscribe("U2", Topic.parse("sector:29"))
    assert list(store.recipients(parse_topics(["all", "indicator:MPI", "sector:29"]))) == ["U1", "U2"]
