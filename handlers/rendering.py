"""The chat's replies (`bot.replies`, plain data: the one module of the
application this package imports) as LINE messages, within LINE's limits."""

from __future__ import annotations

from collections.abc import Sequence
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

from bot.replies import Command, Reply, Suggestion
from publishers.line_format import (
    MAX_ALT_TEXT,
    MAX_DISPLAY_TEXT,
    MAX_LABEL,
    MAX_MESSAGES,
    MAX_POSTBACK_DATA,
    MAX_QUICK_REPLIES,
    figure_bubble,
    shortened,
    split_text,
)


def postback_data(command: Command) -> str:
    """A command as LINE postback data: `action=NAME&field=value…`."""
    return urlencode({"action": command.name, **command.field_map()})[:MAX_POSTBACK_DATA]


def label(text: str) -> str:
    return shortened(text, MAX_LABEL)


def action(suggestion: Suggestion) -> MessageAction | PostbackAction:
    """A button: a command as a postback (showing its text in the chat), else the text as the user's message."""
    if suggestion.command is not None:
        return PostbackAction(
            label=label(suggestion.label),
            data=postback_data(suggestion.command),
            displayText=suggestion.text[:MAX_DISPLAY_TEXT],
        )
    return MessageAction(label=label(suggestion.label), text=suggestion.text[:MAX_DISPLAY_TEXT])


def quick_reply(suggestions: Sequence[Suggestion]) -> QuickReply | None:
    items = [QuickReplyItem(action=action(suggestion)) for suggestion in suggestions[:MAX_QUICK_REPLIES]]
    return QuickReply(items=items) if items else None


def to_line_messages(reply: Reply) -> list[Message]:
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
