"""What people subscribe to: every release ("all"), an indicator
("indicator:MPI") or a TSIC division ("sector:29"). Stored and written as
that text; parsed once, where it comes in, into a `Topic`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from nlp.vocabulary import INDICATOR_CODES, SECTOR_CODES, TOTAL


class TopicKind(StrEnum):
    ALL = "all"
    INDICATOR = "indicator"
    SECTOR = "sector"


class TopicError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Topic:
    kind: TopicKind
    code: str = ""

    @classmethod
    def parse(cls, text: str) -> Topic:
        kind, _, code = text.strip().partition(":")
        if kind == TopicKind.ALL and not code:
            return ALL
        if (kind == TopicKind.INDICATOR and code in INDICATOR_CODES) or (
            kind == TopicKind.SECTOR and code in SECTOR_CODES
        ):
            return cls(TopicKind(kind), code)
        raise TopicError(f"unknown topic {text!r}: use all, indicator:CODE or sector:NN")

    @classmethod
    def about(cls, indicator: str | None, sector: str | None) -> Topic:
        """The topic of a question's subject: its sector, else its indicator, else everything."""
        if sector and sector != TOTAL:
            return cls(TopicKind.SECTOR, sector)
        if indicator:
            return cls(TopicKind.INDICATOR, indicator)
        return ALL

    def __str__(self) -> str:
        return self.kind.value if self.kind is TopicKind.ALL else f"{self.kind.value}:{self.code}"


ALL = Topic(TopicKind.ALL)
EVERY_TOPIC: tuple[Topic, ...] = (
    ALL,
    *(Topic(TopicKind.INDICATOR, code) for code in INDICATOR_CODES),
    *(Topic(TopicKind.SECTOR, code) for code in SECTOR_CODES),
)


def parse_topics(texts: list[str]) -> list[Topic]:
    return [Topic.parse(text) for text in texts]
