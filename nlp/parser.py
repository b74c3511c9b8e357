"""Questions to frames: {intent, indicator, sector, period, comparison}.

Rules, not a trained model: every decision can be traced to a word list here,
and the labelled set in tests/data measures them. Steps: normalize; pull out
comparisons and periods with patterns (the dictionary lacks abbreviations
such as ก.ย.); segment the rest with nlpo3 and a domain dictionary; match
indicator and sector names by longest token sequence; fall back to fuzzy
matching (rapidfuzz) only where unknown tokens suggest a typo; then pick the
intent from keyword lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from nlp.entities import Entities, match_entities, warm_up
from nlp.keywords import (
    BOTTOM_WORDS,
    CALENDAR_WORDS,
    CHANGE_TOKENS,
    CHANGE_WORDS,
    CHART_WORDS,
    DEFINITION_ONLY_WORDS,
    DEFINITION_WORDS,
    ENGLISH_WORD_KEYWORDS,
    FALL_WORDS,
    GREETING_MESSAGES,
    GREETING_WORDS,
    HELP_MESSAGES,
    HELP_WORDS,
    INDEX_WORDS,
    LIST_SUBSCRIPTIONS_WORDS,
    OPT_OUT_MESSAGES,
    OPT_OUT_OBJECT_WORDS,
    OPT_OUT_PATTERNS,
    OUT_OF_DOMAIN_WORDS,
    OVERVIEW_WORDS,
    RANKING_WORDS,
    RISE_WORDS,
    SALES_WORDS,
    SUBSCRIBE_WORDS,
    UNSUBSCRIBE_WORDS,
    WHY_WORDS,
)
from nlp.normalize import is_thai, normalize
from nlp.other_statistics import other_statistic
from nlp.period_scan import scan_periods
from nlp.periods import PeriodSpec
from nlp.vocabulary import TOTAL
from nlp.wordsearch import KeywordIndex

Intent = Literal[
    "value",
    "change",
    "ranking",
    "overview",
    "why",
    "definition",
    "chart",
    "calendar",
    "subscribe",
    "unsubscribe",
    "greeting",
    "help",
    "other_statistic",
    "clarify",
    "unknown",
]
INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]
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
    span_months: int | None = None
    range_start: PeriodSpec | None = None
    language: Literal["th", "en"] = "th"
    text: str = ""  # the normalized message
    corrections: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (typed, understood)

    # With a subscribe or unsubscribe intent: the question asks what is followed.
    lists_subscriptions: bool = False
    # "MPI กับ CAPU ล่าสุด": the indicators named after `indicator`, answered too.
    more_indicators: tuple[str, ...] = ()
    # With the why intent: the direction the question assumes ("ทำไม MPI ลดลง": down).
    asked_direction: Literal["up", "down"] | None = None
    # With the other_statistic intent: which statistic (nlp.other_statistics).
    other_statistic: str | None = None
    # With the clarify intent: what is asked back ("sales": our shipment index, or units sold?).
    clarify: str | None = None
    # The parts the message itself named ("indicator", "sector", "period",
    # "comparison"), not defaults: a follow-up changes only these.
    named: frozenset[str] = frozenset()

    @property
    def topic_named(self) -> bool:
        return self.indicator is not None or self.sector is not None

    @property
    def indicators(self) -> tuple[str, ...]:
        return (self.indicator, *self.more_indicators) if self.indicator else ()


# Every word list the parser asks about, searched together once per text.
_KEYWORD_LISTS = (
    BOTTOM_WORDS, CALENDAR_WORDS, CHANGE_WORDS, CHART_WORDS, DEFINITION_ONLY_WORDS, DEFINITION_WORDS,
    FALL_WORDS, GREETING_WORDS, HELP_WORDS, LIST_SUBSCRIPTIONS_WORDS, OPT_OUT_OBJECT_WORDS,
    OUT_OF_DOMAIN_WORDS, OVERVIEW_WORDS, RANKING_WORDS, RISE_WORDS, SUBSCRIBE_WORDS, UNSUBSCRIBE_WORDS,
    WHY_WORDS, SALES_WORDS, INDEX_WORDS,
)  # fmt: skip


@lru_cache(maxsize=1)
def _keyword_index() -> KeywordIndex:
    return KeywordIndex(_KEYWORD_LISTS, ENGLISH_WORD_KEYWORDS)


@lru_cache(maxsize=8)  # the few texts of one message: its normal form, and without its periods
def _lists_in(text: str) -> frozenset[int]:
    return frozenset(_keyword_index().lists_in(text))


def _has(text: str, words: tuple[str, ...]) -> bool:
    """Whether `text` holds a word of `words` (one of `_KEYWORD_LISTS`); short
    English words only as whole words."""
    return id(words) in _lists_in(text)


def opts_out(text: str) -> bool:
    """ "ไม่ต้องส่งข่าวมาแล้วนะ", "พอแล้ว", "stop sending me news": a negated
    subscription, checked before any word of subscribing is."""
    return (
        text.strip() in OPT_OUT_MESSAGES
        or _has(text, UNSUBSCRIBE_WORDS)
        or (_has(text, OPT_OUT_OBJECT_WORDS) and any(pattern.search(text) for pattern in OPT_OUT_PATTERNS))
    )


def _intent(
    text: str,
    tokens: list[str],
    has_topic: bool,
    has_period: bool,
    comparison: bool,
    span: int | None,
    explicit_indicator: bool = False,
    about_other_statistic: bool = False,
) -> Intent:
    if not text.strip():
        return "value" if has_topic or has_period or comparison or span else "unknown"
    hits = _lists_in(text)  # every word list, searched once

    def has(words: tuple[str, ...]) -> bool:
        return id(words) in hits

    if opts_out(text):
        return "unsubscribe"
    if about_other_statistic:
        return "other_statistic"  # never a figure of ours for a question about something else
    if has(SUBSCRIBE_WORDS) and not has(CALENDAR_WORDS):
        return "subscribe"
    if has(HELP_WORDS) or text.strip() in HELP_MESSAGES:
        return "help"
    if has(CALENDAR_WORDS):
        return "calendar"
    if has(WHY_WORDS):
        return "why"
    if has(OVERVIEW_WORDS) and not has(DEFINITION_ONLY_WORDS):
        return "overview"
    if has(DEFINITION_WORDS) and not has_period and not comparison:
        return "definition"
    if has(CHART_WORDS) or span is not None:
        return "chart"
    if has(RANKING_WORDS):
        return "ranking"
    if has(OUT_OF_DOMAIN_WORDS) and not explicit_indicator:
        return "unknown"
    if comparison or has(CHANGE_WORDS) or not CHANGE_TOKENS.isdisjoint(tokens):
        return "change"
    if has_topic or has_period:
        return "value"
    if has(GREETING_WORDS) or text.strip() in GREETING_MESSAGES:
        return "greeting"
    if has(DEFINITION_WORDS):
        return "definition"
    return "unknown"


def _asked_direction(text: str) -> Literal["up", "down"] | None:
    if _has(text, FALL_WORDS):
        return "down"
    if _has(text, RISE_WORDS):
        return "up"
    return None


# Intents that answer each indicator named ("MPI กับ CAPU ล่าสุด").
SEVERAL_INDICATOR_INTENTS = frozenset({"value", "change", "chart"})
# Intents about no period: what a word such as "ล่าสุด" names does not matter to them.
TIMELESS_INTENTS = frozenset(
    {"definition", "calendar", "subscribe", "unsubscribe", "greeting", "help", "other_statistic", "clarify", "unknown"}
)
# Intents a question about sales would otherwise get a figure of ours from.
FIGURE_ANSWERS = frozenset({"value", "change", "chart", "ranking", "overview"})


def asks_about_sales(text: str) -> bool:
    """Sales without an index named: a figure of ours only once the asker says it is our index they mean."""
    return _has(text, SALES_WORDS) and not _has(text, INDEX_WORDS)


def _comparison_for(
    intent: Intent, named: str | None, period: PeriodSpec | None, base: PeriodSpec | None
) -> str | None:
    if intent in TIMELESS_INTENTS:
        return None
    comparison = "ytd" if period is not None and period.kind == "ytd" else named
    if intent == "change" and comparison is None and base is None:
        comparison = "yoy"  # OIE's headline comparison
    if intent == "ranking" and comparison not in ("yoy", "mom"):
        comparison = "yoy"
    return comparison


def _topic_for(intent: Intent, entities: Entities) -> tuple[str | None, str | None]:
    """The indicator and sector an intent is about, with the defaults: the MPI, total manufacturing."""
    indicator, sector = entities.indicator, entities.sector
    if intent in ("value", "change", "chart", "ranking", "overview", "why", "definition", "calendar"):
        indicator = indicator or "MPI"
    if intent in ("value", "change", "chart", "overview", "why") and sector is None:
        sector = TOTAL
    if intent in ("ranking", "calendar", "greeting", "help", "other_statistic", "unknown"):
        sector = None
    if intent in ("greeting", "help", "other_statistic", "clarify", "unknown"):
        indicator = None
    if intent == "definition" and entities.indicator is None and entities.sector is not None:
        indicator = None  # "ยานยนต์ คืออะไร": a sector, not an indicator
    return indicator, sector


def _year_to_date(first: PeriodSpec | None, last: PeriodSpec | None) -> PeriodSpec | None:
    """ "ม.ค.-ก.ย. 69", "Jan-Sep 2026": a range from January to a month of the
    same year, which is also OIE's year to date."""
    if first is None or last is None or first.kind != "month" or last.kind != "month":
        return None
    if first.number != 1 or last.number is None or first.offset is not None or last.offset is not None:
        return None
    if first.year is not None and last.year is not None and first.year != last.year:
        return None
    return PeriodSpec("ytd", last.year if last.year is not None else first.year, last.number)


