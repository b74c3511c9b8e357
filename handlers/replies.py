"""What the bot says, in a form independent of how it was computed, and its
conversion to LINE messages within LINE's limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linebot.v3.messaging import (
    FlexContainer,
    FlexMessage,
    ImageMessage,
    Message,
    MessageAction,
    PostbackAction,
    QuickReply,
    QuickReplyItem,
    TextMessage,
)

MAX_MESSAGES = 5  # per reply or push request
MAX_TEXT = 5000  # characters per text message
MAX_ALT_TEXT = 400  # characters of a Flex message's altText
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20  # characters of a quick-reply or button label
MAX_POSTBACK_DATA = 300


@dataclass(frozen=True)
class QuickAction:
    """A quick-reply button: sends `text` as the user's message, or posts
    `postback` data back to the bot (showing `text` in the chat)."""

    label: str
    text: str
    postback: str | None = None


@dataclass
class Reply:
    texts: list[str] = field(default_factory=list)
    flex: dict[str, Any] | None = None  # a Flex bubble
    flex_alt_text: str = ""
    image_urls: tuple[str, str] | None = None  # (original, preview)
    quick_actions: list[QuickAction] = field(default_factory=list)


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split at line breaks where possible so no message exceeds the limit."""
    chunks: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n")
    if text:
        chunks.append(text)
    return chunks


def quick_reply(actions: list[QuickAction]) -> QuickReply | None:
    items = []
    for action in actions[:MAX_QUICK_REPLIES]:
        label = _label(action.label)
        if action.postback is not None:
            line_action: MessageAction | PostbackAction = PostbackAction(
                label=label, data=action.postback[:MAX_POSTBACK_DATA], displayText=action.text[:300]
            )
        else:
            line_action = MessageAction(label=label, text=action.text[:300])
        items.append(QuickReplyItem(action=line_action))
    return QuickReply(items=items) if items else None


def to_line_messages(reply: Reply) -> list[Message]:
    """At most five messages: the Flex card (or the text), the chart image,
    then further text; quick replies ride on the last message."""
    messages: list[Message] = []
    texts = [chunk for text in reply.texts for chunk in split_text(text)]
    if reply.flex is not None:
        alt = reply.flex_alt_text or (texts[0] if texts else "")
        if len(alt) > MAX_ALT_TEXT:
            alt = alt[: MAX_ALT_TEXT - 1] + "…"
        messages.append(FlexMessage(altText=alt or "-", contents=FlexContainer.from_dict(reply.flex)))
    else:
        if texts:
            messages.append(TextMessage(text=texts.pop(0)))
    if reply.image_urls is not None:
        original, preview = reply.image_urls
        messages.append(ImageMessage(originalContentUrl=original, previewImageUrl=preview))
    if reply.flex is None:
        messages.extend(TextMessage(text=text) for text in texts)
    if len(messages) > MAX_MESSAGES:
        messages = messages[:MAX_MESSAGES]
    quick = quick_reply(reply.quick_actions)
    if quick is not None and messages:
        messages[-1].quick_reply = quick
    return messages
