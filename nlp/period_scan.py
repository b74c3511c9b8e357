"""Recognising periods in normalized text: what people write ("ก.ย. 69",
"ไตรมาส 3/2569", "Q3 2026", "9 เดือนแรก", "เดือนที่แล้ว", "ม.ค.-มี.ค. 69")
becomes `PeriodSpec`s, with the comparison and chart span the words name."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from nlp.periods import PeriodSpec
from nlp.thaidate import THAI_MONTH_ABBR, THAI_MONTH_FULL

_THAI_NUMBERS = {
    "หนึ่ง": 1,
    "สอง": 2,
    "สาม": 3,
    "สี่": 4,
    "ห้า": 5,
    "หก": 6,
    "เจ็ด": 7,
    "แปด": 8,
    "เก้า": 9,
    "สิบ": 10,
    "สิบเอ็ด": 11,
    "สิบสอง": 12,
}
_ENGLISH_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_COLLOQUIAL_MONTHS = (
    "มกรา",
    "กุมภา",
    "มีนา",
    "เมษา",
    "พฤษภา",
    "มิถุนา",
    "กรกฎา",
    "สิงหา",
    "กันยา",
    "ตุลา",
    "พฤศจิกา",
    "ธันวา",
)
_ENGLISH_MONTH_PATTERNS = (
    "jan(?:uary)?",
    "feb(?:ruary)?",
    "mar(?:ch)?",
    "apr(?:il)?",
    "may",
    "june?",
    "july?",
    "aug(?:ust)?",
    "sep(?:t(?:ember)?)?",
    "oct(?:ober)?",
    "nov(?:ember)?",
    "dec(?:ember)?",
)


def _alternation(names: dict[str, int]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


_THAI_MONTH_WORDS: dict[str, int] = {}
for _index, _name in enumerate(THAI_MONTH_FULL):
    _THAI_MONTH_WORDS[re.escape(_name)] = _index + 1
    _THAI_MONTH_WORDS[re.escape(_COLLOQUIAL_MONTHS[_index])] = _index + 1
_THAI_MONTH_WORDS[re.escape("กรกฏาคม")] = 7
_THAI_MONTH_WORDS[re.escape("กรกฏา")] = 7
for _index, _abbr in enumerate(THAI_MONTH_ABBR):
    # "ก.ย.", "ก. ย.", "ก.ย" (the last dot is often left out).
    first, second = _abbr.rstrip(".").split(".")
    _THAI_MONTH_WORDS[f"{first}\\.\\s?{second}\\.?"] = _index + 1
_DOTLESS_ABBR = {abbr.replace(".", ""): i + 1 for i, abbr in enumerate(THAI_MONTH_ABBR)}

_YEAR = r"(?P<year>\d{4}|\d{2})(?!\d)"
_YEAR_PREFIX = r"(?:ปี|พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|year|of|,)?"
_THAI_MONTH_RE = re.compile(
    rf"(?:เดือน\s?)?(?P<month>{_alternation(_THAI_MONTH_WORDS)})(?:\s*{_YEAR_PREFIX}\s*{_YEAR})?"
)
# Without dots an abbreviation is only a month next to a year or after "เดือน":
# "พย" alone also starts words such as พยากรณ์.
_DOTLESS_MONTH_RE = re.compile(
    rf"(?:(?<![ก-๙])(?P<month>{'|'.join(_DOTLESS_ABBR)})\.?\s*{_YEAR_PREFIX}\s*{_YEAR}"
    rf"|เดือน\s?(?P<month2>{'|'.join(_DOTLESS_ABBR)})(?![ก-๙])"
    # "มค-มีค 69": the first month of a range, its year written after the second.
    rf"|(?<![ก-๙])(?P<month3>{'|'.join(_DOTLESS_ABBR)})(?=\s*(?:-|–|ถึง)\s*(?:{'|'.join(_DOTLESS_ABBR)})))"
)
_ENGLISH_MONTH_RE = re.compile(
    rf"\b(?P<month>{'|'.join(_ENGLISH_MONTH_PATTERNS)})\.?\b(?:[\s,]*(?:of\s+)?'?(?P<year>\d{{4}}|\d{{2}})(?!\d))?"
)
_ISO_MONTH_RE = re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})(?!\d)")
_SLASH_MONTH_RE = re.compile(r"(?<![\d/])(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})(?![\d/])")

_QUARTER_RE = re.compile(
    r"(?:ไตรมาส(?:ที่)?|quarter|qtr|\bq)\s*(?P<quarter>[1-4])(?!\d)"
    rf"(?:\s*(?:/|-|ปี|of|,)?\s*(?:พ\.?\s?ศ\.?\s*|ค\.?\s?ศ\.?\s*)?{_YEAR})?"
    r"|(?P<year2>\d{4})\s*[-/]?\s*q(?P<quarter2>[1-4])\b"
    r"|\b(?P<quarter3>[1-4])(?:st|nd|rd|th)\s+quarter(?:\s*(?:of\s*)?(?P<year3>\d{4}))?"
)
_QUARTER_FIRST_RE = re.compile(rf"(?:ไตรมาสแรก|first quarter)(?:\s*{_YEAR_PREFIX}\s*{_YEAR})?")
_QUARTER_RELATIVE_RE = re.compile(
    r"(?P<previous>ไตรมาส(?:ที่แล้ว|ก่อนหน้า|ก่อน)|(?:last|previous|prior) quarter)"
    r"|(?P<current>ไตรมาส(?:นี้|ล่าสุด|ปัจจุบัน)|(?:this|latest|current) quarter)"
)
_NUMBER_WORD = rf"\d{{1,2}}|{_alternation(_THAI_NUMBERS)}|{_alternation(_ENGLISH_NUMBERS)}"
_YTD_RE = re.compile(
    rf"(?P<count>{_NUMBER_WORD})\s*เดือนแรก(?:\s*(?:ของ)?\s*{_YEAR_PREFIX}\s*{_YEAR})?"
    rf"|first\s+(?P<count2>{_NUMBER_WORD})\s+months(?:\s*(?:of\s*)?(?P<year2>\d{{4}}))?"
    rf"|(?P<half>ครึ่งปีแรก|ครึ่งแรกของปี|first half|\bh1\b)(?:\s*(?:of\s*)?{_YEAR_PREFIX}\s*(?P<year3>\d{{4}}|\d{{2}}))?"
    rf"|(?P<todate>ตั้งแต่ต้นปี|ต้นปีถึงปัจจุบัน|ต้นปีจนถึงปัจจุบัน|ต้นปีถึงตอนนี้|สะสมทั้งปี|ยอดสะสม|สะสม|"
    rf"\bytd\b|year[- ]to[- ]date|so far this year)(?:\s*{_YEAR_PREFIX}\s*(?P<year4>\d{{4}}))?"
)
_SPAN_COUNT = rf"\d{{1,3}}|{_alternation(_THAI_NUMBERS)}|{_alternation(_ENGLISH_NUMBERS)}"
_SPAN_RE = re.compile(
    rf"ย้อนหลัง\s*(?P<count>{_SPAN_COUNT})\s*(?P<unit>เดือน|ปี)"
    rf"|(?P<count2>{_SPAN_COUNT})\s*(?P<unit2>เดือน|ปี)\s*(?:ล่าสุด|ที่ผ่านมา|หลังสุด|ย้อนหลัง)"
    rf"|(?:last|past|previous)\s+(?P<count3>{_SPAN_COUNT})\s+(?P<unit3>months?|years?)"
)
_MONTHS_AGO_RE = re.compile(r"(?P<count>\d{1,2})\s*เดือน(?:ที่แล้ว|ก่อน)|(?P<count2>\d{1,2})\s+months?\s+ago")
_RELATIVE_MONTH_RE = re.compile(
    r"(?P<previous>เดือนที่แล้ว|เดือนทีแล้ว|เดือนที่แล้ว|เดือนก่อนหน้า|เดือนก่อน|เมื่อเดือนที่แล้ว|"
    r"last month|previous month|prior month|a month ago)"
    r"|(?P<current>เดือนล่าสุด|ล่าสุด|เดือนนี้|เดือนปัจจุบัน|ปัจจุบัน|ตอนนี้|ช่วงนี้|"
    r"latest|this month|current month|most recent|newest|\bcurrent\b|\bnow\b|recent)"
)
_RELATIVE_YEAR_RE = re.compile(
    r"(?P<previous>เมื่อปีที่แล้ว|ปีที่แล้ว|ปีก่อนหน้า|ปีก่อน|ปีกลาย|last year|previous year)"
    r"|(?P<current>ปีนี้|ปีล่าสุด|ปีปัจจุบัน|this year|current year)"
)
_YEAR_RE = re.compile(
    rf"(?:ปี|พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|\byear|\bin)\s*{_YEAR}"
    # A bare year, also in "2566-2568", but not the year of "2569-09".
    r"|(?<![\d.:/])(?P<bare>25[5-9]\d|20[0-4]\d)(?![\d.:/])(?!-\d{1,2}(?!\d))"
)

# Comparisons named in words; matched before periods so "เทียบปีก่อน" is not
# read as the period "last year".
_YOY_RE = re.compile(
    r"(?:เมื่อ)?(?:เทียบ(?:กับ)?|จาก|กับ|ต่อ)?\s*(?:ช่วง|เดือน)?เดียวกัน(?:ของ|กับ)?\s*ปี(?:ก่อน(?:หน้า)?|ที่แล้ว)"
    r"|(?:เมื่อ)?(?:เทียบ(?:กับ)?|จาก)\s*(?:ปี(?:ก่อน(?:หน้า)?|ที่แล้ว)|รายปี)"
    r"|\byoy\b|\by-o-y\b|year[- ](?:on|over)[- ]year|yearly change|annual change"
    r"|(?:vs\.?|versus|compared (?:with|to)|from|than|against)\s+(?:a year (?:earlier|ago|before)|last year"
    r"|the previous year|previous year|the same month (?:of |in )?(?:last|the previous) year)"
)
_MOM_RE = re.compile(
    r"(?:เมื่อ)?(?:เทียบ(?:กับ)?|จาก)\s*เดือน(?:ก่อน(?:หน้า)?|ที่แล้ว)"
    r"|\bmom\b|\bm-o-m\b|month[- ](?:on|over)[- ]month|monthly change"
    r"|(?:vs\.?|versus|compared (?:with|to)|from|than|against)\s+(?:last month|the previous month|previous month"
    r"|a month (?:earlier|ago|before))"
)


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


def _year_ce(text: str | None, english: bool = False) -> int | None:
    """4 digits: BE when above 2400, else CE. 2 digits: BE (69 -> 2569) in Thai
    writing, CE (26 -> 2026) after an English month name."""
    if not text:
        return None
    value = int(text)
    if len(text) <= 2:
        return 2000 + value if english else 2500 + value - 543
    return value - 543 if value > 2400 else value


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
            return PeriodSpec("month", _year_ce(match.group("year")), number)
    return None


def _dotless_month(match: re.Match[str]) -> PeriodSpec | None:
    word = match.group("month") or match.group("month2") or match.group("month3")
    year = match.group("year") if match.group("month") else None
    return PeriodSpec("month", _year_ce(year), _DOTLESS_ABBR[word])


def _english_month(match: re.Match[str]) -> PeriodSpec | None:
    word = match.group("month")
    if word == "may" and not match.group("year"):
        return None  # "may I ask …"
    for pattern, number in _ENGLISH_MONTH_MATCHERS:
        if pattern.fullmatch(word):
            return PeriodSpec("month", _year_ce(match.group("year"), english=True), number)
    return None


def _numeric_month(match: re.Match[str]) -> PeriodSpec | None:
    month = int(match.group("month"))
    if not 1 <= month <= 12:
        return None
    return PeriodSpec("month", _year_ce(match.group("year")), month)


def _quarter(match: re.Match[str]) -> PeriodSpec | None:
    if match.group("quarter"):
        return PeriodSpec("quarter", _year_ce(match.group("year")), int(match.group("quarter")))
    if match.group("quarter2"):
        return PeriodSpec("quarter", _year_ce(match.group("year2")), int(match.group("quarter2")))
    return PeriodSpec("quarter", _year_ce(match.group("year3")), int(match.group("quarter3")))


def _first_quarter(match: re.Match[str]) -> PeriodSpec | None:
    return PeriodSpec("quarter", _year_ce(match.group("year")), 1)


def _relative_quarter(match: re.Match[str]) -> PeriodSpec | None:
    return PeriodSpec("quarter", offset=-1 if match.group("previous") else 0)


def _ytd(match: re.Match[str]) -> PeriodSpec | None:
    if match.group("count"):
        return PeriodSpec("ytd", _year_ce(match.group("year")), _number(match.group("count")))
    if match.group("count2"):
        return PeriodSpec("ytd", _year_ce(match.group("year2")), _number(match.group("count2")))
    if match.group("half"):
        return PeriodSpec("ytd", _year_ce(match.group("year3")), 6)
    return PeriodSpec("ytd", _year_ce(match.group("year4")))


def _months_ago(match: re.Match[str]) -> PeriodSpec | None:
    return PeriodSpec("month", offset=-int(match.group("count") or match.group("count2")))


def _relative_month(match: re.Match[str]) -> PeriodSpec | None:
    return PeriodSpec("month", offset=-1 if match.group("previous") else 0)


def _relative_year(match: re.Match[str]) -> PeriodSpec | None:
    return PeriodSpec("year", offset=-1 if match.group("previous") else 0)


def _year(match: re.Match[str]) -> PeriodSpec | None:
    year = _year_ce(match.group("year") or match.group("bare"))
    if year is None or not 1990 <= year <= 2100:
        return None
    return PeriodSpec("year", year)


_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[a-z]")
_THAI = re.compile("[\u0e00-\u0e7f]")


def _gate(*words: str) -> Callable[[str], bool]:
    """A cheap test that must pass before a pattern is worth running."""
    search = re.compile("|".join(re.escape(word) for word in words)).search
    return lambda text: search(text) is not None


_has_digit: Callable[[str], bool] = lambda text: _DIGIT.search(text) is not None  # noqa: E731
_has_latin: Callable[[str], bool] = lambda text: _LATIN.search(text) is not None  # noqa: E731
_has_thai: Callable[[str], bool] = lambda text: _THAI.search(text) is not None  # noqa: E731
_always: Callable[[str], bool] = lambda text: True  # noqa: E731

Builder = Callable[[re.Match[str]], PeriodSpec | None]
_PERIOD_PATTERNS: tuple[tuple[Callable[[str], bool], re.Pattern[str], Builder], ...] = (
    (_gate("ไตรมาส", "q", "quarter"), _QUARTER_RE, _quarter),
    (_gate("ไตรมาสแรก", "first quarter"), _QUARTER_FIRST_RE, _first_quarter),
    (_gate("ไตรมาส", "quarter"), _QUARTER_RELATIVE_RE, _relative_quarter),
    (
        _gate("เดือนแรก", "first", "ครึ่ง", "ต้นปี", "สะสม", "ytd", "to date", "to-date", "h1", "so far"),
        _YTD_RE,
        _ytd,
    ),
    (_has_thai, _THAI_MONTH_RE, _thai_month),
    (_has_thai, _DOTLESS_MONTH_RE, _dotless_month),
    (_has_latin, _ENGLISH_MONTH_RE, _english_month),
    (_has_digit, _ISO_MONTH_RE, _numeric_month),
    (_has_digit, _SLASH_MONTH_RE, _numeric_month),
    (_has_digit, _MONTHS_AGO_RE, _months_ago),
    (_gate("ปี", "year"), _RELATIVE_YEAR_RE, _relative_year),
    (_always, _RELATIVE_MONTH_RE, _relative_month),
    (_has_digit, _YEAR_RE, _year),
)
_COMPARISON_PATTERNS: tuple[tuple[Callable[[str], bool], re.Pattern[str], str], ...] = (
    (_gate("ปี", "y"), _YOY_RE, "yoy"),
    (_gate("เดือน", "m"), _MOM_RE, "mom"),
)
_span_gate = _gate("ย้อนหลัง", "เดือน", "ปี", "last", "past", "previous")


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def scan_periods(text: str) -> PeriodScan:
    """Find comparisons, chart spans and periods in normalized text, in that
    order, blanking each match so later patterns cannot read it again."""
    comparison: str | None = None
    for gate, pattern, name in _COMPARISON_PATTERNS:
        if not gate(text):
            continue
        for match in pattern.finditer(text):
            comparison = comparison or name
            text = _blank(text, match.start(), match.end())

    span_months: int | None = None
    for match in _SPAN_RE.finditer(text) if _span_gate(text) else ():
        count = _number(match.group("count") or match.group("count2") or match.group("count3"))
        unit = match.group("unit") or match.group("unit2") or match.group("unit3") or ""
        span_months = count * 12 if unit.startswith(("ปี", "year")) else count
        text = _blank(text, match.start(), match.end())

    found: list[FoundPeriod] = []
    for gate, pattern, build in _PERIOD_PATTERNS:
        if not gate(text):
            continue
        for match in pattern.finditer(text):
            spec = build(match)
            if spec is not None:
                found.append(FoundPeriod(match.start(), spec, match.end()))
                text = _blank(text, match.start(), match.end())
    found.sort(key=lambda item: item.position)
    found = _merge_year_into_parts(found)
    range_start = None
    if len(found) >= 2 and _RANGE_JOINER.fullmatch(text[found[0].end : found[1].position]):
        first, second = found[0].spec, found[1].spec
        if first.kind == second.kind == "month" and first.year is None and second.year is not None:
            # "ม.ค.-มี.ค. 69": both months of 2569; "ต.ค.-มี.ค. 69": October of 2568.
            assert first.number is not None
            assert second.number is not None
            first = first.with_year(second.year - (first.number > second.number), None)
        range_start = first
        found = found[1:]
    return PeriodScan(found, comparison, span_months, text, range_start)


_RANGE_JOINER = re.compile(r"\s*(?:-|–|ถึง|จนถึง|จน|to|until|through)\s*")


def _merge_year_into_parts(found: list[FoundPeriod]) -> list[FoundPeriod]:
    """ "ก.ย. … ปี 2569" and "ไตรมาส 3 … ปี 69": a month, quarter or ytd span
    without a year takes the year named right after (or before) it."""
    result = list(found)
    index = 0
    while index < len(result):
        item = result[index]
        if item.spec.kind != "year" and item.spec.year is None and item.spec.offset is None:
            for other in (index + 1, index - 1):
                if 0 <= other < len(result) and result[other].spec.kind == "year":
                    year_spec = result[other].spec
                    spec = item.spec.with_year(year_spec.year, year_spec.offset)
                    start, end = min(item.position, result[other].position), max(item.end, result[other].end)
                    result[index] = FoundPeriod(start, spec, end)
                    del result[other]
                    index -= other < index
                    break
        index += 1
    return result
