"""The bot's event handlers, registered in order by `default_registry()`."""

from __future__ import annotations

import re

from linebot.v3.webhooks import (
    AudioMessageContent,
    Event,
    FileMessageContent,
    FollowEvent,
    ImageMessageContent,
    LocationMessageContent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
    VideoMessageContent,
)

from handlers.postbacks import parse_postback
from handlers.registry import ChatServices, HandlerRegistry
from handlers.rendering import ReplyContent

# "ลบข้อมูลของฉัน" / "delete my data", with the usual variations.
DELETE_MY_DATA = re.compile(
    r"^\s*(?:ขอ|กรุณา|ช่วย)?\s*ลบ\s*ข้อมูล\s*(?:ส่วนตัว)?\s*(?:ของ)?\s*(?:ฉัน|ผม|หนู|เรา|ดิฉัน|ตัวเอง)"
    r"|^\s*(?:please\s+)?(?:delete|remove|erase)\s+(?:all\s+)?my\s+(?:personal\s+)?data",
    re.IGNORECASE,
)
MEDIA_KINDS: dict[type, str] = {
    StickerMessageContent: "sticker",
    ImageMessageContent: "image",
    VideoMessageContent: "video",
    AudioMessageContent: "audio",
    LocationMessageContent: "location",
    FileMessageContent: "file",
}


def source_user_id(event: Event) -> str | None:
    source = getattr(event, "source", None)
    return getattr(source, "user_id", None)


def _text(event: Event) -> str | None:
    if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
        return str(event.message.text)
    return None


class DeleteMyDataHandler:
    name = "delete-my-data"

    def matches(self, event: Event) -> bool:
        text = _text(event)
        return text is not None and DELETE_MY_DATA.search(text) is not None

    def handle(self, event: Event, services: ChatServices) -> ReplyContent | None:
        return services.forget(source_user_id(event))


class TextMessageHandler:
    name = "text"

    def matches(self, event: Event) -> bool:
        return _text(event) is not None

    def handle(self, event: Event, services: ChatServices) -> ReplyContent | None:
        return services.answer(source_user_id(event), _text(event) or "")


class MediaMessageHandler:
    """Stickers, images, video, audio, locations and files: a polite reply."""

    name = "media"

    def matches(self, event: Event) -> bool:
        return isinstance(event, MessageEvent) and not isinstance(event.message, TextMessageContent)

    def handle(self, event: Event, services: ChatServices) -> ReplyContent | None:
        assert isinstance(event, MessageEvent)
        kind = MEDIA_KINDS.get(type(event.message), "message")
        return services.unsupported(source_user_id(event), kind)


class FollowHandler:
    name = "follow"

    def matches(self, event: Event) -> bool:
        return isinstance(event, FollowEvent)

    def handle(self, event: Event, services: ChatServices) -> ReplyContent | None:
        user_id = source_user_id(event)
        return services.welcome(user_id) if user_id else None


class UnfollowHandler:
    name = "unfollow"

    def matches(self, event: Event) -> bool:
        return isinstance(event, UnfollowEvent)

    def handle(self, event: Event, services: ChatServices) -> ReplyContent | None:
        user_id = source_user_id(event)
        if user_id:
            services.unfollowed(user_id)
        return None  # an unfollowed user cannot be messaged


class PostbackHandler:
    """Button presses: the data is parsed into its action, which is handled (see `handlers.postbacks`)."""

    name = "postback"

    def matches(self, event: Event) -> bool:
        return isinstance(event, PostbackEvent)

    def handle(self, event: Event, services: ChatServices) -> ReplyContent | None:
        assert isinstance(event, PostbackEvent)
        return parse_postback(str(event.postback.data or "")).handle(source_user_id(event), services)


class IgnoredEventHandler:
    """Everything else (joins, unsends, read receipts, unknown new types):
    recorded as processed, nothing said."""

    name = "ignored"

    def matches(self, event: Event) -> bool:
        return True

    def handle(self, event: Event, services: ChatServices) -> ReplyContent | None:
        return None


def default_registry() -> HandlerRegistry:
    registry = HandlerRegistry()
    for handler in (
        DeleteMyDataHandler(),
        TextMessageHandler(),
        MediaMessageHandler(),
        FollowHandler(),
        UnfollowHandler(),
        PostbackHandler(),
        IgnoredEventHandler(),
    ):
        registry.add(handler)
    return registry
