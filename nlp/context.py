"""Follow-up questions: "แล้วเดือนก่อนล่ะ", "แล้วอาหารล่ะ", "CAPU ด้วย",
"and food?" change one part of the previous question and keep the rest.

Pure: the caller keeps the previous frame (per chat, with an expiry) and
passes it in. Frames are stored as plain dicts (`frame_to_dict`)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Literal

from nlp.follow_up_words import FIGURE_ASKING_WORDS, RANK_PLACE_WORDS, THIS_ONE_WORDS, corrects, language_asked
from nlp.frame import Frame
from nlp.intents import (
    CONTEXT_INTENTS,
    NAMED_IN_FOLLOW_UPS,
    SEVERAL_INDICATOR_INTENTS,
    SEVERAL_SECTOR_INTENTS,
    Intent,
)
from nlp.keyword_hits import has
from nlp.keywords import (
    BOTTOM_WORDS,
    CHANGE_WORDS,
    CHART_WORDS,
    FALL_WORDS,
    RISE_WORDS,
    TOP_WORDS,
    WHICH_SECTOR_WORDS,
)
from nlp.periods import PeriodSpec

# Questions about figures carry a context; greetings, help and the rest do not.
FIGURE_INTENTS = CONTEXT_INTENTS
# Intents a follow-up may itself name ("เทียบปีก่อนล่ะ" asks for a change, "ขอเป็นกราฟ" a chart).
NAMED_INTENTS = NAMED_IN_FOLLOW_UPS
# How a follow-up reads: "แล้ว…ล่ะ", "ส่วน…", "…ด้วย", "and …", "what about …".
# Its start and its end are tested apart: a pattern anchored at the end would
# otherwise be tried at every place of every message.
FOLLOW_UP_START = re.compile(  # matched at the start of the message with its spaces stripped
    r"(?:แล้ว|และ|ส่วน|งั้น|ถ้าเป็น|ของ)(?!ก็)|(?:and|what about|how about|same for|also|plus|now)\b",
    re.IGNORECASE,
)
FOLLOW_UP_END = re.compile(
    r"(?:ล่ะ|หล่ะ|ละ|ล่า|เป็นไง|ล่ะครับ|ล่ะคะ|ล่ะค่ะ|ด้วย|ด้วยครับ|ด้วยค่ะ|ด้วยนะ|\btoo)\s*[?？]*\s*$", re.IGNORECASE
)
FOLLOW_UP_TAIL = 24  # characters: the longest ending, with spaces and question marks


# "CAPU ด้วย", "also CAPU": an indicator added to the ones asked about, not instead of them.
ADDING = re.compile(r"(?:ด้วย|ด้วยครับ|ด้วยค่ะ|ด้วยนะ)\s*[?？]*\s*$|^\s*(?:also|plus)\b|\btoo\s*[?？]*\s*$", re.IGNORECASE)


def keeps_context(frame: Frame) -> bool:
    """Whether a chat keeps a question for the next one: when it was about
    figures ("สวัสดี" does not make it forget the one before)."""
    return frame.intent in FIGURE_INTENTS


def next_context(previous: Frame | None, frame: Frame) -> Frame | None:
    """What a chat keeps after a question: the question, or what it kept before."""
    return frame if keeps_context(frame) else previous


def reads_as_follow_up(message: str) -> bool:
    start = FOLLOW_UP_START.match(message.lstrip()) is not None
    return start or FOLLOW_UP_END.search(message[-FOLLOW_UP_TAIL:]) is not None or corrects(message)


# Messages about the news or alerts that may take their subject from the last question.
SUBJECT_TAKERS = ("subscribe", "alert")


def _takes_the_last_subject(current: Frame, message: str) -> bool:
    """ "ติดตามหมวดนี้", "แจ้งเตือนถ้าลดลงเกิน 5%" after a question about food: about food. Only when
    the message names no subject itself, and points at "this" one or (for an alert) sets a condition."""
    if current.intent not in SUBJECT_TAKERS or current.topic_named or current.lists_subscriptions:
        return False
    if current.intent == "alert":
        return current.alert_action == "set" and current.condition is not None
    return any(word in message.lower() for word in THIS_ONE_WORDS)


def may_follow_up(current: Frame, message: str) -> bool:
    """Whether a message could complete an earlier question at all: only
    then is the chat's last question worth reading."""
    # "how about capacity utilization" alone could be a figure or an overview; after a question
    # it asks the same of something else, so the chat's last question settles it.
    unsure_follow_up = current.intent == "clarify" and current.clarify == "intent" and reads_as_follow_up(message)
    if (language_asked(message) and not current.named) or _takes_the_last_subject(current, message):
        return True  # "in Thai please", "ติดตามหมวดนี้"
    if current.intent not in FIGURE_INTENTS and not unsure_follow_up:
        return False
    named = current.named
    if not named and current.intent not in NAMED_INTENTS:
        return False  # "แล้วไงต่อ": nothing to change
    # "เดือนก่อนล่ะ", "เทียบปีก่อน": only a period or comparison; "ขอเป็นกราฟ": only a kind of answer.
    lone_part = "indicator" not in named and "sector" not in named and bool(named)
    only_a_kind = not named and current.intent in NAMED_INTENTS
    return lone_part or only_a_kind or reads_as_follow_up(message)


