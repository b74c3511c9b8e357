"""Flex cards of the chat: a figure large, its change with an arrow, the
period and the source, and a button for its chart."""

from __future__ import annotations

from typing import Any, Protocol

COLORS = {"up": "#0b8a4a", "down": "#c0392b", "flat": "#666666"}
ARROWS = {"up": "▲", "down": "▼", "flat": "■"}


class CardContent(Protocol):
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
