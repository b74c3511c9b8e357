"""The indicator store: reference rows, observations with their revision
history, the imports that brought them and staff-set release dates.

Months are stored with Common-Era years; Buddhist-Era years exist only at the
edges (files people import, text people read)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.data.db import Base, utcnow

# Values carry two decimals in OIE tables; 12 digits leaves room for any index.
VALUE_TYPE = Numeric(12, 2, asdecimal=True)


class Indicator(Base):
    __tablename__ = "indicators"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    unit_th: Mapped[str] = mapped_column(String(100))
    unit_en: Mapped[str] = mapped_column(String(100))
    # "percent" changes for indices, "points" (difference) for CAPU.
    change_kind: Mapped[str] = mapped_column(String(16), default="percent")
    definition_th: Mapped[str] = mapped_column(Text)
    definition_en: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Sector(Base):
    __tablename__ = "sectors"

    # "TOTAL" for the whole manufacturing sector, else a two-digit TSIC division.
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name_th: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(200))
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 2, asdecimal=True))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_total: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ImportRecord(Base):
    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_format: Mapped[str] = mapped_column(String(16))
    dataset: Mapped[str] = mapped_column(String(32))
    rows_read: Mapped[int] = mapped_column(Integer)
    new_count: Mapped[int] = mapped_column(Integer)
    revised_count: Mapped[int] = mapped_column(Integer)
    finalized_count: Mapped[int] = mapped_column(Integer)
    unchanged_count: Mapped[int] = mapped_column(Integer)
    # Per-indicator detail: new months, revised months, counts.
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The first import into an empty store: its "new" months are history, not releases.
    backfill: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def new_months(self) -> list[str]:
        """Every month ("YYYY-MM") the import brought, whatever the indicator, oldest first."""
        return sorted({month for detail in (self.summary or {}).values() for month in detail.get("new_months", [])})


class Observation(Base):
    __tablename__ = "observations"
    __table_args__ = (UniqueConstraint("indicator_code", "sector_code", "year", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicators.code"))
    sector_code: Mapped[str] = mapped_column(ForeignKey("sectors.code"))
    year: Mapped[int] = mapped_column(Integer)  # Common Era
    month: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(VALUE_TYPE)
    preliminary: Mapped[bool] = mapped_column(Boolean, default=False)
    dataset: Mapped[str] = mapped_column(String(32))
    first_import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"))
    last_import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    revisions: Mapped[list[ObservationRevision]] = relationship(
        back_populates="observation", order_by="ObservationRevision.id"
    )


# An observation's identity and figure, in the order every reader selects them.
OBSERVATION_COLUMNS = (
    Observation.indicator_code,
    Observation.sector_code,
    Observation.year,
    Observation.month,
    Observation.value,
    Observation.preliminary,
)


class ObservationRevision(Base):
    """One change to a stored observation: the value and/or preliminary flag
    before and after, and the import that changed it."""

    __tablename__ = "observation_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    observation_id: Mapped[int] = mapped_column(ForeignKey("observations.id"), index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id"), index=True)
    old_value: Mapped[Decimal] = mapped_column(VALUE_TYPE)
    new_value: Mapped[Decimal] = mapped_column(VALUE_TYPE)
    old_preliminary: Mapped[bool] = mapped_column(Boolean)
    new_preliminary: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    observation: Mapped[Observation] = relationship(back_populates="revisions")


class ReleaseDate(Base):
    """A release date staff set for an indicator's month, overriding the estimate."""

    __tablename__ = "release_dates"
    __table_args__ = (UniqueConstraint("indicator_code", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicators.code"))
    period: Mapped[str] = mapped_column(String(7))  # CE "YYYY-MM" of the data month
    release_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReleaseSource(Base):
    """A place release files are fetched from (a file's URL, or a dataset on a
    CKAN portal), with what the last fetch learned and how it ended."""

    __tablename__ = "release_sources"

    key: Mapped[str] = mapped_column(String(1000), primary_key=True)  # "url:…" or "ckan:…#dataset"
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))  # as the server wrote it
    fetched_sha256: Mapped[str | None] = mapped_column(String(64))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="new")  # new, imported, unchanged, failed
    detail: Mapped[str] = mapped_column(Text, default="")  # the error of a failure, or what was imported
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"))
