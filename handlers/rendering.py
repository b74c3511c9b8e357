"""Channel-neutral replies as LINE messages, within LINE's limits.

The application's replies are described here only by their shape
(`ReplyContent` and the protocols it is made of), so this package needs
nothing of the application: any object with these attributes renders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol
from urllib.parse import urlencode

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

from publishers.line_format import (
    MAX_ALT_TEXT,
    MAX_DISPLAY_TEXT,
    MAX_LABEL,
    MAX_MESSAGES,
    MAX_POSTBACK_DATA,
    MAX_QUICK_REPLIES,
    CardContent,
    figure_bubble,
    shortened,
    split_text,
)


class CommandContent(Protocol):
    @property
    def name(self) -> str: ...

    def field_map(self) -> Mapping[str, str]: ...


class SuggestionContent(Protocol):
    @property
    def label(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def command(self) -> CommandContent | None: ...


class ImageContent(Protocol):
    @property
    def original_url(self) -> str: ...

    @property
    def preview_url(self) -> str: ...


class ReplyContent(Protocol):
    @property
    def texts(self) -> Sequence[str]: ...

    @property
    def card(self) -> CardContent | None: ...

    @property
    def card_button(self) -> SuggestionContent | None: ...

    @property
    def images(self) -> Sequence[ImageContent]: ...

    @property
    def suggestions(self) -> Sequence[SuggestionContent]: ...


def postback_data(command: CommandContent) -> str:
    """A command as LINE postback data: `action=NAME&field=value…`."""
    return urlencode({"action": command.name, **command.field_map()})[:MAX_POSTBACK_DATA]


def label(text: str) -> str:
    return shortened(text, MAX_LABEL)


def action(suggestion: SuggestionContent) -> MessageAction | PostbackAction:
    """A button: a command as a postback (showing its text in the chat), else the text as the user's message."""
    if suggestion.command is not None:
        return PostbackAction(
            label=label(suggestion.label),
            data=postback_data(suggestion.command),
            displayText=suggestion.text[:MAX_DISPLAY_TEXT],
        )
    return MessageAction(label=label(suggestion.label), text=suggestion.text[:MAX_DISPLAY_TEXT])


def quick_reply(suggestions: Sequence[SuggestionContent]) -> QuickReply | None:
    items = [QuickReplyItem(action=action(suggestion)) for suggestion in suggestions[:MAX_QUICK_REPLIES]]
    return QuickReply(items=items) if items else None


def to_line_messages(reply: ReplyContent) -> list[Message]:
    """At most five messages: the Flex card (or the text), the chart images,
    then further text; quick replies ride on the last message."""
    messages: list[Message] = []
    texts = [chunk for text in reply.texts for chunk in split_text(text)]
    if reply.card is not None:
        alt = shortened(texts[0], MAX_ALT_TEXT) if texts else ""
        button = reply.card_button
        bubble = figure_bubble(
            reply.card, (label(button.label), postback_data(button.command)) if button and button.command else None
        )
        messages.append(FlexMessage(altText=alt or "-", contents=FlexContainer.from_dict(bubble)))
    elif texts:
        messages.append(TextMessage(text=texts.pop(0)))
    messages.extend(
        ImageMessage(originalContentUrl=image.original_url, previewImageUrl=image.preview_url) for image in reply.images
    )
    if reply.card is None:
        messages.extend(TextMessage(text=text) for text in texts)
    messages = messages[:MAX_MESSAGES]
    quick = quick_reply(reply.suggestions)
    if quick is not None and messages:
        messages[-1].quick_reply = quick
    return messages
