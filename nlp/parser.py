"""Questions to frames: {intent, indicator, sector, period, comparison}.

Rules find what rules find best: normalize; pull out comparisons and periods
with patterns (the dictionary lacks abbreviations such as ก.ย.); segment the
rest with nlpo3 and a domain dictionary; match indicator, sector and product
names by longest token sequence; fall back to fuzzy matching (rapidfuzz) only
where unknown tokens suggest a typo; note negation and other agencies'
statistics. The intent comes from keyword lists and the trained intent model
together (`nlp.decide`), which asks back when unsure; phrasings staff taught
are answered as taught. The labelled corpus in nlp/data measures it all."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from nlp.alert_frame import alert_frame
from nlp.data_words import CONTACT_WORDS, DATA_ACCESS_WORDS, LATEST_MONTH_WORDS, METHOD_WORDS, PEAK_WORDS
from nlp.decide import COMPARISON_CONFIDENCE, ORDER_CONFIDENCE, decide_choice, decide_intent
from nlp.entities import Entities, match_entities, warm_up
from nlp.follow_up_words import RANK_PLACE_WORDS, without_correction
from nlp.frame import Frame
from nlp.intent_model import current_model, features
from nlp.intents import FIGURE_ANSWERS, SEVERAL_INDICATOR_INTENTS, SEVERAL_SECTOR_INTENTS, TIMELESS_INTENTS, Intent
from nlp.keyword_hits import NAMED_KEYWORD_LISTS, asks_about_sales, has, lists_in, opts_out
from nlp.keywords import (
    BOTTOM_WORDS,
    CALENDAR_WORDS,
    CHANGE_TOKENS,
    CHANGE_WORDS,
    CHART_WORDS,
    DEFINITION_ONLY_WORDS,
    DEFINITION_WORDS,
    FALL_WORDS,
    GREETING_MESSAGES,
    GREETING_WORDS,
    HELP_MESSAGES,
    HELP_WORDS,
    INDEX_WORDS,
    LIST_SUBSCRIPTIONS_WORDS,
    OUT_OF_DOMAIN_WORDS,
    OVERVIEW_WORDS,
    PERCENT_WORDS,
    RANKING_WORDS,
    RECURRING_WORDS,
    RISE_WORDS,
    SEND_WORDS,
    SUBSCRIBE_WORDS,
    TOP_WORDS,
    WHICH_ONES_WORDS,
    WHICH_SECTOR_WORDS,
    WHY_WORDS,
)
from nlp.normalize import is_thai, normalize
from nlp.other_statistics import (
    QUALIFY_PRODUCTS,
    OtherStatistic,
    about_a_product_only,
    other_statistic,
    without_other_statistics,
)
from nlp.period_scan import PeriodScan, scan_periods, up_to_a_month, year_to_date_range
from nlp.periods import PeriodSpec
from nlp.vocabulary import TOTAL


def _intent(
    text: str,
    tokens: list[str],
    has_topic: bool,
    has_period: bool,
    comparison: bool,
    span: int | None,
    explicit_indicator: bool = False,
    about_other_statistic: bool = False,
    rate_indicator: bool = False,
    asks_latest_month: bool = False,
) -> Intent:
    if not text.strip():
        return "value" if has_topic or has_period or comparison or span else "unknown"
    hits = lists_in(text)  # every word list, searched once

    def has(words: tuple[str, ...]) -> bool:
        return id(words) in hits

    if opts_out(text):
        return "unsubscribe"
    if about_other_statistic:
        return "other_statistic"  # never a figure of ours for a question about something else
    sent_regularly = has(SEND_WORDS) and has(RECURRING_WORDS) and not has(CHART_WORDS)
    if (has(SUBSCRIBE_WORDS) or sent_regularly) and not has(CALENDAR_WORDS):
        return "subscribe"
    which_moved = has(WHICH_ONES_WORDS) and (has(FALL_WORDS) or has(RISE_WORDS))  # which ones fell: a ranking
    asks_help = has(HELP_WORDS) or has(DATA_ACCESS_WORDS) or has(CONTACT_WORDS) or text.strip() in HELP_MESSAGES
    if asks_help and not which_moved:
        return "help"  # the help says where the series can be downloaded and how to reach OIE
    if has(CALENDAR_WORDS):
        return "calendar"
    if has(METHOD_WORDS) and (not has_period or has(WHY_WORDS)):
        # Revisions, seasonal adjustment, base year, weights: the definition says. With a month
        # named, "revised August MPI" asks for the figure; "why was it revised" still asks how.
        return "definition"
    if has(WHY_WORDS):
        return "why"
    if has(RANK_PLACE_WORDS) or ((has(WHICH_SECTOR_WORDS) or which_moved) and not has(DEFINITION_ONLY_WORDS)):
        return "ranking"
    if has(PEAK_WORDS) and not asks_latest_month:
        return "chart"  # "เดือนไหนของปีนี้ MPI สูงสุด": the chart names its highest and lowest months
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
    percent_of_change = has(PERCENT_WORDS) and not rate_indicator
    if comparison or has(CHANGE_WORDS) or percent_of_change or not CHANGE_TOKENS.isdisjoint(tokens):
        return "change"
    if has_topic or has_period:
        return "value"
    if has(GREETING_WORDS) or text.strip() in GREETING_MESSAGES:
        return "greeting"
    return "definition" if has(DEFINITION_WORDS) else "unknown"


def _asked_direction(text: str) -> Literal["up", "down"] | None:
    if has(text, FALL_WORDS):
        return "down"
    if has(text, RISE_WORDS):
        return "up"
    return None


def _asks_for_our_index(text: str) -> bool:
    """ "ไก่ส่งออก ดัชนีผลผลิตเป็นอย่างไร": an index of ours named beside another agency's word
    (exports here qualify the product) is asked for; "ดัชนีราคาผู้ผลิต" names no index of ours."""
    return has(text, INDEX_WORDS) and match_entities(text).indicator is not None


def _comparison_for(
    intent: Intent, named: str | None, period: PeriodSpec | None, base: PeriodSpec | None
) -> str | None:
    if intent in TIMELESS_INTENTS:
        return None
    comparison = "ytd" if period is not None and period.kind == "ytd" else named
    if intent == "change" and comparison is None and base is None:
        comparison = "yoy"  # OIE's headline comparison
    if intent == "ranking" and comparison not in ("yoy", "mom", "ytd"):
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


_COMPARED_WITH = re.compile(r"(?:เทียบ(?:กับ)?|compared? (?:with|to)|vs\.?|versus|against)\s*$")


def _period_and_base(reading: Reading) -> tuple[PeriodSpec | None, PeriodSpec | None]:
    """The period asked and the one it is compared with: "ก.ย. 68 เทียบกับปี 67" names both;
    "เทียบปี 66" alone names only what to compare with (the period is the one asked before, or
    the latest)."""
    periods = reading.periods
    if len(periods) == 1 and reading.scan.periods:
        before = reading.text[: reading.scan.periods[0].position]
        if _COMPARED_WITH.search(before):
            return None, periods[0]
    return (periods[0] if periods else None), (periods[1] if len(periods) > 1 else None)


@dataclass(frozen=True)
class Reading:
    """What the rules find in a message before its intent is decided: the
    names, periods and comparison, the rules' intent, and the markers the
    intent model reads beside the message's other words."""

    text: str
    language: Literal["th", "en"]
    scan: PeriodScan
    entities: Entities
    other: OtherStatistic | None
    periods: tuple[PeriodSpec, ...]
    year_to_date: PeriodSpec | None
    rules_intent: Intent
    markers: tuple[str, ...]

    def features(self) -> Mapping[str, float]:
        return features(self.entities.free_tokens, self.markers)


