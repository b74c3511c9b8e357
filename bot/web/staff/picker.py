"""Dates and times chosen the way Thai staff write them: day, month by name,
Buddhist-era year and a 24-hour clock, as separate fields (a browser's own
date-time input shows the browser's locale: mm/dd/yyyy and AM/PM). The
`moment_picker` macro draws them; `picked` reads them back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from bot.catalog import speaker
from bot.data.models import utcnow
from bot.web.i18n import current_language
from nlp.thaidate import ENGLISH_MONTH_FULL, THAI_MONTH_FULL

PARTS = ("day", "month", "year", "hour", "minute")


def picked(form: Mapping[str, str], name: str, zone: ZoneInfo) -> datetime | None:
    """The moment chosen in the picker `name`, in `zone`; None when nothing was chosen.
    An ISO value in the field `name` itself (scripts, older forms) is read too.
    Raises ValueError for a day that does not exist (31 February)."""
    if form.get(name):
        return datetime.fromisoformat(form[name]).replace(tzinfo=zone)
    values = [form.get(f"{name}-{part}", "").strip() for part in PARTS]
    if not any(values[:3]):
        return None
    day, month, year, hour, minute = (int(value or 0) for value in values)
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def picked_day(form: Mapping[str, str], name: str) -> date:
    if form.get(name):
        return date.fromisoformat(form[name])
    moment = picked(form, name, ZoneInfo("UTC"))
    if moment is None:
        raise ValueError("no date chosen")
    return moment.date()


def register_picker(app: Flask, zone: ZoneInfo) -> None:
    def picker_choices(past: bool = False) -> dict[str, list[tuple[int, str]]]:
        """The picker's options in the page's language: months by name, years as its readers
        count them; this year and the next to send, or this year and the four before to look back."""
        said = speaker(current_language())
        names = THAI_MONTH_FULL if said.thai else ENGLISH_MONTH_FULL
        this_year = utcnow().astimezone(zone).year
        return {
            "months": list(enumerate(names, start=1)),
            "years": [
                (year, str(said.year(year)))
                for year in (range(this_year, this_year - 5, -1) if past else (this_year, this_year + 1))
            ],
        }

    app.jinja_env.globals["picker_choices"] = picker_choices
