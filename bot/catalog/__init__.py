"""One catalog for everything the service says: the console, the public site,
the chat and the release announcement.

Messages are written in English with named placeholders (`%(name)s`) where
they are said; their Thai is in `thai_*.py`, which `make_catalog.py` writes
into th/LC_MESSAGES/messages.po and compiles into messages.mo. The web reads
the catalog through Flask-Babel; the chat and the announcements, which speak
outside a request and to one asker at a time, through `speaker(language)`.

What is not a phrase but a convention of the language (Buddhist-era years,
month names, which of a row's `name_th` and `name_en` to show) is a method of
`Speaker`, so no other code branches on the language."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Literal

from babel.support import Translations

from nlp.periods import ResolvedPeriod
from nlp.thaidate import ENGLISH_MONTH_FULL, THAI_MONTH_ABBR, THAI_MONTH_FULL, YearMonth

Language = Literal["th", "en"]
FOLDER = Path(__file__).resolve().parent


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "marked for the catalog, translated later"
    return message


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return Translations.load(str(FOLDER), [language])


@dataclass(frozen=True)
class Speaker:
    """The catalog in one language, with that language's conventions."""

    language: Language

    @property
    def thai(self) -> bool:
        return self.language == "th"

    def say(self, message: str, **params: object) -> str:
        """The message in this language, its placeholders filled in."""
        translated = _translations(self.language).gettext(message)
        return translated % params if params else translated

    # --- conventions of the language ---

    def local(self, row: object, field: str) -> str:
        """A row's field in this language: `name` reads `name_th` or `name_en`."""
        value = getattr(row, f"{field}_{self.language}")
        assert isinstance(value, str)
        return value

    def sector_short(self, row: object) -> str:
        """A division's name in a list or a button: Thai names all start "การผลิต"
        (manufacture of), which says nothing there."""
        return self.local(row, "name").removeprefix("การผลิต")

    def year(self, year_ce: int) -> int:
        return year_ce + 543 if self.thai else year_ce

    def month(self, month: YearMonth, abbreviated: bool = False) -> str:
        """ "กันยายน 2569" or "September 2026"; "ก.ย. 2569" abbreviated in Thai."""
        return month.thai(abbreviated) if self.thai else month.english()

    def short_month(self, month: YearMonth) -> str:
        """ "ก.ย. 69" or "Sep 2026", for a chart's span."""
        if self.thai:
            return f"{THAI_MONTH_ABBR[month.month - 1]} {month.year_be % 100:02d}"
        return f"{ENGLISH_MONTH_FULL[month.month - 1][:3]} {month.year}"

    def months_span(self, first: YearMonth, last: YearMonth) -> str:
        """ "ม.ค.-ก.ย. 2569" or "Jan-Sep 2026": the months of one year actually covered."""
        if self.thai:
            return f"{THAI_MONTH_ABBR[first.month - 1]}-{THAI_MONTH_ABBR[last.month - 1]} {last.year_be}"
        return f"{ENGLISH_MONTH_FULL[first.month - 1][:3]}-{ENGLISH_MONTH_FULL[last.month - 1][:3]} {last.year}"

    def period(self, period: ResolvedPeriod) -> str:
        return period.thai() if self.thai else period.english()

    def day(self, day: date) -> str:
        """ "3 มกราคม 2570" or "3 January 2027"."""
        names = THAI_MONTH_FULL if self.thai else ENGLISH_MONTH_FULL
        return f"{day.day} {names[day.month - 1]} {self.year(day.year)}"

    def short_day(self, day: date) -> str:
        """ "3 ม.ค. 2570" or "3 Jan 2027"."""
        month = THAI_MONTH_ABBR[day.month - 1] if self.thai else ENGLISH_MONTH_FULL[day.month - 1][:3]
        return f"{day.day} {month} {self.year(day.year)}"

    def clock(self, local: datetime, seconds: bool = False) -> str:
        """ "10:00 น." or "10:00", 24-hour."""
        shown = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
        return f"{shown} น." if self.thai else shown

    def moment(self, local: datetime) -> str:
        """A local date and time: "3 ม.ค. 2570 10:00 น." or "3 Jan 2027, 10:00" (24-hour both)."""
        separator = " " if self.thai else ", "
        return f"{self.short_day(local.date())}{separator}{self.clock(local)}"


@cache
def speaker(language: str) -> Speaker:
    return Speaker("en" if language == "en" else "th")


def in_both(message: str, separator: str = " / ") -> str:
    """Thai, then English: said before the service knows which one the asker reads."""
    return speaker("th").say(message) + separator + message
