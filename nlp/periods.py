"""Periods in questions: a `PeriodSpec` is a period as written (see
`nlp.period_scan`); `resolve` turns a spec into concrete months against the
latest month in the data, never against the wall clock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nlp.thaidate import ENGLISH_MONTH_FULL, THAI_MONTH_ABBR, YearMonth

PeriodKind = Literal["month", "quarter", "year", "ytd", "range"]


@dataclass(frozen=True)
class PeriodSpec:
    """A period as written. Either absolute (`year`, `number`) or relative to
    the latest month (`offset`, in units of the kind: months, quarters, years)."""

    kind: PeriodKind
    year: int | None = None  # Common Era
    number: int | None = None  # month 1-12, quarter 1-4, or months in a ytd span
    offset: int | None = None
    # "ก.ค. ปีที่แล้ว", "ไตรมาส 3 ปีนี้": a part of a year named relative to the latest year.
    year_offset: int | None = None

    def with_year(self, year: int | None, year_offset: int | None) -> PeriodSpec:
        return PeriodSpec(self.kind, year, self.number, self.offset, year_offset)


@dataclass(frozen=True)
class ResolvedPeriod:
    kind: PeriodKind
    start: YearMonth
    end: YearMonth

    def months(self) -> list[YearMonth]:
        return [YearMonth.from_index(i) for i in range(self.start.index(), self.end.index() + 1)]

    def shifted(self, months: int) -> ResolvedPeriod:
        return ResolvedPeriod(self.kind, self.start.shift(months), self.end.shift(months))

    def key(self) -> str:
        """The contract form: YYYY-MM, YYYY-Qn, YYYY; a ytd span by its last
        month; a range from its first to its last month, YYYY-MM..YYYY-MM."""
        if self.kind == "range":
            return f"{self.start.iso()}..{self.end.iso()}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{self.start.quarter}"
        if self.kind == "year":
            return f"{self.start.year}"
        return self.end.iso()

    def thai(self) -> str:
        if self.kind == "month":
            return f"เดือน{self.end.thai()}"
        if self.kind == "quarter":
            return f"ไตรมาส {self.start.quarter}/{self.start.year_be}"
        if self.kind == "year":
            return f"ปี {self.start.year_be}"
        if self.kind == "range":
            return f"{self.start.thai(abbreviated=True)} - {self.end.thai(abbreviated=True)}"
        if self.end.month == 1:
            return f"เดือนมกราคม {self.end.year_be}"
        return f"{self.end.month} เดือนแรกของปี {self.end.year_be} (ม.ค.-{THAI_MONTH_ABBR[self.end.month - 1]})"

    def english(self) -> str:
        if self.kind == "month":
            return self.end.english()
        if self.kind == "quarter":
            return f"Q{self.start.quarter} {self.start.year}"
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "range":
            return f"{self.start.english()[:3]} {self.start.year} - {self.end.english()[:3]} {self.end.year}"
        return f"January-{ENGLISH_MONTH_FULL[self.end.month - 1]} {self.end.year}"


def resolve(spec: PeriodSpec | None, latest: YearMonth) -> ResolvedPeriod:
    """Concrete months for a spec; no spec means the latest month. A month or
    quarter named without a year is the most recent one up to the latest month."""
    if spec is None:
        return ResolvedPeriod("month", latest, latest)
    if spec.kind == "month":
        if spec.offset is not None:
            month = latest.shift(spec.offset)
        elif spec.number is not None:
            month = YearMonth(_year_of_part(spec, latest, latest.month), spec.number)
        else:
            month = latest
        return ResolvedPeriod("month", month, month)
    if spec.kind == "quarter":
        latest_quarter = latest.year * 4 + latest.quarter - 1
        if spec.offset is not None:
            index = latest_quarter + spec.offset
        elif spec.number is not None:
            index = _year_of_part(spec, latest, latest.quarter) * 4 + spec.number - 1
        else:
            index = latest_quarter
        year, quarter = divmod(index, 4)
        start = YearMonth(year, quarter * 3 + 1)
        return ResolvedPeriod("quarter", start, start.shift(2))
    if spec.kind == "year":
        year = spec.year if spec.year is not None else latest.year + (spec.offset or 0)
        return ResolvedPeriod("year", YearMonth(year, 1), YearMonth(year, 12))
    # Year to date: January to the named month count, or to the latest month.
    months = spec.number
    if spec.year is not None:
        year = spec.year
    else:
        year = latest.year + (spec.year_offset or 0)
        if months is not None and months > latest.month and spec.year_offset is None:
            year -= 1  # "10 เดือนแรก" asked in September: last year's
    end_month = months if months is not None else latest.month
    return ResolvedPeriod("ytd", YearMonth(year, 1), YearMonth(year, max(1, min(12, end_month))))


def resolve_range(first: PeriodSpec | None, last: PeriodSpec | None, latest: YearMonth) -> ResolvedPeriod:
    """ "ปี 2565 ถึง 2568", "ต.ค. 68 ถึงปัจจุบัน": from the first month of one
    period to the last month of the other, in whichever order they were written."""
    one, other = resolve(first, latest), resolve(last, latest)
    return ResolvedPeriod("range", min(one.start, other.start), max(one.end, other.end))


def _year_of_part(spec: PeriodSpec, latest: YearMonth, latest_part: int) -> int:
    """The year of a month or quarter: as written, relative ("ปีที่แล้ว"), or
    the most recent one up to the latest data (its part number `latest_part`)."""
    assert spec.number is not None
    if spec.year is not None:
        return spec.year
    if spec.year_offset is not None:
        return latest.year + spec.year_offset
    return latest.year - (spec.number > latest_part)