def continue_from(previous: Frame | None, current: Frame, message: str) -> Frame:
    """`current` completed from `previous` when it is a follow-up of it;
    otherwise `current` as it is."""
    if previous is None or previous.intent not in FIGURE_INTENTS or not may_follow_up(current, message):
        return current
    if (language := language_asked(message)) and not current.named:
        return replace(previous, language=language, text=current.text, clarify=None, alternatives=())
    if _takes_the_last_subject(current, message):  # the news is followed by sector, an alert watches an index too
        indicator = previous.indicator if current.intent == "alert" else current.indicator
        return replace(current, indicator=indicator, sector=previous.sector)
    named = current.named
    turned = _ranking_turned(previous, current)
    intent = _follow_up_intent(previous, current, turned)
    indicator = current.indicator if "indicator" in named else previous.indicator
    more_indicators = current.more_indicators if "indicator" in named else previous.more_indicators
    if "indicator" in named and intent in SEVERAL_INDICATOR_INTENTS and ADDING.search(message):
        added = [code for code in current.indicators if code not in previous.indicators]
        indicator, more_indicators = previous.indicator, (*previous.more_indicators, *added)
    sector = current.sector if "sector" in named else previous.sector
    more_sectors = current.more_sectors if "sector" in named else previous.more_sectors
    if "sector" in named and intent in SEVERAL_SECTOR_INTENTS and ADDING.search(message) and previous.sector:
        added = [code for code in current.sectors if code not in previous.sectors]
        sector, more_sectors = previous.sector, (*previous.more_sectors, *added)
    if intent == "ranking":
        sector = None
    elif sector is None:
        sector = current.sector
    period = _relative_to(previous.period, current.period) if "period" in named else previous.period
    comparison = current.comparison if "comparison" in named or "period" in named else previous.comparison
    if intent == "change" and comparison is None:
        comparison = "yoy"
    by_level = current.ranking_by_level if current.intent == "ranking" else previous.ranking_by_level
    if intent == "ranking" and "indicator" in named and "comparison" not in named:
        # "what about capacity utilization" after "top sectors": its levels; after "which grew most", its growth.
        by_level = indicator == "CAPU" and not any(_moved(frame.text) for frame in (previous, current))
    elif intent == "ranking" and previous.intent != "ranking" and indicator == "CAPU":
        by_level = not _moved(current.text)  # "สาขาไหนสูงสุด" after a rate: the highest rates
    if intent == "ranking" and (by_level or comparison not in ("yoy", "mom")):
        comparison = None if by_level else "yoy"
    return replace(
        current,
        intent=intent,
        indicator=indicator or current.indicator,
        more_indicators=more_indicators if intent in SEVERAL_INDICATOR_INTENTS else (),
        more_sectors=more_sectors if intent in SEVERAL_SECTOR_INTENTS and sector else (),
        sector=sector,
        period=period,
        comparison=comparison if intent in ("change", "ranking") or comparison == "ytd" else None,
        base=current.base if "period" in named or current.base is not None else previous.base,
        ranking_order=turned or _ranking_order(previous, current),
        ranking_by_level=by_level,
        span_months=current.span_months if current.span_months is not None else previous.span_months,
        range_start=current.range_start if "period" in named else previous.range_start,
        named=named | previous.named,
        clarify=None,
        alternatives=(),
    )


def _follow_up_intent(previous: Frame, current: Frame, turned: str | None) -> Intent:
    intent = current.intent if current.intent in NAMED_INTENTS else previous.intent
    if turned or (previous.intent == "ranking" and has(current.text, RANK_PLACE_WORDS)):
        return "ranking"  # "เอาแบบลดลงบ้าง", "อันดับสองคืออะไร": the same ranking
    if _asks_its_peak(previous, current):
        return "chart"
    if intent == "ranking" and "sector" in current.named:
        return "value"  # "แล้วอาหารล่ะ" after a ranking asks about food
    if intent == "chart" and current.intent == "value" and _asks_a_figure(current.text):
        return "value"  # "ตัวเลขล่าสุดเท่าไหร่" after a chart: the figure
    return intent


def _asks_a_figure(text: str) -> bool:
    return any(word in text for word in FIGURE_ASKING_WORDS) and not has(text, CHART_WORDS)


def _ranking_order(previous: Frame, current: Frame) -> Literal["top", "bottom"]:
    """A ranking follow-up that names no end ("อันดับสองคืออะไร", "แล้วไตรมาสที่แล้วล่ะ")
    keeps the end of the ranking before it."""
    if current.intent != "ranking" or (previous.intent == "ranking" and not _names_an_end(current.text)):
        return previous.ranking_order
    return current.ranking_order


