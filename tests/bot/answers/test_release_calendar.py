"""Expected release dates, the bot's answer and the iCalendar feed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar
from flask.testing import FlaskClient
from sqlalchemy import update

from bot.answers import Answerer
from bot.answers.release_calendar import DEFAULT_LAG_DAYS, ReleaseCalendar
from bot.data.db import Database
from bot.data.models import ImportRecord
from bot.data.store import IndicatorStore
from bot.data.working_days import WorkingDays
from bot.ingest.importer import import_files
from nlp.thaidate import YearMonth
from tests.helpers import SAMPLE_DIR


def test_without_history_the_estimate_is_four_weeks(database: Database) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])  # a backfill says nothing about timing
    release = ReleaseCalendar(database).expected("MPI", YearMonth(2026, 10))
    assert release.source == "default"
    assert date(2026, 10, 31) + timedelta(days=DEFAULT_LAG_DAYS) == date(2026, 11, 28)  # a Saturday
    assert release.date == date(2026, 11, 30)  # so the Monday after
    holidays = WorkingDays.from_text("2026-11-30")
    assert ReleaseCalendar(database, working_days=holidays).expected("MPI", YearMonth(2026, 10)).date == date(
        2026, 12, 1
    )


def test_thai_public_holidays_and_their_substitutes_are_not_working_days() -> None:
    days = WorkingDays()
    assert not days.is_working(date(2026, 12, 10))  # Constitution Day, a Thursday
    assert days.on_or_after(date(2026, 12, 10)) == date(2026, 12, 11)
    # Father's Day 2026 is a Saturday: the Monday after is its substitute.
    assert days.on_or_after(date(2026, 12, 5)) == date(2026, 12, 8)
    # Songkran 2025 began on a Sunday: its substitute comes after the two holidays that follow.
    assert [day.day for day in (date(2025, 4, 14 + n) for n in range(3)) if days.is_working(day)] == []
    assert days.on_or_after(date(2025, 4, 13)) == date(2025, 4, 17)
    # The new year: 31 December 2026 and 1 January 2027 off, Saturday and Sunday, then work on Monday.
    assert days.on_or_after(date(2026, 12, 31)) == date(2027, 1, 4)
    assert WorkingDays(thai_public_holidays=False).is_working(date(2026, 12, 10))
    assert WorkingDays.from_text("2026-03-03").is_holiday(date(2026, 3, 3))  # a lunar holiday, configured


def test_estimate_follows_past_releases_and_staff_dates_win(database: Database) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    import_files(database, [SAMPLE_DIR / "next-release.csv"])  # brings October 2569
    with database.session() as session:
        session.execute(
            update(ImportRecord)
            .where(ImportRecord.backfill.is_(False))
            .values(imported_at=datetime(2026, 11, 24, 9, 30))
        )
    calendar = ReleaseCalendar(database)
    assert calendar.lags("MPI") == [24]
    november = calendar.expected("MPI", YearMonth(2026, 11))
    assert (november.source, november.date) == ("history", date(2026, 12, 24))
    calendar.set("MPI", YearMonth(2026, 11), date(2026, 12, 28), "announced by OIE")
    assert calendar.expected("MPI", YearMonth(2026, 11)).date == date(2026, 12, 28)
    assert calendar.expected("CAPU", YearMonth(2026, 11)).date == date(2026, 12, 24)  # per indicator

    answer = Answerer(IndicatorStore(database)).answer("MPI เดือนหน้าออกเมื่อไหร่")
    assert "พฤศจิกายน 2569" in answer.text
    assert "28 ธันวาคม 2569" in answer.text
    english = Answerer(IndicatorStore(database)).answer("when is the next MPI release")
    assert "28 December 2026" in english.text


def test_calendar_feed_is_valid_icalendar(client: FlaskClient, database: Database) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    response = client.get("/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    raw = response.get_data()
    assert b"\r\n" in raw
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    events = [component for component in calendar.walk() if component.name == "VEVENT"]
    assert len(events) == 4 * 6  # four indicators, six months ahead
    first = min(events, key=lambda event: event.decoded("DTSTART"))
    assert first.decoded("DTSTART") == date(2026, 11, 30)  # four weeks after October: a Saturday, so the Monday after
    assert "ตุลาคม 2569" in str(first.get("SUMMARY"))
    assert len({str(event.get("UID")) for event in events}) == len(events)
