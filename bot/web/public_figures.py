"""What the public pages show, computed from the indicator store: the latest
release at a glance, one release month in full (key figures, every division,
what it revised), one series over a chosen span. Every figure keeps its
preliminary mark and its dataset, so a page says "sample data" exactly where
the chat would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from bot.answers.analytics import RankedSector, biggest_moves, change, ranking
from bot.data.datasets import Dataset, all_official
from bot.data.db import Database, as_utc
from bot.data.models import Announcement, ImportRecord, Observation
from bot.data.store import Point, Snapshot, import_revisions
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_CODES, TOTAL

MOVERS = 3


@dataclass(frozen=True)
class Figure:
    """One indicator of one sector in one month, with its changes."""

    indicator: str
    sector: str
    period: YearMonth
    value: Decimal
    preliminary: bool
    dataset: Dataset
    yoy: Decimal | None
    mom: Decimal | None
    in_points: bool

    @property
    def official(self) -> bool:
        return all_official([self.dataset])


def figure(snapshot: Snapshot, indicator: str, sector: str, month: YearMonth) -> Figure | None:
    point = snapshot.point(indicator, sector, month)
    if point is None:
        return None
    in_points = snapshot.changes_in_points(indicator)

    def against(base: Point | None) -> Decimal | None:
        return change(point.value, base.value, in_points) if base is not None else None

    return Figure(
        indicator,
        sector,
        month,
        point.value,
        point.preliminary,
        point.dataset,
        against(snapshot.point(indicator, sector, month.shift(-12))),
        against(snapshot.point(indicator, sector, month.shift(-1))),
        in_points,
    )


def key_figures(snapshot: Snapshot, month: YearMonth, sector: str = TOTAL) -> list[Figure]:
    return [found for code in INDICATOR_CODES if (found := figure(snapshot, code, sector, month)) is not None]


@dataclass(frozen=True)
class Movers:
    up: list[RankedSector]
    down: list[RankedSector]


def movers(snapshot: Snapshot, month: YearMonth) -> Movers:
    """The divisions whose MPI moved most against a year earlier."""
    rising, falling = biggest_moves(ranking(snapshot, "MPI", month, "yoy", in_points=False), MOVERS)
    return Movers(rising, falling)


def division_figures(snapshot: Snapshot, month: YearMonth, indicator: str = "MPI") -> list[Figure]:
    return [
        found for code in snapshot.division_codes if (found := figure(snapshot, indicator, code, month)) is not None
    ]


@dataclass(frozen=True)
class RevisedValue:
    indicator: str
    sector: str
    period: YearMonth
    old_value: Decimal
    new_value: Decimal


@dataclass(frozen=True)
class ReleaseRecord:
    """The import that first brought a month, and the release announcement of it."""

    import_id: int | None
    published_at: datetime | None
    announcement: str | None
    revised: list[RevisedValue]


def release_record(database: Database, month: YearMonth) -> ReleaseRecord:
    with database.session() as session:
        first = session.scalar(
            select(Observation.first_import_id)
            .where(Observation.year == month.year, Observation.month == month.month)
            .order_by(Observation.first_import_id)
            .limit(1)
        )
        record = session.get(ImportRecord, first) if first is not None else None
        text = session.scalar(
            select(Announcement.text).where(
                Announcement.kind == "release",
                Announcement.period == month.iso(),
                Announcement.state.in_(["sending", "sent", "partly_failed"]),
            )
        )
        revised = [
            row
            for row in (import_revisions(session, record.id) if record is not None and not record.backfill else [])
            if row.old_value != row.new_value  # a preliminary mark removed is not a revised figure
        ]
    return ReleaseRecord(
        record.id if record else None,
        as_utc(record.imported_at) if record else None,
        text,
        [
            RevisedValue(
                row.indicator_code,
                row.sector_code,
                YearMonth(row.year, row.month),
                Decimal(row.old_value),
                Decimal(row.new_value),
            )
            for row in revised
        ],
    )


def series_rows(snapshot: Snapshot, indicator: str, sector: str, start: YearMonth, end: YearMonth) -> list[Figure]:
    """Newest first, as people read a table of months."""
    months = (YearMonth.from_index(index) for index in range(end.index(), start.index() - 1, -1))
    return [found for month in months if (found := figure(snapshot, indicator, sector, month)) is not None]