HIGHEST_WORDS = ("สูงสุด", "สูงที่สุด", "มากสุด", "มากที่สุด", "highest", "top", "most")


def _names_an_end(text: str) -> bool:
    ends = (TOP_WORDS, BOTTOM_WORDS, RISE_WORDS, FALL_WORDS)
    return any(has(text, words) for words in ends) or any(word in text for word in HIGHEST_WORDS)


def _asks_its_peak(previous: Frame, current: Frame) -> bool:
    """ "สูงสุดปีนี้เท่าไหร่" after a figure: that series' highest month (its chart names it),
    not a ranking of sectors, unless the follow-up asks which sector."""
    superlative = any(word in current.text for word in ("สูงสุด", "ต่ำสุด", "highest", "lowest", "peak"))
    ranks = has(current.text, WHICH_SECTOR_WORDS) or any(word in current.text for word in ("อันดับ", "rank"))
    return previous.intent in ("value", "change", "chart") and current.intent == "ranking" and superlative and not ranks


def _moved(text: str) -> bool:
    return has(text, CHANGE_WORDS) or has(text, RISE_WORDS) or has(text, FALL_WORDS)


def _ranking_turned(previous: Frame, current: Frame) -> Literal["top", "bottom"] | None:
    """ "เอาแบบลดลงบ้าง", "and the worst?" after a ranking: the same ranking from the other end."""
    if previous.intent != "ranking" or current.intent not in ("change", "ranking") or current.named & {"sector"}:
        return None
    if has(current.text, BOTTOM_WORDS) or has(current.text, FALL_WORDS):
        return "bottom"
    return "top" if has(current.text, TOP_WORDS) or has(current.text, RISE_WORDS) else None


def _relative_to(previous: PeriodSpec | None, current: PeriodSpec | None) -> PeriodSpec | None:
    """ "เดือนก่อนหน้าล่ะ" after July means June: a relative month or year
    counts from the period asked before, not from the latest data."""
    if previous is None or current is None or current.offset is None:
        return current
    if current.kind == "year" and previous.kind in ("month", "quarter") and previous.year is not None:
        # "แล้วปีก่อนล่ะ" after July 2026: July of the year before, not the whole year.
        return replace(previous, year=previous.year + current.offset)
    if current.kind == "year" and previous.kind == "month" and previous.number is not None and previous.offset is None:
        # "ก.ค." read as the latest July: the July a year before that one.
        return replace(previous, year_offset=(previous.year_offset or 0) + current.offset)
    if current.kind != previous.kind:
        return current
    if current.kind not in ("month", "year"):
        return current
    if previous.offset is not None:
        return replace(current, offset=previous.offset + current.offset)
    if previous.year is None:
        return current
    if current.kind == "year":
        return PeriodSpec("year", year=previous.year + current.offset)
    if previous.number is None:
        return current
    index = previous.year * 12 + previous.number - 1 + current.offset
    return PeriodSpec("month", year=index // 12, number=index % 12 + 1)


def _period_dict(period: PeriodSpec | None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {
        "kind": period.kind,
        "year": period.year,
        "number": period.number,
        "offset": period.offset,
        "year_offset": period.year_offset,
    }


def frame_to_dict(frame: Frame) -> dict[str, Any]:
    """What is kept of a frame between two messages (no message text).
    Written out rather than `asdict`: it runs for every question."""
    return {
        "intent": frame.intent,
        "indicator": frame.indicator,
        "more_indicators": list(frame.more_indicators),
        "sector": frame.sector,
        "more_sectors": list(frame.more_sectors),
        "period": _period_dict(frame.period),
        "comparison": frame.comparison,
        "base": _period_dict(frame.base),
        "ranking_order": frame.ranking_order,
        "span_months": frame.span_months,
        "range_start": _period_dict(frame.range_start),
        "language": frame.language,
        "asked_direction": frame.asked_direction,
        "named": sorted(frame.named),
    }


def frame_from_dict(data: dict[str, Any]) -> Frame | None:
    """The stored frame, or None when it cannot be read (an older shape)."""
    try:

        def period(name: str) -> PeriodSpec | None:
            return PeriodSpec(**data[name]) if data.get(name) else None

        return Frame(
            intent=data["intent"],
            indicator=data.get("indicator"),
            more_indicators=tuple(data.get("more_indicators", ())),
            sector=data.get("sector"),
            more_sectors=tuple(data.get("more_sectors", ())),
            comparison=data.get("comparison"),
            ranking_order=data.get("ranking_order", "top"),
            span_months=data.get("span_months"),
            language=data.get("language", "th"),
            named=frozenset(data.get("named", ())),
            asked_direction=data.get("asked_direction"),
            period=period("period"),
            base=period("base"),
            range_start=period("range_start"),
        )
    except (KeyError, TypeError, ValueError):
        return None
