"""Recognising periods in normalized text: what people write ("ก.ย. 69",
"ไตรมาส 3/2569", "Q3 2026", "9 เดือนแรก", "เดือนที่แล้ว", "ม.ค.-มี.ค. 69")
becomes `PeriodSpec`s, with the comparison and chart span the words name."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from nlp.period_patterns import (
    _BARE_SPAN_RE,
    _COLLOQUIAL_MONTHS,
    _DOTLESS_ABBR,
    _DOTLESS_MONTH_RE,
    _ENGLISH_MONTH_PATTERNS,
    _ENGLISH_MONTH_RE,
    _ENGLISH_NUMBERS,
    _ISO_MONTH_RE,
    _MOM_RE,
    _MONTHS_AGO_RE,
    _NUMBERED_MONTH_RE,
    _QUARTER_FIRST_RE,
    _QUARTER_RE,
    _QUARTER_RELATIVE_RE,
    _RELATIVE_MONTH_RE,
    _RELATIVE_YEAR_RE,
    _SLASH_MONTH_RE,
    _SPAN_RE,
    _THAI_MONTH_RE,
    _THAI_MONTH_WORDS,
    _THAI_NUMBERS,
    _YEAR_RE,
    _YOY_RE,
    _YTD_RE,
    COMPARED_WITH,
    FISCAL_YEAR_WORDS,
    LONGER_SPAN,
    MISSPELT_MONTHS,
    SECOND_HALF_WORDS,
    a_month_not_a_comparison,
    fiscal_year,
    second_half,
    year_ce,
)
from nlp.periods import PeriodSpec
from nlp.wordsearch import alternation


@dataclass(frozen=True)
class FoundPeriod:
    position: int
    spec: PeriodSpec
    end: int = 0


@dataclass
class PeriodScan:
    periods: list[FoundPeriod]
    comparison: str | None
    span_months: int | None
    text: str  # what is left once periods and comparisons are blanked out
    range_start: PeriodSpec | None = None  # "ต.ค. 68 ถึงปัจจุบัน": the first month of a range


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    return _THAI_NUMBERS.get(text) or _ENGLISH_NUMBERS[text]


_THAI_MONTH_MATCHERS = tuple((re.compile(pattern), number) for pattern, number in _THAI_MONTH_WORDS.items())
_ENGLISH_MONTH_MATCHERS = tuple((re.compile(pattern), i + 1) for i, pattern in enumerate(_ENGLISH_MONTH_PATTERNS))


def _thai_month(match: re.Match[str]) -> PeriodSpec | None:
    word = match.group("month")
    for pattern, number in _THAI_MONTH_MATCHERS:
        if pattern.fullmatch(word):
            return PeriodSpec("month", year_ce(match.group("year")), number)
    return None


def _dotless_month(match: re.Match[str]) -> PeriodSpec | None:
    word = match.group("month") or match.group("month2") or match.group("month3")
    year = match.group("year") if match.group("month") else None
    return PeriodSpec("month", year_ce(year), _DOTLESS_ABBR[word])


def _english_month(match: re.Match[str]) -> PeriodSpec | None:
    word = match.group("month")
    if word == "may" and not match.group("year"):
        return None  # "may I ask …"
    for pattern, number in _ENGLISH_MONTH_MATCHERS:
        if pattern.fullmatch(word):
            return PeriodSpec("month", year_ce(match.group("year"), english=True), number)
    return None


def _numeric_month(match: re.Match[str]) -> PeriodSpec | None:
    month = int(match.group("month"))
    if not 1 <= month <= 12:
        return None
    return PeriodSpec("month", year_ce(match.group("year")), month)


_QUARTER_ORDINALS = {"second": 2, "third": 3, "fourth": 4}


def _quarter(match: re.Match[str]) -> PeriodSpec | None:
    if match.group("quarter"):
        return PeriodSpec("quarter", year_ce(match.group("year")), _number(match.group("quarter")))
    if match.group("quarter2"):
        return PeriodSpec("quarter", year_ce(match.group("year2")), int(match.group("quarter2")))
    written = match.group("quarter3")
    return PeriodSpec("quarter", year_ce(match.group("year3")), _QUARTER_ORDINALS.get(written) or int(written))


def _first_quarter(match: re.Match[str]) -> PeriodSpec | None:
    return PeriodSpec("quarter", year_ce(match.group("year")), 1)


def _relative_quarter(match: re.Match[str]) -> PeriodSpec | None:
    return PeriodSpec("quarter", offset=-1 if match.group("previous") else 0)


def _ytd(match: re.Match[str]) -> PeriodSpec | None:
    if count := match.group("count") or match.group("count_first"):  # "สะสม 8 เดือน", "8 เดือนแรก"
        return PeriodSpec("ytd", year_ce(match.group("year")), _number(count))
    if match.group("count2"):
        return PeriodSpec("ytd", year_ce(match.group("year2")), _number(match.group("count2")))
    if match.group("half"):
        return PeriodSpec("ytd", year_ce(match.group("year3")), 6)
    return PeriodSpec("ytd", year_ce(match.group("year4")))


def _months_ago(match: re.Match[str]) -> PeriodSpec | None:
    return PeriodSpec("month", offset=-_number(match.group("count") or match.group("count2")))


def _relative_month(match: re.Match[str]) -> PeriodSpec | None:
    return PeriodSpec("month", offset=-1 if match.group("previous") else 1 if match.group("next") else 0)


def _relative_year(match: re.Match[str]) -> PeriodSpec | None:
    if match.group("same_month"):
        return PeriodSpec("month", offset=-12)
    if years := match.group("years") or match.group("years_en"):  # "2 ปีก่อน", "two years ago"
        return PeriodSpec("year", offset=-_number(years))
    return PeriodSpec("year", offset=-1 if match.group("previous") else 0)


def _year(match: re.Match[str]) -> PeriodSpec | None:
    year = year_ce(match.group("year") or match.group("bare"))
    if year is None or not 1990 <= year <= 2100:
        return None
    return PeriodSpec("year", year)


_DIGIT = re.compile(r"\d")


# A gate is a test that must pass before a pattern is worth running: words
# the pattern cannot match without (all gates' words are found in one pass,
# `_words_present`), or a function of the text.
Gate = frozenset[str] | Callable[[str], bool]


def _gate(*words: str) -> frozenset[str]:
    return frozenset(words)


def _pattern_gate(pattern: str) -> Callable[[str], bool]:
    search = re.compile(pattern).search
    return lambda text: search(text) is not None


_has_digit: Callable[[str], bool] = lambda text: _DIGIT.search(text) is not None  # noqa: E731

Builder = Callable[[re.Match[str]], PeriodSpec | None]
_RELATIVE_MONTH_WORDS = (
    "เดือน", "ล่าสุด", "ปัจจุบัน", "ตอนนี้", "ช่วงนี้", "last", "previous", "prior", "ago",
    "latest", "this", "current", "recent", "newest", "now", "after", "following",
)  # fmt: skip
# Each pattern runs only when its gate finds a word the pattern cannot match
# without: most messages name one period or none, and the patterns are slow.
_PERIOD_PATTERNS: tuple[tuple[Gate, re.Pattern[str], Builder], ...] = (
    (_gate("ไตรมาส", "q", "quarter"), _QUARTER_RE, _quarter),
    (_gate("ไตรมาสแรก", "first quarter"), _QUARTER_FIRST_RE, _first_quarter),
    (_gate("ไตรมาส", "quarter"), _QUARTER_RELATIVE_RE, _relative_quarter),
    (
        _gate("เดือนแรก", "first", "ครึ่ง", "ต้นปี", "สะสม", "ytd", "to date", "to-date", "h1", "so far"),
        _YTD_RE,
        _ytd,
    ),
    # Thai month names, or abbreviations with a dot.
    (_gate(".", *_COLLOQUIAL_MONTHS, *MISSPELT_MONTHS), _THAI_MONTH_RE, _thai_month),
    (_gate(*_DOTLESS_ABBR), _DOTLESS_MONTH_RE, _dotless_month),
    (_gate(*(pattern[:3] for pattern in _ENGLISH_MONTH_PATTERNS)), _ENGLISH_MONTH_RE, _english_month),
    (_pattern_gate(r"\d[-/.]\d"), _ISO_MONTH_RE, _numeric_month),
    (_pattern_gate(r"\d/\d"), _SLASH_MONTH_RE, _numeric_month),
    (_pattern_gate(r"(?:เดือน|month)\s*(?:ที่)?\s*\d"), _NUMBERED_MONTH_RE, _numeric_month),
    (_gate("ago", "เดือนที่แล้ว", "เดือนก่อน"), _MONTHS_AGO_RE, _months_ago),
    (_gate("ปี", "year"), _RELATIVE_YEAR_RE, _relative_year),
    (_gate(*_RELATIVE_MONTH_WORDS), _RELATIVE_MONTH_RE, _relative_month),
    (_has_digit, _YEAR_RE, _year),
)
_COMPARISON_PATTERNS: tuple[tuple[frozenset[str], re.Pattern[str], str], ...] = (
    (_gate("เดียวกัน", "ปีก่อน", "ปีที่แล้ว", "รายปี", "yoy", "y-o-y", "year", "annual"), _YOY_RE, "yoy"),
    (_gate("เดือนก่อน", "เดือนที่แล้ว", "เดือนที่ผ่านมา", "mom", "m-o-m", "month"), _MOM_RE, "mom"),
)
_SPAN_GATE = _gate("ย้อนหลัง", "เดือน", "ปี", "last", "past", "previous", "กว่านี้", "further", "longer", "history")
_CHART_GATE = _gate("กราฟ", "chart", "graph", "trend", "แนวโน้ม")
_GATE_WORDS = frozenset().union(
    _SPAN_GATE,
    _CHART_GATE,
    *(gate for gate, _, _ in (*_PERIOD_PATTERNS, *_COMPARISON_PATTERNS) if isinstance(gate, frozenset)),
)
_GATE_SCAN = re.compile(alternation(_GATE_WORDS))
# One pass finds the longest word at each place: "เดือนก่อน" also holds "เดือน".
_WORDS_INSIDE = {word: frozenset(other for other in _GATE_WORDS if other in word) for word in _GATE_WORDS}


def _words_present(text: str) -> set[str]:
    present: set[str] = set()
    for match in _GATE_SCAN.finditer(text):
        present |= _WORDS_INSIDE[match.group(0)]
    return present


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def scan_periods(text: str) -> PeriodScan:
    """Find comparisons, chart spans and periods in normalized text, in that
    order, blanking each match so later patterns cannot read it again."""
    comparison: str | None = None
    same_month: FoundPeriod | None = None
    present = _words_present(text)  # blanking only removes words: a gate open here may find nothing later
    for gate, pattern, name in _COMPARISON_PATTERNS:
        if gate.isdisjoint(present):
            continue
        for match in pattern.finditer(text):
            if name == "yoy" and a_month_not_a_comparison(text, match):
                same_month = FoundPeriod(match.start(), PeriodSpec("month", offset=-12), match.end())
            else:
                comparison = comparison or name
            text = _blank(text, match.start(), match.end())

    span_months: int | None = None
    for match in _SPAN_RE.finditer(text) if not _SPAN_GATE.isdisjoint(present) else ():
        if match.group("whole_year") or match.group("half_year") or match.group("longer"):
            span_months = 12 if match.group("whole_year") else 6 if match.group("half_year") else LONGER_SPAN
        else:
            count = match.group("count") or match.group("count2") or match.group("count3")
            unit = match.group("unit") or match.group("unit2") or match.group("unit3") or ""
            span_months = _in_months(count, unit)
        text = _blank(text, match.start(), match.end())

    year_span = fiscal_year(text) if any(word in text for word in FISCAL_YEAR_WORDS) else None
    year_span = year_span or (second_half(text) if any(word in text for word in SECOND_HALF_WORDS) else None)
    if year_span is not None:
        text = _blank(text, year_span.start, year_span.end)
    found: list[FoundPeriod] = []
    for period_gate, pattern, build in _PERIOD_PATTERNS:
        # Tested inline, not through a function: fifteen gates per message.
        if isinstance(period_gate, frozenset):
            if period_gate.isdisjoint(present):
                continue
        elif not period_gate(text):
            continue
        for match in pattern.finditer(text):
            spec = build(match)
            if spec is not None:
                found.append(FoundPeriod(match.start(), spec, match.end()))
                text = _blank(text, match.start(), match.end())
    charted = not _CHART_GATE.isdisjoint(present)
    if span_months is None and (charted or not (found or comparison or present.isdisjoint(("ปี", "year")))):
        span_months, text = _bare_span(text, years_only=not charted)
    if same_month is not None and not found:
        found.append(same_month)  # "ยอดผลิตเดือนเดียวกันปีที่แล้ว": that month, asked alone
    elif same_month is not None:
        comparison = comparison or "yoy"  # beside another period, what it is compared with
    found.sort(key=lambda item: item.position)
    found = _latest_names_which(_merge_year_into_parts(found, text), text)
    if year_span is not None and not found:
        found = [FoundPeriod(year_span.start, year_span.last, year_span.end)]
        return PeriodScan(found, comparison, span_months, text, range_start=year_span.first)
    found, range_start = _range(found, text)
    return PeriodScan(found, comparison, span_months, text, range_start)


def _range(found: list[FoundPeriod], text: str) -> tuple[list[FoundPeriod], PeriodSpec | None]:
    """The periods, and the first month of a range they make: "ม.ค.-มี.ค. 69", "ตั้งแต่ มิ.ย. 68"."""
    if len(found) >= 2 and text[found[0].end : found[1].position].strip() in _RANGE_JOINERS:
        first, second = found[0].spec, found[1].spec
        if first.kind == second.kind == "month" and first.year is None and second.year is not None:
            # "ม.ค.-มี.ค. 69": both months of 2569; "ต.ค.-มี.ค. 69": October of 2568.
            assert first.number is not None
            assert second.number is not None
            first = first.with_year(second.year - (first.number > second.number), None)
        return found[1:], first
    if len(found) == 1 and text[: found[0].position].rstrip().endswith(_SINCE):
        # "ตั้งแต่ มิ.ย. 68", "since January": a range from there to the latest month.
        start = found[0].spec
        if start.kind == "year" and start.offset is None and start.year is not None:
            start = PeriodSpec("month", start.year, 1)
        if start.kind == "month" and start.number == 1 and start.year is None and start.offset is None:
            return [FoundPeriod(found[0].position, PeriodSpec("ytd"), found[0].end)], None  # since January
        if start.kind == "month" and start.number is not None and start.offset is None:
            return [FoundPeriod(found[0].end, PeriodSpec("month", offset=0), found[0].end)], start
    return found, None


# Before a month, what makes it the start of a range running to the latest month.
_SINCE = ("ตั้งแต่", "since", "from")


# What may stand between the two months of a range, spaces around it aside.
_RANGE_JOINERS = frozenset({"-", "–", "ถึง", "จนถึง", "จน", "to", "until", "through"})


def _bare_span(text: str, years_only: bool) -> tuple[int | None, str]:
    """ "กราฟ … 12 เดือน", or "5 ปี" naming no other period ("9 เดือน" alone may be 9 months to date)."""
    bare = _BARE_SPAN_RE.search(text)
    if bare is None or (years_only and not bare.group("unit").startswith(("ปี", "year"))):
        return None, text
    return _in_months(bare.group("count"), bare.group("unit")), _blank(text, bare.start(), bare.end())


def _in_months(count: str, unit: str) -> int:
    """ "2 ปี", "twelve months": a span's length in months."""
    return _number(count) * 12 if unit.startswith(("ปี", "year")) else _number(count)


