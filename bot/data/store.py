"""Read access to the indicator store, used by answers, announcements and the
web app. Everything returns plain dataclasses, never ORM rows, so callers
cannot trigger lazy loads outside a session."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from bot.data.datasets import Dataset
from bot.data.db import Database
from bot.data.models import OBSERVATION_COLUMNS, ImportRecord, Indicator, Observation, ObservationRevision, Sector
from nlp.thaidate import YearMonth


@dataclass(frozen=True)
class Point:
    period: YearMonth
    value: Decimal
    preliminary: bool
    dataset: Dataset


@dataclass(frozen=True)
class Revision:
    old_value: Decimal
    new_value: Decimal
    old_preliminary: bool
    new_preliminary: bool
    import_id: int
    file_name: str


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name_th: str
    name_en: str
    unit_th: str
    unit_en: str
    change_kind: str
    definition_th: str
    definition_en: str


@dataclass(frozen=True)
class SectorRow:
    code: str
    name_th: str
    name_en: str
    weight: Decimal
    aliases: tuple[str, ...]
    is_total: bool


@dataclass(frozen=True)
class Snapshot:
    """Every observation in memory, for answering questions without a query
    per figure. Tiny for OIE's data (23 series x 4 indicators x months)."""

    version: tuple[int, int]
    latest: YearMonth | None
    points: dict[tuple[str, str, int], Point]  # (indicator, sector, month index)
    indicators: dict[str, IndicatorRow]
    sectors: dict[str, SectorRow]
    first_month: YearMonth | None = None
    latest_by_indicator: dict[str, YearMonth] = field(default_factory=dict)

    def point(self, indicator: str, sector: str, month: YearMonth) -> Point | None:
        return self.points.get((indicator, sector, month.index()))

    def changes_in_points(self, indicator: str) -> bool:
        """Whether the indicator is itself a percentage (capacity utilization):
        its change is a difference in points, not a percent change."""
        row = self.indicators.get(indicator)
        return row is not None and row.change_kind == "points"

    @property
    def division_codes(self) -> tuple[str, ...]:
        return tuple(code for code, row in self.sectors.items() if not row.is_total)


# What a revision changed: old and new value, old and new preliminary mark.
REVISION_CHANGE = (
    ObservationRevision.old_value,
    ObservationRevision.new_value,
    ObservationRevision.old_preliminary,
    ObservationRevision.new_preliminary,
)


def import_revisions(session: Session, import_id: int) -> list[Any]:
    """What one import changed in values stored before it: indicator, sector,
    year, month, old and new value, old and new preliminary mark."""
    return list(
        session.execute(
            select(
                Observation.indicator_code,
                Observation.sector_code,
                Observation.year,
                Observation.month,
                *REVISION_CHANGE,
            )
            .join(Observation, Observation.id == ObservationRevision.observation_id)
            .where(ObservationRevision.import_id == import_id)
            .order_by(Observation.indicator_code, Observation.sector_code, Observation.year, Observation.month)
        ).all()
    )


def build_snapshot(session: Session, version: tuple[int, int] = (0, 0)) -> Snapshot:
    """Everything in the store as seen by `session` (inside an import's
    transaction it includes what that import is about to commit)."""
    query = select(*OBSERVATION_COLUMNS, Observation.dataset)
    points: dict[tuple[str, str, int], Point] = {}
    for indicator, sector, year, month, value, preliminary, dataset in session.execute(query):
        period = YearMonth(year, month)
        points[(indicator, sector, period.index())] = Point(
            period, Decimal(value), bool(preliminary), Dataset.of(dataset)
        )
    latest_index: dict[str, int] = {}
    for indicator, _, index in points:
        latest_index[indicator] = max(index, latest_index.get(indicator, index))
    latest = YearMonth.from_index(max(latest_index.values())) if points else None
    first = YearMonth.from_index(min(index for _, _, index in points)) if points else None
    indicators = {
        row.code: IndicatorRow(
            row.code, row.name_th, row.name_en, row.unit_th, row.unit_en, row.change_kind, row.definition_th,
            row.definition_en,
        )
        for row in session.scalars(select(Indicator).order_by(Indicator.sort_order))
    }  # fmt: skip
    sectors = {
        row.code: SectorRow(row.code, row.name_th, row.name_en, Decimal(row.weight), tuple(row.aliases), row.is_total)
        for row in session.scalars(select(Sector).order_by(Sector.sort_order))
    }
    return Snapshot(
        version=version,
        latest=latest,
        points=points,
        indicators=indicators,
        sectors=sectors,
        first_month=first,
        latest_by_indicator={code: YearMonth.from_index(index) for code, index in latest_index.items()},
    )