def read(message: str) -> Reading:
    warm_up()
    text = without_correction(normalize(message))  # "ไม่ใช่ ฉันหมายถึงเครื่องดื่ม": what was meant
    language: Literal["th", "en"] = "th" if is_thai(message) or not text else "en"
    scan = scan_periods(text)
    entities = match_entities(scan.text) if scan.text.strip() else Entities()
    # The same period twice ("ยาแผนปัจจุบัน … ล่าสุด": current, then latest) is one period, not a comparison.
    periods = up_to_a_month(tuple(dict.fromkeys(found.spec for found in scan.periods)))
    other = other_statistic(text)
    if (
        other is not None
        and other.code in QUALIFY_PRODUCTS
        and (about_a_product_only(text) or _asks_for_our_index(without_other_statistics(text)))
    ) or (other is not None and entities.indicator is not None and has(text, DEFINITION_ONLY_WORDS)):
        other = None
    year_to_date = year_to_date_range(scan.range_start, periods[0] if periods else None)
    # "ปี 2568 ทุกเดือน", "every month of 2025": the months of that year, a span like a range.
    month_by_month = any(p.kind == "year" for p in periods) and has(scan.text, RECURRING_WORDS)
    span = scan.span_months or (1 if (scan.range_start and not year_to_date) or month_by_month else None)
    intent = _intent(
        scan.text,
        entities.free_tokens,
        entities.indicator is not None or entities.sector is not None,
        bool(periods),
        bool(scan.comparison or len(periods) > 1),
        span,
        explicit_indicator=entities.indicator is not None,
        about_other_statistic=other is not None,
        rate_indicator=entities.indicator == "CAPU",
        asks_latest_month=has(text, LATEST_MONTH_WORDS),  # its "ล่าสุด" is blanked from scan.text as a period
    )
    hits = lists_in(scan.text) | lists_in(text)
    found = {
        "IND": entities.indicator is not None,
        "IND2": bool(entities.more_indicators),
        "SEC2": bool(entities.more_sectors),
        "RATE": entities.indicator == "CAPU",  # a percentage itself: "กี่เปอร์เซ็นต์" asks its value
        "SEC": entities.sector is not None,
        "PER": bool(periods),
        "PER2": len(periods) > 1,
        f"CMP_{scan.comparison}": scan.comparison is not None,
        "RANGE": scan.range_start is not None,
        "SPAN": scan.span_months is not None,
        "YTD": year_to_date is not None or any(p.kind == "ytd" for p in periods),
        "OTHER": other is not None,
        language.upper(): True,
        **{f"KW_{name}": id(words) in hits for name, words in NAMED_KEYWORD_LISTS.items()},
    }
    markers = tuple(marker for marker, present in found.items() if present)
    return Reading(text, language, scan, entities, other, periods, year_to_date, intent, markers)


