"""Computations on the indicator data, exactly as defined for answers:

- month value: the stored value;
- yoy: percent change against the same month a year earlier; mom: against
  the previous month; for CAPU both are differences in percentage points;
- quarter and year values: the average of their months; their yoy: percent
  change of that average against the same span a year earlier;
- ytd: average of January..month against the same months of the year before;
- ranking: divisions ordered by yoy of an indicator in a month.

Values are Decimals throughout; rounding happens only when text is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bot.data.datasets import Dataset
from bot.data.store import Point, Snapshot
from nlp.periods import ResolvedPeriod
from nlp.thaidate import YearMonth

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def change(current: Decimal, base: Decimal, in_points: bool) -> Decimal | None:
    """Percent change, or the difference in points; None when a percent
    change against zero is undefined."""
    if in_points:
        return current - base
    if base == 0:
        return None
    return (current - base) / base * HUNDRED


@dataclass(frozen=True)
class SpanValue:
    """The value of a period: a month's value or the average of a span's months."""

    period: ResolvedPeriod
    value: Decimal
    months: tuple[YearMonth, ...]  # the months actually averaged
    preliminary: bool
    datasets: frozenset[Dataset]

    @property
    def complete(self) -> bool:
        return len(self.months) == len(self.period.months())


def span_value(snapshot: Snapshot, indicator: str, sector: str, period: ResolvedPeriod) -> SpanValue | None:
    """Average over the period's months that are in the data (all of them for
    a month); None when none are."""
    points = [point for month in period.months() if (point := snapshot.point(indicator, sector, month))]
    return _average(period, points) if points else None


def _average(period: ResolvedPeriod, points: list[Point]) -> SpanValue:
    total = sum((point.value for point in points), Decimal(0))
    return SpanValue(
        period=period,
        value=total / len(points),
        months=tuple(point.period for point in points),
        preliminary=any(point.preliminary for point in points),
        datasets=frozenset(point.dataset for point in points),
    )


def same_months(snapshot: Snapshot, indicator: str, sector: str, current: SpanValue, shift: int) -> SpanValue | None:
    """The base of a comparison: exactly the months of `current` moved by
    `shift` months, so a partial quarter is compared like for like."""
    points = [snapshot.point(indicator, sector, month.shift(shift)) for month in current.months]
    present = [point for point in points if point is not None]
    if not present or len(present) != len(points):
        return None
    return _average(current.period.shifted(shift), present)


@dataclass(frozen=True)
class RankedSector:
    sector: str
    value: Decimal
    base_value: Decimal
    change: Decimal
    preliminary: bool


def ranking(
    snapshot: Snapshot, indicator: str, month: YearMonth, comparison: str, in_points: bool
) -> list[RankedSector]:
    """Divisions ordered by their change (largest first) in one month."""
    return span_ranking(snapshot, indicator, ResolvedPeriod("month", month, month), comparison, in_points)


def span_ranking(
    snapshot: Snapshot, indicator: str, period: ResolvedPeriod, comparison: str, in_points: bool, by_level: bool = False
) -> list[RankedSector]:
    """Divisions ordered (largest first) by their change over a period: a month, or a
    quarter's, year's or year to date's average against the same months a year earlier
    (month on month only for a month); `by_level`: by the period's value itself.
    A division without every month of both spans is left out rather than ranked on part;
    a span still running ("this year" in September) is ranked on its months published so far,
    as its average is (`span_value`)."""
    shift = -1 if comparison == "mom" and period.kind == "month" else -12
    latest = snapshot.latest
    months = [month for month in period.months() if latest is None or month <= latest]
    ranked: list[RankedSector] = []
    for sector in snapshot.division_codes:
        current = [point for month in months if (point := snapshot.point(indicator, sector, month))]
        base = [point for month in months if (point := snapshot.point(indicator, sector, month.shift(shift)))]
        if len(current) != len(months) or (len(base) != len(months) and not by_level):
            continue
        value = sum((point.value for point in current), Decimal(0)) / len(months)
        base_value = sum((point.value for point in base), Decimal(0)) / len(base) if base else value
        moved = value if by_level else change(value, base_value, in_points)
        if moved is None:
            continue
        preliminary = any(point.preliminary for point in current)
        ranked.append(RankedSector(sector, value, base_value, moved, preliminary))
    ranked.sort(key=lambda item: (-item.change, item.sector))
    return ranked


def biggest_moves(ranked: list[RankedSector], count: int) -> tuple[list[RankedSector], list[RankedSector]]:
    """Of a ranking: up to `count` divisions that rose most, and that fell most (largest fall first)."""
    up = [item for item in ranked[:count] if item.change > 0]
    down = [item for item in reversed(ranked[-count:]) if item.change < 0]
    return up, down


@dataclass(frozen=True)
class Contribution:
    sector: str
    points: Decimal  # percentage points of the weighted total's year-on-year change


def contributions(snapshot: Snapshot, indicator: str, months: Sequence[YearMonth]) -> list[Contribution]:
    """How much each division added to the year-on-year change of the
    weighted total of its divisions over `months` (one month, or a span's,
    averaged): weight x (index now - index a year earlier) / (weighted total a
    year earlier), in percentage points, largest effect first (none when there
    is no base). They add up to that total's change. An accounting of the
    change, never its cause."""
    pairs = []
    for sector in snapshot.division_codes:
        now = [snapshot.point(indicator, sector, month) for month in months]
        then = [snapshot.point(indicator, sector, month.shift(-12)) for month in months]
        weight = snapshot.sectors[sector].weight if sector in snapshot.sectors else Decimal(0)
        if months and weight > 0 and all(now) and all(then):
            average_now = sum((point.value for point in now if point), Decimal(0)) / len(months)
            average_then = sum((point.value for point in then if point), Decimal(0)) / len(months)
            pairs.append((sector, weight, average_now, average_then))
    base = sum((weight * then for _sector, weight, _now, then in pairs), Decimal(0))
    if base == 0:
        return []
    found = [Contribution(sector, weight * (now - then) / base * HUNDRED) for sector, weight, now, then in pairs]
    found.sort(key=lambda item: (-abs(item.points), item.sector))
    return found


def three_month_direction(snapshot: Snapshot, indicator: str, sector: str, month: YearMonth) -> Decimal | None:
    """The latest three months' average against the three before, in percent (points for CAPU)."""
    recent = [snapshot.point(indicator, sector, month.shift(-n)) for n in range(3)]
    before = [snapshot.point(indicator, sector, month.shift(-n)) for n in range(3, 6)]
    if any(point is None for point in (*recent, *before)):
        return None
    average_recent = sum((point.value for point in recent if point), Decimal(0)) / 3
    average_before = sum((point.value for point in before if point), Decimal(0)) / 3
    return change(average_recent, average_before, indicator == "CAPU")
