"""What a message asks, as the parser hands it on: the intents and the frame."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from nlp.alert_condition import AlertAction, Condition
from nlp.intents import Intent
from nlp.periods import PeriodSpec

COMPARISONS = ("yoy", "mom", "ytd")


@dataclass(frozen=True, slots=True)
class Frame:
    """What a message asks. `period` is still unresolved: resolving needs the
    latest month in the data, which this pure package does not know."""

    intent: Intent
    indicator: str | None = None
    sector: str | None = None
    period: PeriodSpec | None = None
    comparison: str | None = None
    base: PeriodSpec | None = None  # the second period in "ก.ค. 69 เทียบกับ ก.ค. 68"
    ranking_order: Literal["top", "bottom"] = "top"
    # A ranking of the level itself ("closest to full capacity"), not of the change.
    ranking_by_level: bool = False
    span_months: int | None = None
    range_start: PeriodSpec | None = None
    language: Literal["th", "en"] = "th"
    text: str = ""  # the normalized message
    corrections: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (typed, understood)

    # With a subscribe or unsubscribe intent: the question asks what is followed.
    lists_subscriptions: bool = False
    # "MPI กับ CAPU ล่าสุด": the indicators named after `indicator`, answered too.
    more_indicators: tuple[str, ...] = ()
    # "ยานยนต์กับอาหาร ล่าสุด": the sectors named after `sector`, answered too.
    more_sectors: tuple[str, ...] = ()
    # "MPI ไม่รวมปิโตรเลียม": sectors the question leaves out. OIE publishes no index without
    # them: the answer says so, and gives the total and these on their own.
    excluded_sectors: tuple[str, ...] = ()
    # With the why intent: the direction the question assumes ("ทำไม MPI ลดลง": down).
    asked_direction: Literal["up", "down"] | None = None
    # With the other_statistic intent: which statistic (nlp.other_statistics).
    other_statistic: str | None = None
    # With the clarify intent: what is asked back ("sales": our shipment index, or units sold?;
    # "intent": which of `alternatives` the question means).
    clarify: str | None = None
    alternatives: tuple[str, ...] = ()
    # With clarify "intent": the words that named the period ("ก.ย. 69"), for the choices' questions.
    period_words: str = ""
    # With the alert intent: set one (with its condition), list them, or remove them.
    alert_action: AlertAction | None = None
    condition: Condition | None = None
    # The parts the message itself named ("indicator", "sector", "period",
    # "comparison"), not defaults: a follow-up changes only these.
    named: frozenset[str] = frozenset()

    @property
    def topic_named(self) -> bool:
        return self.indicator is not None or self.sector is not None

    @property
    def indicators(self) -> tuple[str, ...]:
        return (self.indicator, *self.more_indicators) if self.indicator else ()

    @property
    def sectors(self) -> tuple[str, ...]:
        return (self.sector, *self.more_sectors) if self.sector else ()
