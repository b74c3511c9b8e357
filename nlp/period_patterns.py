"""The words and regular expressions that recognise periods in a message
(months, quarters, years to date, spans, comparisons); `nlp.period_scan`
runs them."""

from __future__ import annotations

import re
from typing import NamedTuple

from nlp.periods import PeriodSpec
from nlp.thaidate import THAI_MONTH_ABBR, THAI_MONTH_FULL
from nlp.wordsearch import alternation

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


def year_ce(text: str | None, english: bool = False) -> int | None:
    """4 digits: BE when above 2400, else CE. 2 digits: BE (69 -> 2569) in Thai
    writing, CE (26 -> 2026) after an English month name."""
    if not text:
        return None
    value = int(text)
    if len(text) <= 2:
        return 2000 + value if english else 2500 + value - 543
    return value - 543 if value > 2400 else value


# Thailand's fiscal year runs from October to September: ปีงบประมาณ 2569 is
# October 2568 to September 2569, and so is FY2026.
FISCAL_YEAR_WORDS = ("งบ", "fiscal", "fy")
_FISCAL_YEAR_RE = re.compile(
    r"(?P<current_en>(?:this|current) fiscal year)"
    r"|(?:ปีงบประมาณ|ปีงบ|(?:the )?fiscal year|\bfy)\s*(?:พ\.?\s?ศ\.?\s*)?"
    r"(?:(?P<year>\d{4}|\d{2})(?!\d)|(?P<current>นี้|ปัจจุบัน|ล่าสุด))?"
)


class YearSpan(NamedTuple):
    """Months of a year named as one span (a fiscal year, a second half)."""

    first: PeriodSpec  # its first month
    last: PeriodSpec  # its last month
    start: int  # where it is written in the text
    end: int


# The second half of a year, July to December; the first half is a year to date (ytd, 6).
SECOND_HALF_WORDS = ("ครึ่งปีหลัง", "ครึ่งหลัง", "h2", "second half")
_SECOND_HALF_RE = re.compile(
    r"(?:ครึ่งปีหลัง|ครึ่งหลัง|\bh2|(?:the )?second half)\s*(?:ของ|of)?\s*(?:ปี|year)?\s*(?:พ\.?\s?ศ\.?\s*)?/?\s*"
    r"(?:(?P<year>\d{4}|\d{2})(?!\d))?"
)


def _year_written(match: re.Match[str]) -> int | None:
    """The year (CE) a match's "year" group names: two digits are BE among Thai words, CE among English ones."""
    return year_ce(match.group("year"), english=not re.search(r"[ก-๙]", match.group(0)))


def second_half(text: str) -> YearSpan | None:
    """ "ครึ่งปีหลัง 2568", "H2 2025": July to December of that year; without a year, the most recent July on."""
    match = _SECOND_HALF_RE.search(text)
    if match is None:
        return None
    if not match.group("year"):
        return YearSpan(PeriodSpec("month", number=7), PeriodSpec("month", offset=0), match.start(), match.end())
    year = _year_written(match)
    return YearSpan(PeriodSpec("month", year, 7), PeriodSpec("month", year, 12), match.start(), match.end())


def fiscal_year(text: str) -> YearSpan | None:
    """The first and last month of a fiscal year named in the text, and where it is written."""
    match = _FISCAL_YEAR_RE.search(text)
    if match is None:
        return None
    if match.group("year"):
        year = _year_written(match)
        assert year is not None
        return YearSpan(PeriodSpec("month", year - 1, 10), PeriodSpec("month", year, 9), match.start(), match.end())
    if match.group("current") or match.group("current_en"):
        # The most recent October up to the latest month, to the latest month.
        return YearSpan(PeriodSpec("month", number=10), PeriodSpec("month", offset=0), match.start(), match.end())
    return None