class IndicatorStore:
    def __init__(self, database: Database, recheck_seconds: float = 1.0) -> None:
        self.database = database
        self._snapshot: Snapshot | None = None
        self._snapshot_lock = threading.Lock()
        # Imports are rare; questions come in bursts: whether the data changed
        # is asked of the database at most this often, not for every answer.
        self.recheck_seconds = recheck_seconds
        self._checked_at = -math.inf

    def data_version(self) -> tuple[int, int]:
        """Changes whenever an import stores anything (imports are the only writer)."""
        with self.database.engine.connect() as connection:
            row = connection.execute(
                select(func.coalesce(func.max(ImportRecord.id), 0), func.count(ImportRecord.id))
            ).one()
        return int(row[0]), int(row[1])

    def snapshot(self) -> Snapshot:
        """The cached in-memory snapshot, rebuilt when an import (in any
        process) has changed the data since it was taken: seen within
        `recheck_seconds`, or at once after `refresh()`."""
        current = self._snapshot
        now = time.monotonic()
        if current is not None and now - self._checked_at < self.recheck_seconds:
            return current
        version = self.data_version()
        self._checked_at = now
        if current is not None and current.version == version:
            return current
        with self._snapshot_lock:
            if self._snapshot is None or self._snapshot.version != version:
                self._snapshot = self._build_snapshot(version)
            return self._snapshot

    def refresh(self) -> None:
        """Look at the database on the next question (this process just imported)."""
        self._checked_at = -math.inf

    def _build_snapshot(self, version: tuple[int, int]) -> Snapshot:
        with self.database.session() as session:
            return build_snapshot(session, version)

    def latest_month(self, indicator: str | None = None) -> YearMonth | None:
        """The newest month held (for one indicator, or for any)."""
        query = select(Observation.year, Observation.month).order_by(Observation.year.desc(), Observation.month.desc())
        if indicator is not None:
            query = query.where(Observation.indicator_code == indicator)
        with self.database.session() as session:
            row = session.execute(query.limit(1)).first()
        return YearMonth(row[0], row[1]) if row else None

    def observation_count(self) -> int:
        with self.database.session() as session:
            return session.scalar(select(func.count()).select_from(Observation)) or 0

    def point(self, indicator: str, sector: str, period: YearMonth) -> Point | None:
        points = self.series(indicator, sector, period, period)
        return points[0] if points else None

    def series(self, indicator: str, sector: str, start: YearMonth, end: YearMonth) -> list[Point]:
        """Observations from start to end inclusive, oldest first."""
        query = (
            select(Observation.year, Observation.month, Observation.value, Observation.preliminary, Observation.dataset)
            .where(
                Observation.indicator_code == indicator,
                Observation.sector_code == sector,
                tuple_(Observation.year, Observation.month) >= (start.year, start.month),
                tuple_(Observation.year, Observation.month) <= (end.year, end.month),
            )
            .order_by(Observation.year, Observation.month)
        )
        with self.database.session() as session:
            rows = session.execute(query).all()
        return [Point(YearMonth(y, m), Decimal(v), bool(p), Dataset.of(d)) for y, m, v, p, d in rows]

    def revisions(self, indicator: str, sector: str, period: YearMonth) -> list[Revision]:
        """The change history of one observation, oldest first."""
        return self.revisions_between(indicator, sector, period, period).get(period, [])

    def revisions_between(
        self, indicator: str, sector: str, start: YearMonth, end: YearMonth
    ) -> dict[YearMonth, list[Revision]]:
        """The change histories of a series' months from start to end, in one
        query (the API's series with revisions would otherwise ask per month)."""
        query = (
            select(
                Observation.year,
                Observation.month,
                *REVISION_CHANGE,
                ObservationRevision.import_id,
                ImportRecord.file_name,
            )
            .join(Observation, Observation.id == ObservationRevision.observation_id)
            .join(ImportRecord, ImportRecord.id == ObservationRevision.import_id)
            .where(
                Observation.indicator_code == indicator,
                Observation.sector_code == sector,
                tuple_(Observation.year, Observation.month) >= (start.year, start.month),
                tuple_(Observation.year, Observation.month) <= (end.year, end.month),
            )
            .order_by(ObservationRevision.id)
        )
        with self.database.session() as session:
            rows = session.execute(query).all()
        histories: dict[YearMonth, list[Revision]] = {}
        for year, month, a, b, c, d, e, f in rows:
            histories.setdefault(YearMonth(year, month), []).append(
                Revision(Decimal(a), Decimal(b), bool(c), bool(d), e, f)
            )
        return histories

    def changed_after(self, moment: datetime) -> set[tuple[str, str, int]]:
        """The observations first stored or revised after a moment, keyed as
        the snapshot's points (what SDMX's `updatedAfter` asks for)."""
        query = select(Observation.indicator_code, Observation.sector_code, Observation.year, Observation.month).where(
            Observation.updated_at > moment
        )
        with self.database.session() as session:
            rows = session.execute(query).all()
        return {(indicator, sector, YearMonth(year, month).index()) for indicator, sector, year, month in rows}

    def indicators(self) -> list[IndicatorRow]:
        return list(self.snapshot().indicators.values())

    def sectors(self) -> list[SectorRow]:
        return list(self.snapshot().sectors.values())
