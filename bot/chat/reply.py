"""What the bot says in one turn, before any channel has rendered it: texts,
the card of a figure with its button, the chart images, and the suggested
follow-ups. The LINE handlers turn it into LINE messages; the staff
simulator shows those."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.answers.model import Card, Suggestion


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