def _alternation(names: dict[str, int]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


_THAI_MONTH_WORDS: dict[str, int] = {}
for _index, _name in enumerate(THAI_MONTH_FULL):
    _THAI_MONTH_WORDS[re.escape(_name)] = _index + 1
    _THAI_MONTH_WORDS[re.escape(_COLLOQUIAL_MONTHS[_index])] = _index + 1
# Misspellings common enough to be meant: ฏ for ฎ, ษ for ศ.
MISSPELT_MONTHS = {"กรกฏาคม": 7, "กรกฏา": 7, "พฤษจิกายน": 11, "พฤษจิกา": 11}
_THAI_MONTH_WORDS.update({re.escape(name): number for name, number in MISSPELT_MONTHS.items()})
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
# "เดือน 8 ปี 69", "month 8": the month's number after the word (before it, "8 เดือน" is a count).
_NUMBERED_MONTH_RE = re.compile(
    rf"(?:เดือน(?:ที่)?|\bmonth)\s*(?P<month>\d{{1,2}})(?!\d)(?!\s*(?:เดือน|months?|วัน|days?))"
    rf"(?:\s*{_YEAR_PREFIX}\s*{_YEAR})?"
)

_QUARTER_RE = re.compile(
    r"(?:ไตรมาส(?:ที่)?|quarter|qtr|\bq)\s*(?P<quarter>[1-4]|หนึ่ง|สอง|สาม|สี่)(?!\d)"
    rf"(?:\s*(?:/|-|ปี|of|,)?\s*(?:พ\.?\s?ศ\.?\s*|ค\.?\s?ศ\.?\s*)?{_YEAR})?"
    r"|(?P<year2>\d{4})\s*[-/]?\s*q(?P<quarter2>[1-4])\b"
    r"|\b(?P<quarter3>[1-4](?=st|nd|rd|th)|second|third|fourth)(?:st|nd|rd|th)?\s+quarter"
    r"(?:\s*(?:of\s*)?(?P<year3>\d{4}))?"
)
_QUARTER_FIRST_RE = re.compile(rf"(?:ไตรมาสแรก|first quarter)(?:\s*{_YEAR_PREFIX}\s*{_YEAR})?")
_QUARTER_RELATIVE_RE = re.compile(
    r"(?P<previous>ไตรมาส(?:ที่แล้ว|ที่ผ่านมา|ก่อนหน้า|ก่อน)|(?:last|previous|prior) quarter)"
    r"|(?P<current>ไตรมาส(?:นี้|ล่าสุด|ปัจจุบัน)|(?:this|latest|current) quarter)"
)
_NUMBER_WORD = rf"\d{{1,2}}|{_alternation(_THAI_NUMBERS)}|{_alternation(_ENGLISH_NUMBERS)}"
_YTD_RE = re.compile(
    rf"(?:สะสม\s*(?P<count>{_NUMBER_WORD})\s*เดือน(?:แรก)?|(?P<count_first>{_NUMBER_WORD})\s*เดือนแรก)"
    rf"(?:\s*(?:ของ)?\s*{_YEAR_PREFIX}\s*{_YEAR})?"
    rf"|first\s+(?P<count2>{_NUMBER_WORD})\s+months(?:\s*(?:of\s*)?(?P<year2>\d{{4}}))?"
    rf"|(?P<half>ครึ่งปีแรก|ครึ่งแรกของปี|first half|\bh1\b)(?:\s*(?:of\s*)?{_YEAR_PREFIX}\s*(?P<year3>\d{{4}}|\d{{2}}))?"
    rf"|(?P<todate>ตั้งแต่ต้นปี|ต้นปีถึงปัจจุบัน|ต้นปีจนถึงปัจจุบัน|ต้นปีถึงตอนนี้|สะสมทั้งปี|ยอดสะสม|สะสม|"
    rf"\bytd\b|year[- ]to[- ]date|so far this year)(?:\s*{_YEAR_PREFIX}\s*(?P<year4>\d{{4}}))?"
)
_SPAN_COUNT = rf"\d{{1,3}}|{_alternation(_THAI_NUMBERS)}|{_alternation(_ENGLISH_NUMBERS)}"
_SPAN_RE = re.compile(
    rf"(?P<whole_year>ย้อนหลังทั้งปี|ทั้งปีย้อนหลัง|(?:over )?the past year|\bpast year)"
    rf"|(?P<half_year>ย้อนหลังครึ่งปี|ครึ่งปีย้อนหลัง|ครึ่งปีที่ผ่านมา|ครึ่งปีหลังสุด|(?:the )?past half[- ]year)"
    rf"|ย้อนหลัง\s*(?P<count>{_SPAN_COUNT})\s*(?P<unit>เดือน|ปี)"
    rf"|(?P<count2>{_SPAN_COUNT})\s*(?P<unit2>เดือน|ปี)\s*(?:ล่าสุด|ที่ผ่านมา|หลังสุด|ย้อนหลัง)"
    rf"|(?:last|past|previous)\s+(?P<count3>{_SPAN_COUNT})\s+(?P<unit3>months?|years?)"
    # "ขอย้อนหลังยาวกว่านี้", "further back": five years (the default chart shows two).
    r"|(?P<longer>ย้อนหลัง\s*(?:ให้|ไป)?\s*(?:ยาว|นาน|มาก|อีก)(?:กว่านี้|ขึ้น|ๆ|อีก)|ยาวกว่านี้|นานกว่านี้"
    r"|further back|longer (?:history|period|span|range|time)|more history)"
)
LONGER_SPAN = 60
_BARE_SPAN_RE = re.compile(
    rf"(?<![\d.])(?P<count>\d{{1,3}}|{_alternation(_THAI_NUMBERS)})\s*(?P<unit>เดือน|ปี|months?|years?)"
    r"(?!\s*(?:แรก|ที่แล้ว|ก่อน|ago|\d))"
)
_MONTHS_AGO_RE = re.compile(
    rf"(?P<count>\d{{1,2}}|{_alternation(_THAI_NUMBERS)})\s*เดือน(?:ที่แล้ว|ก่อน)"
    rf"|(?P<count2>\d{{1,2}}|{_alternation(_ENGLISH_NUMBERS)})\s+months?\s+ago"
)
_PREVIOUS_MONTH_WORDS = (
    "เดือนที่แล้ว", "เดือนทีแล้ว", "เดือนก่อนหน้า", "เดือนก่อน", "เมื่อเดือนที่แล้ว", "เดือนที่ผ่านมา",
    "เมื่อเดือนที่ผ่านมา", "last month", "the past month", "previous month", "prior month", "a month ago",
)  # fmt: skip
# The month after the one asked before ("เดือนถัดไปล่ะ"); alone, after the latest (not in the data yet).
_NEXT_MONTH_WORDS = ("เดือนถัดไป", "เดือนถัดมา", "เดือนต่อไป", "เดือนต่อมา", "the month after", "the following month")
_CURRENT_MONTH_WORDS = (
    "เดือนล่าสุด", "ล่าสุด", "เดือนนี้", "เดือนปัจจุบัน", "ปัจจุบัน", "ตอนนี้", "ช่วงนี้",
    "latest", "this month", "current month", "most recent", "newest", "current", "now", "recent",
)  # fmt: skip
# Word tries (`nlp.wordsearch`): this pattern runs for most messages.
_RELATIVE_MONTH_RE = re.compile(
    f"(?P<previous>{alternation(_PREVIOUS_MONTH_WORDS)})"
    f"|(?P<next>{alternation(_NEXT_MONTH_WORDS)})"
    f"|(?P<current>{alternation(_CURRENT_MONTH_WORDS, whole_words=('current', 'now'))})"
)
_RELATIVE_YEAR_RE = re.compile(
    # "ปีที่แล้วเดือนเดียวกัน": the latest month, a year earlier; not the whole year.
    r"(?P<same_month>(?:เมื่อ)?ปี(?:ที่แล้ว|ก่อน|ที่ผ่านมา)\s*(?:ใน)?(?:ช่วง)?เดือนเดียวกัน"
    r"|(?:the )?same month (?:a year (?:ago|earlier|before)|(?:of )?last year)|\ba year (?:ago|earlier|before))"
    rf"|(?<![\d.])(?P<years>\d|{_alternation(_THAI_NUMBERS)})\s*ปี(?:ก่อน|ที่แล้ว)(?!หน้า)"
    rf"|(?<![\d.])(?P<years_en>\d|{_alternation(_ENGLISH_NUMBERS)})\s+years?\s+ago"
    r"|(?P<previous>เมื่อปีที่แล้ว|ปีที่แล้ว|ปีที่ผ่านมา|ปีก่อนหน้า|ปีก่อน|ปีกลาย|last year|previous year"
    r"|the year before)"
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
    r"(?:(?:เมื่อ)?(?:เทียบ(?:กับ)?|จาก|กับ|ต่อ)\s*)?(?:ช่วง|เดือน)?เดียวกัน(?:ของ|กับ)?\s*ปี(?:ก่อน(?:หน้า)?|ที่แล้ว)"
    r"|(?:เมื่อ)?(?:เทียบ(?:กับ)?|จาก|(?:สูง|ต่ำ|มาก|น้อย|ดี|แย่)กว่า)\s*(?:ปี(?:ก่อน(?:หน้า)?|ที่แล้ว)|รายปี)"
    r"|\byoy\b|\by-o-y\b|year[- ](?:on|over)[- ]year|yearly change|annual change"
    r"|(?:vs\.?|versus|compared? (?:with|to)|compare|from|than|against|beat|exceed(?:ed)?)"
    r"\s+(?:a year (?:earlier|ago|before)"
    r"|last year(?:'s)?|the previous year|previous year|the same month (?:of |in )?(?:last|the previous) year)"
)
_MOM_RE = re.compile(
    r"(?:เมื่อ)?(?:เทียบ(?:กับ)?|จาก|(?:สูง|ต่ำ|มาก|น้อย|ดี|แย่)กว่า)\s*เดือน(?:ก่อน(?:หน้า)?|ที่แล้ว|ที่ผ่านมา)"
    r"|\bmom\b|\bm-o-m\b|month[- ](?:on|over)[- ]month|monthly change"
    r"|(?:vs\.?|versus|compared? (?:with|to)|compare|from|than|against)"
    r"\s+(?:last month|the previous month|previous month|a month (?:earlier|ago|before))"
)


_COMPARING_OR_MOVING = re.compile(r"เทียบ|จาก|กับ|ต่อ|โต|ขยาย|หด|เพิ่ม|ลด|ขึ้น|ลง|ติดลบ|เปลี่ยน|ต่าง")
# Between a period and a year: the year is what it is compared with, not its year ("ytd vs 2025").
COMPARED_WITH = re.compile(r"เทียบ|กับ|\bvs\b|versus|compared|than|against")


def a_month_not_a_comparison(text: str, match: re.Match[str]) -> bool:
    """ "เดือนเดียวกันปีที่แล้ว" with no word of comparing or moving anywhere names a month;
    "เทียบเดือนเดียวกันปีที่แล้ว" and "โตจากช่วงเดียวกันปีก่อน" compare with it."""
    return match.group(0).startswith(("เดือนเดียวกัน", "ช่วงเดียวกัน")) and not _COMPARING_OR_MOVING.search(text)
