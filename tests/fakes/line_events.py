"""Webhook payloads as LINE sends them, signed with the channel secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from typing import Any

CHANNEL_SECRET = "test-channel-secret"
ACCESS_TOKEN = "test-access-token"
BOT_USER_ID = "U0e5a1b2c3d4e5f60718293a4b5c6d7e8"  # the destination of every webhook: the bot
USER = "U4af4980629ba4d8b2b1e1a3cf2b8a7c1"
GROUP = "Ca56f94637cc4347f90a25382909b24b9"
ROOM = "Ra8dbf4673c4c812cd491258042226c99"


def signature(body: bytes, secret: str = CHANNEL_SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def payload(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": BOT_USER_ID, "events": list(events)}, ensure_ascii=False).encode()


def _base(event_type: str, user: str, event_id: str | None, redelivery: bool) -> dict[str, Any]:
    return {
        "type": event_type,
        "mode": "active",
        "timestamp": 1764000000000,
        "source": {"type": "user", "userId": user},
        "webhookEventId": event_id or uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": redelivery},
    }


def text_event(
    text: str, user: str = USER, event_id: str | None = None, redelivery: bool = False, message_id: str | None = None
) -> dict[str, Any]:
    event = _base("message", user, event_id, redelivery)
    event["replyToken"] = uuid.uuid4().hex
    message_id = message_id or str(uuid.uuid4().int % 10**18)
    event["message"] = {"id": message_id, "type": "text", "quoteToken": "q3Plxr4AgKd", "text": text}
    return event


def in_group(event: dict[str, Any], group: str = GROUP) -> dict[str, Any]:
    """The event as it happens in a group chat (the member's user id is still given)."""
    user = event["source"].get("userId")
    return {**event, "source": {"type": "group", "groupId": group, **({"userId": user} if user else {})}}


def in_room(event: dict[str, Any], room: str = ROOM) -> dict[str, Any]:
    user = event["source"].get("userId")
    return {**event, "source": {"type": "room", "roomId": room, **({"userId": user} if user else {})}}


def mentioning_bot(event: dict[str, Any], name: str = "@OIE Bot") -> dict[str, Any]:
    """A text message that starts by mentioning the bot, as LINE marks it."""
    message = dict(event["message"])
    message["text"] = f"{name} {message['text']}"
    message["mention"] = {
        "mentionees": [{"index": 0, "length": len(name), "type": "user", "userId": "Ubot", "isSelf": True}]
    }
    return {**event, "message": message}


def in_standby(event: dict[str, Any]) -> dict[str, Any]:
    """An event while another channel is active (module mode): a message or
    postback comes without a reply token (the specification requires one on
    join and follow events)."""
    dropped = "replyToken" if event["type"] in ("message", "postback") else None
    return {key: value for key, value in {**event, "mode": "standby"}.items() if key != dropped}


def join_event(group: str = GROUP) -> dict[str, Any]:
    event = _base("join", USER, None, False)
    event["source"] = {"type": "group", "groupId": group}
    event["replyToken"] = uuid.uuid4().hex
    return event


def unsend_event(message_id: str, user: str = USER) -> dict[str, Any]:
    event = _base("unsend", user, None, False)
    event["unsend"] = {"messageId": message_id}
    return event


def message_event(message: dict[str, Any], user: str = USER) -> dict[str, Any]:
    event = _base("message", user, None, False)
    event["replyToken"] = uuid.uuid4().hex
    event["message"] = {"id": "325709", **message}
    return event


def follow_event(user: str = USER) -> dict[str, Any]:
    event = _base("follow", user, None, False)
    event["replyToken"] = uuid.uuid4().hex
    event["follow"] = {"isUnblocked": False}
    return event


def unfollow_event(user: str = USER) -> dict[str, Any]:
    return _base("unfollow", user, None, False)


def postback_event(data: str, user: str = USER) -> dict[str, Any]:
    event = _base("postback", user, None, False)
    event["replyToken"] = uuid.uuid4().hex
    event["postback"] = {"data": data}
    return event


STICKER = {
    "type": "sticker",
    "packageId": "446",
    "stickerId": "1988",
    "stickerResourceType": "STATIC",
    "quoteToken": "yHAz4Ua2wx7",
}
IMAGE = {"type": "image", "contentProvider": {"type": "line"}, "quoteToken": "yHAz4Ua2wx8"}
LOCATION = {"type": "location", "title": "OIE", "address": "Bangkok", "latitude": 13.75, "longitude": 100.5}
AUDIO = {"type": "audio", "duration": 1000, "contentProvider": {"type": "line"}}
