"""What the chat says in one turn, before any channel renders it: texts, the
card of a figure with its button, chart images, and suggested follow-ups that
send a question or run a command. Plain data that imports nothing of the
application: the answers and the chat build it, and the LINE handlers render
it and decode the commands by these names, so the two sides share one
definition (the one module of `bot` that `handlers` may import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["up", "down", "flat"]

# The commands buttons run directly (LINE postbacks carry them as `action=NAME&…`).
CHART = "chart"
SUBSCRIBE = "subscribe"
UNSUBSCRIBE = "unsubscribe"
SUBSCRIPTIONS = "subscriptions"
MENU = "menu"  # the rich menu's language switch
HELP = "help"
ASK = "ask"  # a question sent as data (older buttons)
ALERT_SET = "alert"  # confirming an alert the chat read from words
ALERTS = "alerts"
ALERT_REMOVE = "unalert"
# Commands the chat runs as given (`ChatServices.command`): the handlers need not know their fields.
COMMANDS = (CHART, SUBSCRIBE, UNSUBSCRIBE, SUBSCRIPTIONS, MENU, ALERT_SET, ALERTS, ALERT_REMOVE)


@dataclass(frozen=True)
class Command:
    """A known action a button runs directly, without parsing any text:
    `name` is one of the chat's commands, `fields` its arguments."""

    name: str
    fields: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, name: str, **fields: str) -> Command:
        return cls(name, tuple(fields.items()))

    def field_map(self) -> dict[str, str]:
        return dict(self.fields)


@dataclass(frozen=True)
class Suggestion:
    """A follow-up offered as a button: a short label, and the message it
    sends (the question, which is read like a typed one) or a command it runs."""

    label: str
    text: str
    command: Command | None = None


@dataclass(frozen=True)
class Card:
    """The headline figure of an answer, already worded in the asker's language."""

    title: str
    subtitle: str
    period_label: str
    value_text: str
    preliminary_note: str  # empty when final
    change_text: str  # empty without a comparison
    direction: Direction | None
    comparison_label: str
    source: str


@dataclass(frozen=True)
class Image:
    original_url: str
    preview_url: str


@dataclass
class Reply:
    texts: list[str] = field(default_factory=list)
    card: Card | None = None
    card_button: Suggestion | None = None  # the card's own button (its chart)
    images: list[Image] = field(default_factory=list)  # charts, one per indicator shown
    suggestions: list[Suggestion] = field(default_factory=list)