def parse(message: str) -> Frame:
    """Understand one chat message. Never raises for any text."""
    reading = read(message)
    about_alerts = alert_frame(reading.text, reading.language, reading.entities, reading.scan.comparison)
    return about_alerts if about_alerts is not None else _question(reading)


def _question(reading: Reading) -> Frame:
    text, scan = reading.text, reading.scan
    model = current_model()
    taught = model.taught.get(text) if model is not None else None
    vector = model.vector(reading.features()) if model is not None and taught is None else None

    def probabilities(head: str) -> dict[str, float] | None:
        return model.probabilities(head, vector) if model is not None and vector is not None else None

    intent, alternatives, entities = _intent_of(reading, taught, probabilities("intent"))
    period, base = _period_and_base(reading)
    range_start, year_to_date = scan.range_start, reading.year_to_date
    clarify = "intent" if alternatives else "sales" if intent in FIGURE_ANSWERS and asks_about_sales(text) else None
    intent = "clarify" if clarify is not None else intent
    if year_to_date is not None:
        if intent == "value" or (intent == "chart" and reading.rules_intent == "value"):
            intent = "chart"  # "MPI ม.ค.-มี.ค. 69": the range, with its average and change
        else:
            period, range_start = year_to_date, None  # "ม.ค.-ก.ย. ขยายตัวเท่าไร": OIE's year to date
    named_comparison = scan.comparison
    if taught is not None:
        named_comparison = named_comparison or taught.get("comparison")
    elif intent in ("change", "ranking") and base is None and (period is None or period.kind != "ytd"):
        named_comparison = decide_choice(named_comparison, probabilities("comparison"), COMPARISON_CONFIDENCE)
    comparison = _comparison_for(intent, named_comparison, period, base)
    if intent in TIMELESS_INTENTS:
        period = base = None
    indicator, sector = _topic_for(intent, entities)
    by_level = intent == "ranking" and _ranks_levels(indicator, text, scan.comparison or base)
    comparison = None if by_level else comparison
    if clarify == "intent":
        indicator, sector = entities.indicator, entities.sector  # what was named, for the choices
    several_sectors = sector == entities.sector  # not when a taught label names another
    return Frame(
        intent=intent,
        indicator=indicator,
        sector=sector,
        period=period,
        comparison=comparison,
        base=base,
        ranking_order=_ranking_order(intent, text, taught, probabilities),
        ranking_by_level=by_level,
        span_months=scan.span_months,
        range_start=range_start if intent == "chart" else None,
        language=reading.language,
        text=text,
        corrections=tuple(entities.corrections),
        lists_subscriptions=intent in ("subscribe", "unsubscribe")
        and (has(text, LIST_SUBSCRIPTIONS_WORDS) or text.endswith("subscriptions")),
        other_statistic=reading.other.code if reading.other is not None and intent == "other_statistic" else None,
        clarify=clarify,
        alternatives=alternatives,
        period_words=" ".join(text[found.position : found.end] for found in scan.periods[:1]) if clarify else "",
        more_indicators=tuple(entities.more_indicators) if intent in SEVERAL_INDICATOR_INTENTS else (),
        more_sectors=tuple(entities.more_sectors) if intent in SEVERAL_SECTOR_INTENTS and several_sectors else (),
        excluded_sectors=tuple(entities.excluded_sectors) if intent in SEVERAL_SECTOR_INTENTS else (),
        asked_direction=_asked_direction(text) if intent == "why" else None,
        named=_named_parts(entities, period, base is not None or bool(comparison and (named_comparison or period))),
    )


