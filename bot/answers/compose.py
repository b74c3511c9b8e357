"""The context every intent writes its answer in: the data snapshot, the
resolved question, the asker's language (through its `Texts`), the notes and
sources gathered on the way, and the pieces every answer shares."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from bot.answers.analytics import SpanValue, round2, same_months, span_value
from bot.answers.model import Answer, Direction, Language, Suggestion, short_label
from bot.answers.release_calendar import ReleaseCalendar
from bot.answers.texts import Texts, texts_for
from bot.data.datasets import Dataset, all_official
from bot.data.store import Snapshot
from nlp.periods import ResolvedPeriod
from nlp.resolve import ResolvedFrame
from nlp.vocabulary import INDICATOR_TERMS, TOTAL

MAX_SUGGESTIONS = 13  # LINE's limit of quick replies


def fmt(value: Decimal) -> str:
    return f"{round2(value):,.2f}"


def signed(value: Decimal) -> str:
    rounded = round2(value)
    return f"+{rounded:,.2f}" if rounded > 0 else f"{rounded:,.2f}"


def direction(value: Decimal) -> Direction:
    rounded = round2(value)
    return "up" if rounded > 0 else "down" if rounded < 0 else "flat"


def suggestions(pairs: list[tuple[str, str]]) -> list[Suggestion]:
    return [Suggestion(short_label(label), text) for label, text in pairs]


def starter_suggestions(texts: Texts) -> list[Suggestion]:
    return suggestions(texts.starter_suggestions)


@dataclass
class Composition:
    snapshot: Snapshot
    frame: ResolvedFrame
    calendar: ReleaseCalendar
    texts: Texts = field(init=False)
    lead_notes: list[str] = field(default_factory=list)  # said before the answer: the asked period is missing
    notes: list[str] = field(default_factory=list)  # said after it: partial spans
    datasets: set[Dataset] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.texts = texts_for(self.frame.language)

    @property
    def language(self) -> Language:
        return self.frame.language

    # --- names and numbers ---

    def indicator_name(self, code: str) -> str:
        return self.texts.indicator_name(INDICATOR_TERMS[code])

    def asked_name(self, code: str) -> str:
        """The indicator as the service writes it inside a suggested question."""
        return self.texts.asked_name(INDICATOR_TERMS[code])

    def sector_phrase(self, code: str) -> str:
        row = self.snapshot.sectors.get(code)
        if code == TOTAL or row is None:
            return self.texts.total_manufacturing
        return self.texts.sector_phrase(row)

    def sector_short(self, code: str) -> str:
        row = self.snapshot.sectors.get(code)
        return code if row is None else self.texts.sector_short(row)

    def in_points(self, indicator: str) -> bool:
        row = self.snapshot.indicators.get(indicator)
        return row is not None and row.change_kind == "points"

    def value_text(self, indicator: str, value: Decimal) -> str:
        return self.texts.percent(fmt(value)) if self.in_points(indicator) else fmt(value)

    def change_text(self, indicator: str, moved: Decimal) -> str:
        unit = self.texts.points_unit if self.in_points(indicator) else "%"
        return f"{self.texts.direction[direction(moved)]} {signed(moved)}{unit}"

    def period_label(self, period: ResolvedPeriod) -> str:
        return self.texts.period_label(period)

    def question_subject(self) -> str:
        """The subject of the question as the service writes it back: "กำลังการผลิต ยานยนต์"."""
        subject = self.asked_name(self.frame.indicator or "MPI")
        if self.frame.sector and self.frame.sector != TOTAL:
            subject += f" {self.sector_short(self.frame.sector)}"
        return subject

    # --- the data of the asked period ---

    def available_period(self, indicator: str, sector: str) -> tuple[ResolvedPeriod, SpanValue] | None:
        """The asked period's value; when the data has none of its months, say
        so and fall back to the latest month."""
        period = self.frame.period
        assert period is not None
        value = span_value(self.snapshot, indicator, sector, period)
        if value is not None:
            if not value.complete:
                self.notes.append(self.texts.partial_average_note(value.months[-1]))
            return period, value
        latest = self.snapshot.latest
        assert latest is not None
        fallback = ResolvedPeriod("month", latest, latest)
        value = span_value(self.snapshot, indicator, sector, fallback)
        if value is None:
            return None
        self.lead_notes.append(self.texts.missing_period_note(self.period_label(period), latest))
        self.frame = replace(self.frame, period=fallback, base=None)
        return fallback, value

    def base_of(self, current: SpanValue, indicator: str, sector: str) -> tuple[str, SpanValue | None]:
        """What `current` is compared with, and how that comparison is named."""
        frame, texts = self.frame, self.texts
        period = current.period
        if frame.base is not None and frame.comparison is None:
            base = span_value(self.snapshot, indicator, sector, frame.base)
            return texts.compared_with(self.period_label(frame.base)), base
        if frame.comparison == "mom":
            shift = -3 if period.kind == "quarter" else -1
            label = texts.previous_quarter if period.kind == "quarter" else texts.previous_month
            return label, same_months(self.snapshot, indicator, sector, current, shift)
        return texts.year_earlier[period.kind], same_months(self.snapshot, indicator, sector, current, -12)

    # --- finishing ---

    def source(self) -> str:
        return self.texts.source_oie if all_official(self.datasets) else self.texts.source_sample

    def understood_prefix(self) -> str:
        corrections = self.frame.frame.corrections
        if not corrections:
            return ""
        return self.texts.understood_as(", ".join(correct for _, correct in corrections))

    def finish(self, body: str, offered: list[Suggestion], **extra: Any) -> Answer:
        parts = [*self.lead_notes, self.understood_prefix() + body, *self.notes]
        if self.datasets:
            parts.append(self.source())
        return Answer("\n".join(parts), self.language, self.frame, offered[:MAX_SUGGESTIONS], **extra)

    def no_series(self, indicator: str, sector: str) -> Answer:
        text = self.texts.no_series(self.indicator_name(indicator), self.sector_phrase(sector))
        return self.finish(text, starter_suggestions(self.texts))


def combined(answers: list[Answer]) -> Answer:
    """Answers about several indicators as one: their texts in turn (the
    source said once when they share it), no card (a card holds one figure),
    the first one's chart (and the others' too when charts were asked for:
    one image each, as their units differ), and the suggestions of all
    without repeats."""
    first = answers[0]
    bodies = [answer.text.split("\n") for answer in answers]
    shared_last = bodies[0][-1] if all(body[-1] == bodies[0][-1] for body in bodies) else None
    if shared_last is not None:
        bodies = [body[:-1] for body in bodies]
    text = "\n\n".join("\n".join(body) for body in bodies)
    if shared_last is not None:
        text += "\n" + shared_last
    offered: dict[str, Suggestion] = {}
    for answer in answers:
        for suggestion in answer.suggestions:
            offered.setdefault(suggestion.label, suggestion)
    return Answer(
        text,
        first.language,
        first.frame,
        list(offered.values())[:MAX_SUGGESTIONS],
        chart=first.chart,
        shows_chart=first.shows_chart,
        more_charts=tuple(a.chart for a in answers[1:] if first.shows_chart and a.shows_chart and a.chart is not None),
    )
