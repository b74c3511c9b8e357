"""Jinja filters of the console: times in the service's time zone, figures
with two decimals, months in Buddhist Era or Common Era by language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import lazy_gettext as _l

from bot.answers.analytics import round2
from bot.catalog import speaker
from bot.config import Settings
from bot.data.db import as_utc
from bot.data.models import utcnow
from bot.web.i18n import current_language
from bot.web.staff.labels import register_labels
from bot.web.staff.picker import register_picker
from nlp.thaidate import YearMonth


def register_filters(app: Flask, settings: Settings) -> None:
    zone = ZoneInfo(settings.TZ_NAME)

    def local_time(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
        """In the service's time zone and the page's conventions: a date and time
        ("3 ม.ค. 2570 10:00 น."), or the time alone when the pattern has no date."""
        if not moment:
            return "–"
        local = as_utc(moment).astimezone(zone)
        said = speaker(current_language())
        if "%d" in pattern:
            return said.moment(local)
        return said.clock(local, seconds="%S" in pattern)

    def day(value: date | None) -> str:
        return speaker(current_language()).short_day(value) if value else "–"

    def when(moment: datetime | None) -> str:
        """A moment as people of the page's language read it, in the service's time zone."""
        return speaker(current_language()).moment(as_utc(moment).astimezone(zone)) if moment else "–"

    def figure(value: Decimal | None) -> str:
        return "–" if value is None else f"{round2(value):,.2f}"

    def signed(value: Decimal | None) -> str:
        if value is None:
            return "–"
        rounded = round2(value)
        return f"+{rounded:,.2f}" if rounded > 0 else f"{rounded:,.2f}"

    def month(value: YearMonth | str) -> str:
        period = YearMonth.parse(value) if isinstance(value, str) else value
        return period.thai(abbreviated=True) if current_language() == "th" else period.english()

    def local_url(url: str) -> str:
        """Our own images by path, so the console shows them from wherever it is opened."""
        base = settings.public_base_url
        return url[len(base) :] or "/" if url.startswith(base + "/") else url

    app.jinja_env.filters.update(
        local_time=local_time,
        day=day,
        when=when,
        figure=figure,
        signed=signed,
        month=month,
        local_url=local_url,
    )
    # Thai staff read "เวลาประเทศไทย", not a tz database name.
    app.jinja_env.globals["local_today"] = lambda: utcnow().astimezone(zone).date()
    register_labels(app, zone)
    register_picker(app, zone)
    app.jinja_env.globals["time_zone"] = _l("Thailand time") if settings.TZ_NAME == "Asia/Bangkok" else settings.TZ_NAME
