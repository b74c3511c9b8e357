"""Calendar helpers shared by the parser and the importer: Thai month names,
Buddhist-Era years and month arithmetic. Pure functions, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass

BE_OFFSET = 543

# Index 0 is January. Abbreviations are written with dots in OIE tables.
THAI_MONTH_ABBR: tuple[str, ...] = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
THAI_MONTH_FULL: tuple[str, ...] = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
ENGLISH_MONTH_FULL: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def be_to_ce(year_be: int) -> int:
    return year_be - BE_OFFSET


def ce_to_be(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def month_from_thai_abbr(text: str) -> int | None:
    """1..12 for a Thai month abbreviation, with or without dots; else None."""
    key = text.replace(".", "").replace(" ", "")
    for index, abbr in enumerate(THAI_MONTH_ABBR):
        if abbr.replace(".", "") == key:
            return index + 1
    return None


PARSED_YEARS = (1900, 2200)


@dataclass(frozen=True, order=True)
class YearMonth:
    """A calendar month with a Common-Era year (the store's canonical form)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1..12, got {self.month}")

    @classmethod
    def from_be(cls, year_be: int, month: int) -> YearMonth:
        return cls(be_to_ce(year_be), month)

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """Parse the ISO-like form "YYYY-MM" (CE), in the years statistics are
        about (1900 to 2200: "0000-01" or "9999-12" would break date arithmetic)."""
        year_text, _, month_text = text.partition("-")
        if not (year_text.isascii() and year_text.isdigit() and month_text.isascii() and month_text.isdigit()):
            raise ValueError(f"not a YYYY-MM month: {text[:20]!r}")
        year = int(year_text)
        if not PARSED_YEARS[0] <= year <= PARSED_YEARS[1]:
            raise ValueError(f"year {year} is outside {PARSED_YEARS[0]}..{PARSED_YEARS[1]}")
        return cls(year, int(month_text))

    @property
    def year_be(self) -> int:
        return ce_to_be(self.year)

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    def index(self) -> int:
        """Months since year 0, for arithmetic and ordering."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> YearMonth:
        return cls(index // 12, index % 12 + 1)

    def shift(self, months: int) -> YearMonth:
        return YearMonth.from_index(self.index() + months)

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def be_label(self) -> str:
        """ "2569-09" style key in Buddhist Era, as OIE files number months."""
        return f"{self.year_be}-{self.month:02d}"

    def thai(self, abbreviated: bool = False) -> str:
        names = THAI_MONTH_ABBR if abbreviated else THAI_MONTH_FULL
        return f"{names[self.month - 1]} {self.year_be}"

    def english(self) -> str:
        return f"{ENGLISH_MONTH_FULL[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return self.iso()


# Thai government files and readers may write numbers in Thai digits ("๒๕๖๙", "๑๐๑.๔๘").
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Years from here on are Buddhist Era: no statistic of ours is about the 25th century CE.
BE_YEARS_FROM = 2400
_MONTH_WORDS: dict[str, int] = {
    **{name.replace(".", ""): number for number, name in enumerate(THAI_MONTH_ABBR, 1)},
    **{name: number for number, name in enumerate(THAI_MONTH_FULL, 1)},
    **{name.lower(): number for number, name in enumerate(ENGLISH_MONTH_FULL, 1)},
    **{name[:3].lower(): number for number, name in enumerate(ENGLISH_MONTH_FULL, 1)},
    "sept": 9,
}


def read_month(text: str) -> YearMonth | None:
    """A month as people write it in an address or a box: "2569-10", "10/2569",
    "ต.ค. 2569", "ตุลาคม 69", "๒๕๖๙-๑๐", "oct-2026", "October 2026"; None when it is
    not one month. Two-digit years are Buddhist Era beside a Thai month name
    ("ต.ค. 69" is 2569) and Common Era otherwise."""
    cleaned = text.strip().translate(THAI_DIGITS).lower().replace(".", "")
    parts = [part for part in re.split(r"[\s/_,-]+|(?<=\D)(?=\d)|(?<=\d)(?=\D)", cleaned) if part]
    if len(parts) != 2:
        return None
    numbers = [part for part in parts if part.isascii() and part.isdigit()]
    words = [part for part in parts if part not in numbers]
    if len(numbers) == 2:
        year_text, month_text = sorted(numbers, key=len, reverse=True)
        if len(year_text) != 4 or len(month_text) > 2:
            return None
        month, thai_month = int(month_text), False
    elif len(numbers) == 1 and words[0] in _MONTH_WORDS:
        year_text, month = numbers[0], _MONTH_WORDS[words[0]]
        thai_month = not words[0].isascii()
    else:
        return None
    year = int(year_text)
    if len(year_text) == 2:
        year += 2500 if thai_month else 2000
    elif len(year_text) != 4:
        return None
    if year >= BE_YEARS_FROM:
        year = be_to_ce(year)
    if not (1 <= month <= 12 and PARSED_YEARS[0] <= year <= PARSED_YEARS[1]):
        return None
    return YearMonth(year, month)
