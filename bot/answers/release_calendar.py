"""When the next figures are expected.

OIE publishes no machine-readable calendar, so the expected date of a month's
release is the date staff set for it, or else the end of that month plus the
median lag seen in earlier releases of the indicator (from the import
history; backfills excluded), or else four weeks."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select

from bot.data.audit import COMMAND_LINE, AuditAction, record
from bot.data.db import Database
from bot.data.models import ImportRecord, ReleaseDate
from bot.data.store import IndicatorStore
from bot.data.working_days import WorkingDays
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_CODES

DEFAULT_LAG_DAYS = 28
PLAUSIBLE_LAGS = range(0, 121)  # days; anything else is a late backfill, not a release


@dataclass(frozen=True)
class ExpectedRelease:
    indicator: str
    period: YearMonth
    date: date
    source: str  # "staff", "history" or "default"
    lag_days: int


def month_end(month: YearMonth) -> date:
    following = month.shift(1)
    return date(following.year, following.month, 1) - timedelta(days=1)


class ReleaseCalendar:
    def __init__(
        self, database: Database, store: IndicatorStore | None = None, working_days: WorkingDays | None = None
    ) -> None:
        self.database = database
        # The service's store, whose snapshot is cached; a store of its own otherwise.
        self.store = store or IndicatorStore(database)
        # An estimate never falls on a weekend or a public holiday.
        self.working_days = working_days or WorkingDays()

    def _working_day(self, day: date) -> date:
        return self.working_days.on_or_after(day)

    def lags(self, indicator: str) -> list[int]:
        """Days from a month's end to the import that first brought it."""
        return self._all_lags().get(indicator, [])

    def _all_lags(self) -> dict[str, list[int]]:
        """Every indicator's lags, from one read of the import history."""
        lags: dict[str, list[int]] = {}
        with self.database.session() as session:
            rows = session.execute(
                select(ImportRecord.imported_at, ImportRecord.summary).where(ImportRecord.backfill.is_(False))
            ).all()
        for imported_at, summary in rows:
            for indicator, detail in (summary or {}).items():
                for month_text in detail.get("new_months", []):
                    lag = (_as_date(imported_at) - month_end(YearMonth.parse(month_text))).days
                    if lag in PLAUSIBLE_LAGS:
                        lags.setdefault(indicator, []).append(lag)
        return lags

    def _staff_dates(self, indicators: tuple[str, ...]) -> dict[tuple[str, str], date]:
        with self.database.session() as session:
            rows = session.execute(
                select(ReleaseDate.indicator_code, ReleaseDate.period, ReleaseDate.release_date).where(
                    ReleaseDate.indicator_code.in_(indicators)
                )
            ).all()
        return {(indicator, period): when for indicator, period, when in rows}

    def expected(self, indicator: str, period: YearMonth) -> ExpectedRelease:
        return self._expected(indicator, period, self._staff_dates((indicator,)), self.lags(indicator))

    def _expected(
        self, indicator: str, period: YearMonth, staff_dates: dict[tuple[str, str], date], lags: list[int]
    ) -> ExpectedRelease:
        """Staff's date when there is one; otherwise an estimate, moved to the next working day."""
        staff = staff_dates.get((indicator, period.iso()))
        if staff is not None:
            return ExpectedRelease(indicator, period, staff, "staff", (staff - month_end(period)).days)
        if lags:
            lag = round(statistics.median(lags))
            return ExpectedRelease(
                indicator, period, self._working_day(month_end(period) + timedelta(days=lag)), "history", lag
            )
        estimate = self._working_day(month_end(period) + timedelta(days=DEFAULT_LAG_DAYS))
        return ExpectedRelease(indicator, period, estimate, "default", DEFAULT_LAG_DAYS)

    def upcoming(self, months: int = 6, indicators: tuple[str, ...] = INDICATOR_CODES) -> list[ExpectedRelease]:
        """The next `months` releases of each indicator after the latest month held."""
        held = self.store.snapshot().latest_by_indicator
        staff_dates, lags = self._staff_dates(indicators), self._all_lags()
        releases: list[ExpectedRelease] = []
        for indicator in indicators:
            latest = held.get(indicator)
            if latest is None:
                continue
            releases.extend(
                self._expected(indicator, latest.shift(step), staff_dates, lags.get(indicator, []))
                for step in range(1, months + 1)
            )
        return sorted(releases, key=lambda release: (release.date, INDICATOR_CODES.index(release.indicator)))

    def set(
        self, indicator: str, period: YearMonth, when: date, note: str | None = None, by: str = COMMAND_LINE
    ) -> None:
        if indicator not in INDICATOR_CODES:
            raise ValueError(f"unknown indicator {indicator!r}")
        with self.database.session() as session:
            record(session, by, AuditAction.CALENDAR, f"release:{indicator}:{period.iso()}", date=when.isoformat())
            existing = session.scalar(
                select(ReleaseDate).where(ReleaseDate.indicator_code == indicator, ReleaseDate.period == period.iso())
            )
            if existing is None:
                session.add(ReleaseDate(indicator_code=indicator, period=period.iso(), release_date=when, note=note))
            else:
                existing.release_date = when
                existing.note = note

    def unset(self, indicator: str, period: YearMonth, by: str = COMMAND_LINE) -> int:
        with self.database.session() as session:
            record(session, by, AuditAction.CALENDAR, f"release:{indicator}:{period.iso()}", date=None)
            result = session.execute(
                delete(ReleaseDate).where(ReleaseDate.indicator_code == indicator, ReleaseDate.period == period.iso())
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _as_date(moment: datetime) -> date:
    return moment.date()


def to_icalendar(releases: list[ExpectedRelease], stamp: datetime, names: dict[str, str]) -> str:
    """An RFC 5545 calendar of all-day release events (CRLF lines, folded at
    75 octets, text escaped) that calendar apps can subscribe to."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//OIE indicators bot//Release calendar//TH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        _text_line("X-WR-CALNAME", "ปฏิทินเผยแพร่ดัชนีเศรษฐกิจอุตสาหกรรม"),
        "X-WR-TIMEZONE:Asia/Bangkok",
    ]
    for release in releases:
        name = names.get(release.indicator, release.indicator)
        basis = {"staff": "กำหนดโดยเจ้าหน้าที่", "history": "ประมาณจากรอบที่ผ่านมา", "default": "ประมาณการ"}[release.source]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{release.indicator.lower()}-{release.period.iso()}@oie-indicators",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{release.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{release.date + timedelta(days=1):%Y%m%d}",
            _text_line("SUMMARY", f"{name} เดือน{release.period.thai()} ({basis})"),
            _text_line(
                "DESCRIPTION",
                f"Expected release of {release.indicator} for {release.period.english()} "
                f"({release.source}; {release.lag_days} days after the month ends).",
            ),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _text_line(name: str, value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return f"{name}:{escaped}"


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space,
    never splitting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with a space
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)
