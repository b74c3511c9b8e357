"""LINE's own rules, in one place for both sides of the service: the chat's
replies (`handlers/rendering.py`) and announcements on the LINE channel
(`publishers/line.py`). Its limits, how long text is cut into messages, and the
Flex bubbles of a figure (the chat's card) and of a release (the channel's).
Plain functions of text and dicts: the one module of `publishers` that
`handlers` may import (`.importlinter`)."""

from __future__ import annotations

from typing import Any, Protocol

from publishers.base import ReleaseCard

MAX_MESSAGES = 5  # per reply, push, multicast or broadcast request
MAX_TEXT = 5000  # characters per text message
MAX_ALT_TEXT = 400  # characters of a Flex message's altText
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20  # characters of a quick-reply or button label
MAX_POSTBACK_DATA = 300
MAX_DISPLAY_TEXT = 300


def shortened(text: str, limit: int) -> str:
    """`text`, or its first `limit` - 1 characters and an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """`text` in pieces of at most `limit` characters, each cut at the last
    paragraph, line or sentence end (a space between Thai sentences) in its
    second half, or hard at the limit when there is none."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = limit
        for separators in (("\n\n",), ("\n",), (". ", "! ", "? ", " ")):  # Thai ends sentences with a space
            at, separator = max((window.rfind(separator), separator) for separator in separators)
            if at >= limit // 2:
                cut = at + len(separator)
                break
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


# --- Flex bubbles -------------------------------------------------------------------------

COLORS = {"up": "#0b8a4a", "down": "#c0392b", "flat": "#666666"}
ARROWS = {"up": "▲", "down": "▼", "flat": "■"}


class CardContent(Protocol):
    """A figure's card as the chat composes it."""

    @property
    def title(self) -> str: ...

    @property
    def subtitle(self) -> str: ...

    @property
    def period_label(self) -> str: ...

    @property
    def value_text(self) -> str: ...

    @property
    def preliminary_note(self) -> str: ...

    @property
    def change_text(self) -> str: ...

    @property
    def direction(self) -> str | None: ...

    @property
    def comparison_label(self) -> str: ...

    @property
    def source(self) -> str: ...


def _text(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "text", "text": text, **style}


def figure_bubble(card: CardContent, button: tuple[str, str] | None) -> dict[str, Any]:
    """The card as a Flex bubble; `button` is (label, postback data) for its footer."""
    contents: list[dict[str, Any]] = [
        _text(card.title, weight="bold", size="sm", color="#0b6e4f", wrap=True),
        _text(card.subtitle, size="xs", color="#888888"),
        _text(card.period_label, size="sm", color="#555555", wrap=True),
        _text(card.value_text, weight="bold", size="3xl", margin="md"),
    ]
    if card.preliminary_note:
        contents.append(_text(card.preliminary_note, size="xs"))
    if card.change_text and card.direction is not None:
        arrow, color = ARROWS[card.direction], COLORS[card.direction]
        contents.append(_text(f"{arrow} {card.change_text}", size="lg", weight="bold", color=color))
        contents.append(_text(card.comparison_label, size="xs", wrap=True))
    contents.append(_text(card.source, size="xxs", color="#999999", wrap=True, margin="lg"))
    bubble: dict[str, Any] = {
        "type": "bubble",
        "size": "kilo",
        "body": {"type": "box", "layout": "vertical", "spacing": "xs", "contents": contents},
    }
    if button is not None:
        label, data = button
        bubble["footer"] = {
            "type": "box",
            "layout": "vertical",
            "contents": [
                {
                    "type": "button",
                    "style": "link",
                    "height": "sm",
                    "action": {"type": "postback", "label": label, "data": data, "displayText": label},
                }
            ],
        }
    return bubble


def release_bubble(card: ReleaseCard) -> dict[str, Any]:
    """The Flex bubble of a release: the chart, the title, the bullets, the source,
    and a button to the release's page (the other channels carry the link too)."""
    bubble: dict[str, Any] = {
        "type": "bubble",
        "hero": {"type": "image", "url": card.image_url, "size": "full", "aspectRatio": "16:10", "aspectMode": "fit"},
        "body": {
            "type": "box",
            "layout": "vertical",
            "spacing": "sm",
            "contents": [
                {"type": "text", "text": card.title, "weight": "bold", "size": "md", "wrap": True, "color": "#0b6e4f"},
                *({"type": "text", "text": line, "size": "sm", "wrap": True} for line in card.lines),
                {"type": "text", "text": card.source, "size": "xxs", "color": "#999999", "wrap": True},
            ],
        },
    }
    if card.link_url:
        button = {
            "type": "button",
            "style": "primary",
            "color": "#0b6e4f",
            "action": {"type": "uri", "label": shortened(card.link_label, MAX_LABEL), "uri": card.link_url},
        }
        bubble["footer"] = {"type": "box", "layout": "vertical", "contents": [button]}
    return bubble
