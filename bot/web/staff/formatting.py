"""Jinja filters of the console: times in the service's time zone, figures
with two decimals, months in Buddhist Era or Common Era by language."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from bot.answers.analytics import round2
from bot.catalog import speaker
from bot.config import Settings
from bot.data.db import as_utc
from bot.web.i18n import current_language
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_TERMS, SECTOR_TERMS


def register_filters(app: Flask, settings: Settings) -> None:
    zone = ZoneInfo(settings.TZ_NAME)

    def local_time(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
        return as_utc(moment).astimezone(zone).strftime(pattern) if moment else "–"

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

    def topic_name(text: str) -> str:
        """A subscription topic as people name it."""
        kind, _, code = text.partition(":")
        thai = current_language() == "th"
        if kind == "indicator" and code in INDICATOR_TERMS:
            terms = INDICATOR_TERMS[code]
            return terms.display_th if thai else terms.display_en
        if kind == "sector" and code in SECTOR_TERMS:
            sector = SECTOR_TERMS[code]
            return f"TSIC {code} {sector.short_th if thai else sector.name_en}"
        return gettext("every release") if kind == "all" else text

    app.jinja_env.filters.update(
        local_time=local_time,
        when=when,
        figure=figure,
        signed=signed,
        month=month,
        local_url=local_url,
        topic_name=topic_name,
    )
    # Thai staff read "เวลาประเทศไทย", not a tz database name.
    app.jinja_env.globals["time_zone"] = _l("Thailand time") if settings.TZ_NAME == "Asia/Bangkok" else settings.TZ_NAME