def parse(message: str) -> Frame:
    """Understand one chat message. Never raises for any text."""
    warm_up()
    text = normalize(message)
    language: Literal["th", "en"] = "th" if is_thai(message) or not text else "en"
    scan = scan_periods(text)
    entities = match_entities(scan.text) if scan.text.strip() else Entities()
    periods = [found.spec for found in scan.periods]
    period = periods[0] if periods else None
    base = periods[1] if len(periods) > 1 else None
    comparison = scan.comparison
    has_topic = entities.indicator is not None or entities.sector is not None
    other = other_statistic(text)
    range_start = scan.range_start
    year_to_date = _year_to_date(range_start, period)
    intent = _intent(
        scan.text,
        entities.free_tokens,
        has_topic,
        period is not None,
        bool(comparison or base),
        scan.span_months or (1 if range_start and not year_to_date else None),
        explicit_indicator=entities.indicator is not None,
        about_other_statistic=other is not None,
    )
    clarify = "sales" if intent in FIGURE_ANSWERS and asks_about_sales(text) else None
    if clarify is not None:
        intent = "clarify"
    if year_to_date is not None:
        if intent == "value":
            intent = "chart"  # "MPI ม.ค.-มี.ค. 69": the range, with its average and change
        else:
            period, range_start = year_to_date, None  # "ม.ค.-ก.ย. ขยายตัวเท่าไร": OIE's year to date
    comparison = _comparison_for(intent, comparison, period, base)
    if intent in TIMELESS_INTENTS:
        period = base = None
    indicator, sector = _topic_for(intent, entities)
    return Frame(
        intent=intent,
        indicator=indicator,
        sector=sector,
        period=period,
        comparison=comparison,
        base=base,
        ranking_order="bottom" if intent == "ranking" and _has(text, BOTTOM_WORDS) else "top",
        span_months=scan.span_months,
        range_start=range_start if intent == "chart" else None,
        language=language,
        text=text,
        corrections=tuple(entities.corrections),
        lists_subscriptions=intent in ("subscribe", "unsubscribe")
        and (_has(text, LIST_SUBSCRIPTIONS_WORDS) or text.endswith("subscriptions")),
        other_statistic=other.code if other is not None and intent == "other_statistic" else None,
        clarify=clarify,
        more_indicators=tuple(entities.more_indicators) if intent in SEVERAL_INDICATOR_INTENTS else (),
        asked_direction=_asked_direction(text) if intent == "why" else None,
        named=_named_parts(entities, period, comparison is not None and bool(scan.comparison or base or period)),
    )


def _named_parts(entities: Entities, period: PeriodSpec | None, comparison: bool) -> frozenset[str]:
    parts = (
        ("indicator", entities.indicator is not None),
        ("sector", entities.sector is not None),
        ("period", period is not None),
        ("comparison", comparison),
    )
    return frozenset(part for part, present in parts if present)