def _intent_of(
    reading: Reading, taught: dict[str, str | None] | None, probabilities: dict[str, float] | None
) -> tuple[Intent, tuple[str, ...], Entities]:
    """The intent, the readings to offer when unsure, and the entities (a taught phrasing's labels win)."""
    entities = reading.entities
    if taught is not None:
        entities = replace(
            entities,
            indicator=taught.get("indicator") or entities.indicator,
            sector=taught.get("sector") or entities.sector,
        )
        return taught["intent"], (), entities  # type: ignore[return-value]
    of_a_sector = entities.indicator is not None and entities.sector not in (None, TOTAL)
    # "MPI ยานยนต์ คืออะไร" still asks what the index is: only a definition is asked that way.
    of_a_sector = of_a_sector and not has(reading.text, DEFINITION_ONLY_WORDS)
    # "ทำไมตัวเลขเดือนก่อนถูกแก้": a month named, and still a question of how the figures are made.
    about_the_method = has(reading.text, METHOD_WORDS) and reading.rules_intent == "definition"
    ruled_out = (bool(reading.periods) or of_a_sector) and not about_the_method
    if reading.rules_intent == "unknown" and has(reading.text, OUT_OF_DOMAIN_WORDS) and not entities.sector:
        probabilities = None  # "ขอสูตรต้มยำกุ้ง": out of the domain by a word of it, not for want of one
    decided, alternatives = decide_intent(reading.rules_intent, probabilities, ruled_out)
    if set(alternatives) == {"chart", "change"} and reading.scan.range_start is not None:
        # A range and a change: the rules' evidence reads it ("ต.ค. 68 - ก.ย. 69 โตเท่าไหร่" is the range's
        # chart, which says how it moved; "ม.ค.ถึงส.ค. เทียบปีก่อน" names the comparison: the year to date).
        decided, alternatives = reading.rules_intent, ()
    elif alternatives == ("value", "other_statistic") and asks_about_sales(reading.text):
        decided, alternatives = "value", ()  # asked back as sales: the same two readings, naming the units
    return decided, alternatives, entities  # type: ignore[return-value]


def _ranks_levels(indicator: str | None, text: str, compared: object) -> bool:
    """Capacity utilization is a rate comparable across divisions: a ranking of it names no
    change ("which sector runs closest to full capacity") ranks the rate itself."""
    moved = has(text, CHANGE_WORDS) or has(text, RISE_WORDS) or has(text, FALL_WORDS)
    return indicator == "CAPU" and not compared and not moved


def _ranking_order(
    intent: str,
    text: str,
    taught: dict[str, str | None] | None,
    probabilities: Callable[[str], dict[str, float] | None],
) -> Literal["top", "bottom"]:
    if intent != "ranking":
        return "top"
    if taught is not None:
        return "bottom" if taught.get("order") == "bottom" else "top"
    # "ผลิตตกมากที่สุด": a word of falling alone (no rising beside it) names the bottom as well.
    rises, falls = has(text, RISE_WORDS), has(text, FALL_WORDS)
    tops = rises or has(text, TOP_WORDS)
    named = "bottom" if has(text, BOTTOM_WORDS) or (falls and not rises) else "top" if tops else None
    return "bottom" if decide_choice(named, probabilities("order"), ORDER_CONFIDENCE) == "bottom" else "top"


def _named_parts(entities: Entities, period: PeriodSpec | None, comparison: bool) -> frozenset[str]:
    parts = (
        ("indicator", entities.indicator is not None),
        ("sector", entities.sector is not None),
        ("period", period is not None),
        ("comparison", comparison),
    )
    return frozenset(part for part, present in parts if present)
