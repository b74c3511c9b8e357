"""The bot's event handlers, registered in order by `default_registry()`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from linebot.v3.webhooks import (
    AudioMessageContent,
    Event,
    FileMessageContent,
    FollowEvent,
    ImageMessageContent,
    JoinEvent,
    LocationMessageContent,
    MessageEvent,
    PostbackEvent,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
    UnsendEvent,
    VideoMessageContent,
)

from bot.replies import Reply
from handlers.postbacks import parse_postback
from handlers.registry import ChatServices, HandlerRegistry

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


# Words a group message may start with to ask the bot without mentioning it.
DEFAULT_GROUP_KEYWORDS = ("สศอ", "oie", "บอท", "bot")


def source_user_id(event: Event) -> str | None:
    source = getattr(event, "source", None)
    return getattr(source, "user_id", None)


def is_private(event: Event) -> bool:
    """A one-to-one chat, not a group or a room."""
    return getattr(getattr(event, "source", None), "type", "user") == "user"


def _text(event: Event) -> str | None:
    if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
        return str(event.message.text)
    return None


def _mentions_bot(message: TextMessageContent) -> bool:
    mentionees = message.mention.mentionees if message.mention is not None else []
    return any(getattr(mentionee, "is_self", False) for mentionee in mentionees)


def _without_mentions(message: TextMessageContent) -> str:
    """The text with every @mention cut out (their places are given by index and length)."""
    text = str(message.text)
    mentionees = message.mention.mentionees if message.mention is not None else []
    for mentionee in sorted(mentionees, key=lambda m: m.index, reverse=True):
        text = text[: mentionee.index] + text[mentionee.index + mentionee.length :]
    return text.strip()


class GroupChatterHandler:
    """In groups and rooms the bot speaks only when spoken to: mentioned, or
    asked with a keyword at the start ("สศอ MPI ล่าสุด"). Everything else
    members say to each other is left alone, and nothing is stored."""

    name = "group-chatter"

    def __init__(self, keywords: Sequence[str] = DEFAULT_GROUP_KEYWORDS) -> None:
        self.keywords = tuple(keyword.lower() for keyword in keywords if keyword)

    def matches(self, event: Event) -> bool:
        if is_private(event) or not isinstance(event, MessageEvent):
            return False
        if not isinstance(event.message, TextMessageContent):
            return True  # stickers and photos in a group are not for the bot
        return not (_mentions_bot(event.message) or self.keyword_of(str(event.message.text)) is not None)

    def keyword_of(self, text: str) -> str | None:
        lowered = text.lstrip().lower()
        return next((keyword for keyword in self.keywords if lowered.startswith(keyword)), None)

    def handle(self, event: Event, services: ChatServices) -> Reply | None:
        return None

    def question(self, message: TextMessageContent) -> str:
        """What a group member asked the bot: without the mention or the keyword."""
        text = _without_mentions(message)
        keyword = self.keyword_of(text)
        if keyword is not None:
            text = text.lstrip()[len(keyword) :].lstrip(" :,.-")
        return text


class DeleteMyDataHandler:
    name = "delete-my-data"

    def matches(self, event: Event) -> bool:
        text = _text(event)
        return text is not None and DELETE_MY_DATA.search(text) is not None

    def handle(self, event: Event, services: ChatServices) -> Reply | None:
        return services.forget(source_user_id(event))


class TextMessageHandler:
    name = "text"

    def __init__(self, groups: GroupChatterHandler | None = None) -> None:
        self.groups = groups or GroupChatterHandler()

    def matches(self, event: Event) -> bool:
        return _text(event) is not None

    def handle(self, event: Event, services: ChatServices) -> Reply | None:
        assert isinstance(event, MessageEvent)
        assert isinstance(event.message, TextMessageContent)
        private = is_private(event)
        text = str(event.message.text) if private else self.groups.question(event.message)
        if not private and not text:
            return services.help(source_user_id(event))  # "@bot" alone: how to ask
        return services.answer(source_user_id(event), text, message_id=event.message.id, private=private)


class MediaMessageHandler:
    """Stickers, images, video, audio, locations and files: a polite reply."""

    name = "media"

    def matches(self, event: Event) -> bool:
        return isinstance(event, MessageEvent) and not isinstance(event.message, TextMessageContent)

    def handle(self, event: Event, services: ChatServices) -> Reply | None:
        assert isinstance(event, MessageEvent)
        kind = MEDIA_KINDS.get(type(event.message), "message")
        return services.unsupported(source_user_id(event), kind)


class FollowHandler:
    name = "follow"

    def matches(self, event: Event) -> bool:
        return isinstance(event, FollowEvent)

    def handle(self, event: Event, services: ChatServices) -> Reply | None:
        user_id = source_user_id(event)
        return services.welcome(user_id) if user_id else None


class JoinHandler:
    """Added to a group or a room: say how to ask the bot there."""

    name = "join"

    def matches(self, event: Event) -> bool:
        return isinstance(event, JoinEvent)

    def handle(self, event: Event, services: ChatServices) -> Reply | None:
        return services.joined()


class UnsendHandler:
    """A user unsent a message: its text goes from the conversation log."""

    name = "unsend"

    def matches(self, event: Event) -> bool:
        return isinstance(event, UnsendEvent)

    def handle(self, event: Event, services: ChatServices) -> Reply | None:
        assert isinstance(event, UnsendEvent)
        services.unsent(str(event.unsend.message_id))
        return None


class UnfollowHandler:
    name = "unfollow"

    def matches(self, event: Event) -> bool:
        return isinstance(event, UnfollowEvent)

    def handle(self, event: Event, services: ChatServices) -> Reply | None:
        user_id = source_user_id(event)
        if user_id:
            services.unfollowed(user_id)
        return None  # an unfollowed user cannot be messaged


class PostbackHandler:
    """Button presses: the data is parsed into its action, which is handled (see `handlers.postbacks`)."""

    name = "postback"

    def matches(self, event: Event) -> bool:
        return isinstance(event, PostbackEvent)

    def handle(self, event: Event, services: ChatServices) -> Reply | None:
        assert isinstance(event, PostbackEvent)
        action = parse_postback(str(event.postback.data or ""))
        return action.handle(source_user_id(event), services, is_private(event))


class IgnoredEventHandler:
    """Everything else (leaves, read receipts, unknown new types): nothing said."""

    name = "ignored"

    def matches(self, event: Event) -> bool:
        return True

    def handle(self, event: Event, services: ChatServices) -> Reply | None:
        return None


def default_registry(group_keywords: Sequence[str] = DEFAULT_GROUP_KEYWORDS) -> HandlerRegistry:
    groups = GroupChatterHandler(group_keywords)
    registry = HandlerRegistry()
    for handler in (
        groups,
        DeleteMyDataHandler(),
        TextMessageHandler(groups),
        MediaMessageHandler(),
        FollowHandler(),
        JoinHandler(),
        UnsendHandler(),
        UnfollowHandler(),
        PostbackHandler(),
        IgnoredEventHandler(),
    ):
        registry.add(handler)
    return registry
