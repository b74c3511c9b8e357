"""Read access to the indicator store, used by answers, announcements and the
web app. Everything returns plain dataclasses, never ORM rows, so callers
cannot trigger lazy loads outside a session."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select, tuple_

from bot.db import Database
from bot.models import ImportRecord, Indicator, Observation, ObservationRevision, Sector
from nlp.thaidate import YearMonth


@dataclass(frozen=True)
class Point:
    period: YearMonth
    value: Decimal
    preliminary: bool
    dataset: str


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


class IndicatorStore:
    def __init__(self, database: Database) -> None:
        self.database = database

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
        return [Point(YearMonth(y, m), Decimal(v), bool(p), d) for y, m, v, p, d in rows]

    def month_values(self, indicator: str, period: YearMonth) -> dict[str, Point]:
        """Every sector's value of one indicator in one month, by sector code."""
        query = select(Observation.sector_code, Observation.value, Observation.preliminary, Observation.dataset).where(
            Observation.indicator_code == indicator,
            Observation.year == period.year,
            Observation.month == period.month,
        )
        with self.database.session() as session:
            rows = session.execute(query).all()
        return {code: Point(period, Decimal(v), bool(p), d) for code, v, p, d in rows}

    def revisions(self, indicator: str, sector: str, period: YearMonth) -> list[Revision]:
        """The change history of one observation, oldest first."""
        query = (
            select(
                ObservationRevision.old_value,
                ObservationRevision.new_value,
                ObservationRevision.old_preliminary,
                ObservationRevision.new_preliminary,
                ObservationRevision.import_id,
                ImportRecord.file_name,
            )
            .join(Observation, Observation.id == ObservationRevision.observation_id)
            .join(ImportRecord, ImportRecord.id == ObservationRevision.import_id)
            .where(
                Observation.indicator_code == indicator,
                Observation.sector_code == sector,
                Observation.year == period.year,
                Observation.month == period.month,
            )
            .order_by(ObservationRevision.id)
        )
        with self.database.session() as session:
            rows = session.execute(query).all()
        return [Revision(Decimal(a), Decimal(b), bool(c), bool(d), e, f) for a, b, c, d, e, f in rows]

    def indicators(self) -> list[IndicatorRow]:
        with self.database.session() as session:
            rows = session.scalars(select(Indicator).order_by(Indicator.sort_order)).all()
            return [
                IndicatorRow(
                    r.code, r.name_th, r.name_en, r.unit_th, r.unit_en, r.change_kind, r.definition_th, r.definition_en
                )
                for r in rows
            ]

    def sectors(self) -> list[SectorRow]:
        with self.database.session() as session:
            rows = session.scalars(select(Sector).order_by(Sector.sort_order)).all()
            return [
                SectorRow(r.code, r.name_th, r.name_en, Decimal(r.weight), tuple(r.aliases), r.is_total) for r in rows
            ]