def _latest_names_which(found: list[FoundPeriod], text: str) -> list[FoundPeriod]:
    """ "ก.ย. ล่าสุด", "latest September": the latest right beside a named month or quarter
    says which one is meant (the most recent); it is not a second period to compare with."""
    for index in range(len(found) - 1):
        pair = found[index], found[index + 1]
        if text[pair[0].end : pair[1].position].strip():
            continue
        latest = [item for item in pair if item.spec.offset == 0 and item.spec.year_offset is None]
        named = [item for item in pair if item.spec.offset is None and item.spec.number is not None]
        if len(latest) == 1 and len(named) == 1:
            merged = FoundPeriod(pair[0].position, named[0].spec, pair[1].end)
            return [*found[:index], merged, *found[index + 2 :]]
    return found


def _merge_year_into_parts(found: list[FoundPeriod], text: str) -> list[FoundPeriod]:
    """ "ก.ย. … ปี 2569" and "ไตรมาส 3 … ปี 69": a month, quarter or ytd span
    without a year takes the year named right after (or before) it, unless compared with it."""
    result = list(found)
    index = 0
    while index < len(result):
        item = result[index]
        if item.spec.kind != "year" and item.spec.year is None and item.spec.offset is None:
            for other in (index + 1, index - 1):
                if not 0 <= other < len(result) or result[other].spec.kind != "year":
                    continue
                first, last = sorted((item, result[other]), key=lambda part: part.position)
                if not COMPARED_WITH.search(text[first.end : last.position]):
                    year_spec = result[other].spec
                    spec = item.spec.with_year(year_spec.year, year_spec.offset)
                    start, end = min(item.position, result[other].position), max(item.end, result[other].end)
                    result[index] = FoundPeriod(start, spec, end)
                    del result[other]
                    index -= other < index
                    break
        index += 1
    return result


