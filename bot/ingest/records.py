"""Validated records of release files: observations with their place in the
file, the problems found, and the checks every format shares. Nothing here
reads a file or touches the database."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bot.ingest.limits import excerpt
from nlp.thaidate import BE_OFFSET, THAI_DIGITS, YearMonth
from nlp.vocabulary import INDICATOR_CODES, SECTOR_CODES, TOTAL

CSV_COLUMNS = ("indicator", "tsic", "year", "month", "value", "preliminary")
VALID_SECTORS = frozenset((TOTAL, *SECTOR_CODES))
VALID_INDICATORS = frozenset(INDICATOR_CODES)
# Plausible Buddhist-Era years for OIE series; a CE year (2026) falls outside,
# which catches the most common mistake in hand-made files.
BE_YEAR_RANGE = range(2500, 2700)
MAX_PROBLEMS = 50
# Past this many the file is plainly not a release file: reading stops,
# so a hostile file cannot fill memory with complaints.
MAX_PROBLEMS_COLLECTED = 1000
SAMPLE_MARKERS = ("ข้อมูลตัวอย่าง", "synthetic", "สังเคราะห์")


@dataclass(frozen=True, slots=True)
class ObservationKey:
    indicator: str
    sector: str
    period: YearMonth


@dataclass(frozen=True, slots=True)
class ParsedObservation:
    key: ObservationKey
    value: Decimal
    preliminary: bool
    place: str


@dataclass(frozen=True, slots=True)
class Problem:
    place: str
    reason: str

    def __str__(self) -> str:
        return f"{self.place}: {self.reason}"


@dataclass(frozen=True)
class FileFacts:
    """What one read through a file tells before any parsing: its hash,
    whether it holds anything but white space, its lines, and the first
    line that is not UTF-8 (None when all are)."""

    sha256: str
    has_content: bool
    lines: int
    undecodable_line: int | None


@dataclass
class ReleaseFile:
    path: Path
    file_format: str
    sha256: str
    observations: list[ParsedObservation] = field(default_factory=list)
    rows_read: int = 0
    looks_like_sample: bool = False


class ReleaseFileError(Exception):
    """A release file that cannot be imported; `problems` name each place."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = str(path)
        self.problems = problems
        lines = [f"  {problem}" for problem in problems[:MAX_PROBLEMS]]
        if len(problems) > MAX_PROBLEMS:
            hidden = len(problems) - MAX_PROBLEMS - 1
            if hidden:
                lines.append(f"  … and {hidden} more, then")
            # The last problem is shown too: it says where reading stopped, when it did.
            lines.append(f"  {problems[-1]}")
        super().__init__(f"{self.path} rejected ({len(problems)} problem(s)):\n" + "\n".join(lines))


def stop_reading(place: str, problems: list[Problem]) -> bool:
    """True, with a last problem saying so, once enough problems are collected."""
    if len(problems) < MAX_PROBLEMS_COLLECTED:
        return False
    problems.append(Problem(place, f"stopped reading after {MAX_PROBLEMS_COLLECTED:,} problems: fix these first"))
    return True


def validated_row(place: str, cells: dict[str, str], problems: list[Problem]) -> ParsedObservation | None:
    reasons: list[str] = []
    indicator = cells["indicator"].upper()
    if indicator not in VALID_INDICATORS:
        reasons.append(f"unknown indicator {excerpt(cells['indicator'])} (expected {', '.join(INDICATOR_CODES)})")
    sector = cells["tsic"].strip().translate(THAI_DIGITS).upper()
    if sector.isdigit() and len(sector) == 1:
        sector = sector.zfill(2)
    if sector not in VALID_SECTORS:
        reasons.append(f"unknown sector code {excerpt(cells['tsic'])} (expected TOTAL or a TSIC division 10-17, 19-32)")
    year = parse_int(cells["year"])
    if year is None:
        reasons.append(f"year {excerpt(cells['year'])} is not a whole number")
    elif year not in BE_YEAR_RANGE:
        hint = " (looks like a Common-Era year; the file uses Buddhist Era)" if 1900 < year < 2100 else ""
        reasons.append(f"year {year} is not a plausible Buddhist-Era year{hint}")
    month = parse_int(cells["month"])
    if month is None or not 1 <= month <= 12:
        reasons.append(f"month {excerpt(cells['month'])} is not 1-12")
    value = parse_value(cells["value"], indicator, reasons)
    preliminary_text = cells["preliminary"].strip().translate(THAI_DIGITS)
    if preliminary_text not in {"0", "1"}:
        reasons.append(f"preliminary {excerpt(preliminary_text)} must be 0 or 1")
    for reason in reasons:
        problems.append(Problem(place, reason))
    if reasons or year is None or month is None or value is None:
        return None
    key = ObservationKey(indicator, sector, YearMonth(year - BE_OFFSET, month))
    return ParsedObservation(key, value, preliminary_text == "1", place)


def parse_int(text: str) -> int | None:
    text = text.strip().translate(THAI_DIGITS)
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    return None


_PLAIN_NUMBER = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]+)?")


def parse_value(raw: Any, indicator: str, reasons: list[str]) -> Decimal | None:
    """A non-negative number with at most two decimals (CAPU at most 100)."""
    text = str(raw).strip().replace(",", "").translate(THAI_DIGITS)
    # Plain decimals only, as the data is written: not "+1e2", "NaN" or "0x10".
    if not _PLAIN_NUMBER.fullmatch(text):
        reasons.append(f"value {excerpt(raw)} is not a number")
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        reasons.append(f"value {excerpt(raw)} is not a number")
        return None
    if not value.is_finite():
        reasons.append(f"value {excerpt(raw)} is not a number")
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        reasons.append(f"value {text} has more than 2 decimal places")
        return None
    if value < 0:
        reasons.append(f"value {text} is negative")
        return None
    if indicator == "CAPU" and value > 100:
        reasons.append(f"capacity utilization {text} is above 100 percent")
        return None
    return value.quantize(Decimal("0.01"))


def duplicate_problems(observations: Iterable[ParsedObservation]) -> list[Problem]:
    first_place: dict[ObservationKey, str] = {}
    problems: list[Problem] = []
    for observation in observations:
        earlier = first_place.setdefault(observation.key, observation.place)
        if earlier != observation.place:
            if stop_reading(observation.place, problems):
                break
            key = observation.key
            problems.append(
                Problem(
                    observation.place,
                    f"duplicate of {earlier} ({key.indicator} {key.sector} {key.period.be_label()})",
                )
            )
    return problems
