"""The context every intent writes its answer in: the data snapshot, the
resolved question, the asker's language (through the catalog's `Speaker`),
the notes and sources gathered on the way, and the pieces every answer shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from bot.answers.analytics import SpanValue, round2, same_months, span_value
from bot.answers.model import Answer, Language, short_label
from bot.answers.release_calendar import ReleaseCalendar
from bot.catalog import N_, Speaker, speaker
from bot.data.datasets import Dataset, all_official
from bot.data.store import Snapshot
from bot.replies import Direction, Suggestion
from nlp.intents import Intent
from nlp.periods import ResolvedPeriod
from nlp.resolve import ResolvedFrame
from nlp.vocabulary import INDICATOR_TERMS, TOTAL

MAX_SUGGESTIONS = 13  # LINE's limit of quick replies


IntentAnswer = Callable[["Composition"], Answer]
# Filled by `@answers(...)` in the modules of bot/answers/intents/, which that package imports.
ANSWERS: dict[Intent, IntentAnswer] = {}


def answers(*intents: Intent) -> Callable[[IntentAnswer], IntentAnswer]:
    """Registers the decorated function as the answer of these intents."""

    def register(answer: IntentAnswer) -> IntentAnswer:
        for intent in intents:
            assert intent not in ANSWERS, f"two answers for {intent}"
            ANSWERS[intent] = answer
        return answer

    return register


def fmt(value: Decimal) -> str:
    return f"{round2(value):,.2f}"


def signed(value: Decimal) -> str:
    rounded = round2(value)
    return f"+{rounded:,.2f}" if rounded > 0 else f"{rounded:,.2f}"


def direction(value: Decimal) -> Direction:
    rounded = round2(value)
    return "up" if rounded > 0 else "down" if rounded < 0 else "flat"


def change_words(said: Speaker, moved: Decimal, in_points: bool) -> str:
    """ "เพิ่มขึ้น +1.19%", "down -0.40 points"."""
    unit = said.say(" points") if in_points else "%"
    return f"{said.say(DIRECTION_WORDS[direction(moved)])} {signed(moved)}{unit}"


def lower_first(name: str) -> str:
    """A name inside an English sentence ("the MPI" stays, "Capacity …" becomes "capacity …"); Thai has no case."""
    return name[:1].lower() + name[1:]


def suggestions(pairs: list[tuple[str, str]]) -> list[Suggestion]:
    return [Suggestion(short_label(label), text) for label, text in pairs]


STARTERS = (
    (N_("Latest MPI"), N_("latest MPI")),
    (N_("Capacity utilization"), N_("capacity utilization latest")),
    (N_("Top sectors"), N_("which sectors grew the most")),
    (N_("MPI chart"), N_("show me a chart of MPI")),
    (N_("What is MPI?"), N_("What is MPI?")),
)
DIRECTION_WORDS: dict[Direction, str] = {"up": N_("up"), "down": N_("down"), "flat": N_("no change")}
OIE_SOURCE = N_("Source: Office of Industrial Economics (OIE), Thailand.")
SAMPLE_SOURCE = N_("Source: sample data (synthetic), not official OIE figures.")
NO_EARLIER_DATA = N_(" (no earlier data to compare with)")
FROM_PREVIOUS_MONTH = N_("from the previous month")
FROM_PREVIOUS_QUARTER = N_("from the previous quarter")
COMPARED_WITH_YEAR_EARLIER = {
    "month": N_("from the same month a year earlier"),
    "quarter": N_("from the same quarter a year earlier"),
    "year": N_("from the year before"),
    "ytd": N_("from the same months a year earlier"),
    "range": N_("from the same months a year earlier"),
}


def starter_suggestions(language: str) -> list[Suggestion]:
    said = speaker(language)
    return suggestions([(said.say(label), said.say(question)) for label, question in STARTERS])


@dataclass
class Composition:
    snapshot: Snapshot
    frame: ResolvedFrame
    calendar: ReleaseCalendar
    site_url: str = ""  # the public site, for links to downloads; none in a bare answerer
    said: Speaker = field(init=False)
    lead_notes: list[str] = field(default_factory=list)  # said before the answer: the asked period is missing
    notes: list[str] = field(default_factory=list)  # said after it: partial spans
    datasets: set[Dataset] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.said = speaker(self.frame.language)

    @property
    def language(self) -> Language:
        return self.frame.language

    # --- names and numbers ---

    def say(self, message: str, **params: object) -> str:
        return self.said.say(message, **params)

    def indicator_name(self, code: str) -> str:
        return self.said.local(INDICATOR_TERMS[code], "display")

    def asked_name(self, code: str) -> str:
        """The indicator as the service writes it inside a suggested question."""
        return self.said.local(INDICATOR_TERMS[code], "asked")

    def sector_phrase(self, code: str) -> str:
        row = self.snapshot.sectors.get(code)
        if code == TOTAL or row is None:
            return self.say("total manufacturing")
        return self.say("%(name)s (TSIC %(code)s)", name=self.said.local(row, "name"), code=row.code)

    def sector_short(self, code: str) -> str:
        row = self.snapshot.sectors.get(code)
        return code if row is None else self.said.sector_short(row)

    def in_points(self, indicator: str) -> bool:
        return self.snapshot.changes_in_points(indicator)

    def value_text(self, indicator: str, value: Decimal) -> str:
        return self.say("%(number)s%%", number=fmt(value)) if self.in_points(indicator) else fmt(value)

    def change_text(self, indicator: str, moved: Decimal) -> str:
        return change_words(self.said, moved, self.in_points(indicator))

    def points_short(self, indicator: str) -> str:
        """The unit after a change in a list: "%", or points for a rate."""
        return self.say(" pts") if self.in_points(indicator) else "%"

    def preliminary(self, is_preliminary: bool) -> str:
        return self.say(" (preliminary)") if is_preliminary else ""

    def period_label(self, period: ResolvedPeriod) -> str:
        return self.said.period(period)

    def span_label(self, value: SpanValue) -> str:
        """The period's name, or the months actually covered when it is partial
        ("ม.ค.-ก.ย. 2569" for a year with nine months of data)."""
        if value.complete or value.period.kind == "month":
            return self.period_label(value.period)
        return self.said.months_span(value.months[0], value.months[-1])

    def period_question(self, period: ResolvedPeriod) -> str:
        """A period written the way the parser reads it back, for follow-ups."""
        start, end, said = period.start, period.end, self.said
        if period.kind == "quarter":
            return self.say("Q%(quarter)d %(year)d", quarter=start.quarter, year=said.year(start.year))
        if period.kind == "year":
            return self.say("%(year)d", year=said.year(start.year))  # Thai: "ปี 2569"
        if period.kind == "ytd":
            return self.say("first %(months)d months of %(year)d", months=end.month, year=said.year(end.year))
        if period.kind == "range":
            return self.say("%(start)s to %(end)s", start=said.month(start, True), end=said.month(end, True))
        return said.month(end, True)

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
                self.notes.append(
                    self.say(
                        "(data available up to %(month)s; averaged over the months available)",
                        month=self.said.month(value.months[-1]),
                    )
                )
            return period, value
        latest = self.snapshot.latest
        assert latest is not None
        fallback = ResolvedPeriod("month", latest, latest)
        value = span_value(self.snapshot, indicator, sector, fallback)
        if value is None:
            return None
        self.lead_notes.append(
            self.say(
                "There is no data for %(asked)s yet; the latest month is %(latest)s.",
                asked=self.period_label(period),
                latest=self.said.month(latest),
            )
        )
        self.frame = replace(self.frame, period=fallback, base=None)
        return fallback, value

    def base_of(self, current: SpanValue, indicator: str, sector: str) -> tuple[str, SpanValue | None]:
        """What `current` is compared with, and how that comparison is named."""
        frame = self.frame
        period = current.period
        if frame.base is not None and frame.comparison is None:
            base = span_value(self.snapshot, indicator, sector, frame.base)
            return self.say("compared with %(period)s", period=self.period_label(frame.base)), base
        if frame.comparison == "mom":
            shift = -3 if period.kind == "quarter" else -1
            previous = FROM_PREVIOUS_QUARTER if period.kind == "quarter" else FROM_PREVIOUS_MONTH
            label = self.say(previous)
            return label, same_months(self.snapshot, indicator, sector, current, shift)
        label = self.say(COMPARED_WITH_YEAR_EARLIER[period.kind])
        return label, same_months(self.snapshot, indicator, sector, current, -12)

    # --- finishing ---

    def source(self) -> str:
        return self.say(OIE_SOURCE if all_official(self.datasets) else SAMPLE_SOURCE)

    def understood_prefix(self) -> str:
        corrections = self.frame.frame.corrections
        if not corrections:
            return ""
        return self.say("(Understood as: %(understood)s)", understood=", ".join(c for _, c in corrections)) + "\n"

    def finish(self, body: str, offered: list[Suggestion], **extra: Any) -> Answer:
        parts = [*self.lead_notes, self.understood_prefix() + body, *self.notes]
        if self.datasets:
            parts.append(self.source())
        return Answer("\n".join(parts), self.language, self.frame, offered[:MAX_SUGGESTIONS], **extra)

    def no_series(self, indicator: str, sector: str) -> Answer:
        text = self.say(
            "There is no data for %(name)s, %(where)s.",
            name=lower_first(self.indicator_name(indicator)),
            where=self.sector_phrase(sector),
        )
        return self.finish(text, starter_suggestions(self.language))


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