def up_to_a_month(periods: tuple[PeriodSpec, ...]) -> tuple[PeriodSpec, ...]:
    """ "ตั้งแต่ต้นปีถึง พ.ค.", "ytd to May": the year to date ends in the month named after it."""
    if len(periods) < 2 or periods[0].kind != "ytd" or periods[0].number is not None:
        return periods
    month = periods[1]
    if month.kind != "month" or month.number is None or month.offset is not None:
        return periods
    return (PeriodSpec("ytd", month.year if month.year is not None else periods[0].year, month.number), *periods[2:])


def year_to_date_range(first: PeriodSpec | None, last: PeriodSpec | None) -> PeriodSpec | None:
    """ "ม.ค.-ก.ย. 69", "Jan-Sep 2026": a range from January to a month of the
    same year, which is also OIE's year to date."""
    if first is None or last is None or last.kind != "month":
        return None
    if first.kind == "ytd" and first.number is None and last.number is not None and last.offset is None:
        return PeriodSpec("ytd", last.year if last.year is not None else first.year, last.number)  # ต้นปีถึง พ.ค.
    if first.kind != "month":
        return None
    if first.number != 1 or last.number is None or first.offset is not None or last.offset is not None:
        return None
    if first.year is not None and last.year is not None and first.year != last.year:
        return None
    return PeriodSpec("ytd", last.year if last.year is not None else first.year, last.number)
