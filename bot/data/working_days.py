"""Working days of Thai government offices: no weekend, no public holiday.

The fixed-date public holidays are shipped here, with the substitution rule
(a holiday on a Saturday or Sunday gives the next working day off). The
Buddhist holidays follow the lunar calendar (Makha Bucha, Visakha Bucha,
Asarnha Bucha, Khao Phansa) and the cabinet adds special days each year, so
those are configured (`HOLIDAYS`) from the cabinet's announcement rather
than computed here."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

# (month, day): the holidays of every year, by the cabinet's list of public holidays.
FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1),  # วันขึ้นปีใหม่
    (4, 6),  # วันจักรี
    (4, 13),  # วันสงกรานต์
    (4, 14),
    (4, 15),
    (5, 4),  # วันฉัตรมงคล
    (6, 3),  # วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี
    (7, 28),  # วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว
    (8, 12),  # วันแม่แห่งชาติ
    (10, 13),  # วันนวมินทรมหาราช
    (10, 23),  # วันปิยมหาราช
    (12, 5),  # วันพ่อแห่งชาติ
    (12, 10),  # วันรัฐธรรมนูญ
    (12, 31),  # วันสิ้นปี
)


@cache
def fixed_holidays(year: int) -> frozenset[date]:
    """The year's fixed-date holidays and the substitute days they give."""
    days = sorted(date(year, month, day) for month, day in FIXED_HOLIDAYS)
    taken = set(days)
    for holiday in days:
        if holiday.weekday() < 5:
            continue
        substitute = holiday + timedelta(days=1)
        while substitute.weekday() >= 5 or substitute in taken:
            substitute += timedelta(days=1)
        taken.add(substitute)
    return frozenset(taken)


class WorkingDays:
    """Which days offices work: `extra` holidays (the lunar and special ones) besides
    the fixed-date ones, which `thai_public_holidays=False` leaves out."""

    def __init__(self, extra: frozenset[date] = frozenset(), thai_public_holidays: bool = True) -> None:
        self.extra = extra
        self.thai_public_holidays = thai_public_holidays

    @classmethod
    def from_text(cls, holidays: str, thai_public_holidays: bool = True) -> WorkingDays:
        """From the HOLIDAYS setting: comma-separated YYYY-MM-DD dates."""
        extra = frozenset(date.fromisoformat(day.strip()) for day in holidays.split(",") if day.strip())
        return cls(extra, thai_public_holidays)

    def is_holiday(self, day: date) -> bool:
        return day in self.extra or (self.thai_public_holidays and day in fixed_holidays(day.year))

    def is_working(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def on_or_after(self, day: date) -> date:
        """The first working day from `day`."""
        while not self.is_working(day):
            day += timedelta(days=1)
        return day
