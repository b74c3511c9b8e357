"""Applying release files to the indicator store.

All files of one import run in one transaction: either every file is stored
or, when any is rejected, the database is left exactly as it was. Work is done
in bulk (one read of the affected range, executemany writes) rather than a
query per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from bot.data.datasets import OFFICIAL_LABEL, SAMPLE_LABEL
from bot.data.db import Database, serialize_on
from bot.data.models import OBSERVATION_COLUMNS, ImportRecord, Observation, ObservationRevision, utcnow
from bot.ingest.checks import RevisedValue, ValueWarning, unusual_values
from bot.ingest.files import read_release_file
from bot.ingest.records import ObservationKey, ParsedObservation, ReleaseFile
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_CODES


@dataclass
class IndicatorChanges:
    new: int = 0
    revised: int = 0
    finalized: int = 0
    unchanged: int = 0
    new_months: set[YearMonth] = field(default_factory=set)
    revised_months: set[YearMonth] = field(default_factory=set)

    def as_dict(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "revised": self.revised,
            "finalized": self.finalized,
            "unchanged": self.unchanged,
            "new_months": [month.iso() for month in sorted(self.new_months)],
            "revised_months": [month.iso() for month in sorted(self.revised_months)],
        }


@dataclass(frozen=True)
class ImportRecordInfo:
    id: int
    imported_at: datetime


@dataclass
class ImportSummary:
    """What one file did (or, on a dry run, would do) to the store."""

    file_name: str
    file_format: str
    sha256: str
    dataset: str
    rows_read: int
    per_indicator: dict[str, IndicatorChanges]
    was_empty: bool
    # The import this exact file (same SHA-256) was stored by, if any: such a
    # file is skipped, so re-importing an older release never undoes revisions.
    earlier_import: ImportRecordInfo | None = None
    # Rows whose stored value is final while the file still calls it preliminary:
    # the file is older than the store, so the stored value is kept.
    stale: int = 0
    import_id: int | None = None
    # For people to check before confirming: each revised figure, and values unlike their series.
    revised_values: list[RevisedValue] = field(default_factory=list)
    warnings: list[ValueWarning] = field(default_factory=list)

    def total(self, attribute: str) -> int:
        return sum(getattr(changes, attribute) for changes in self.per_indicator.values())

    @property
    def changed(self) -> bool:
        return any(self.total(name) for name in ("new", "revised", "finalized"))

    @property
    def new_months(self) -> set[YearMonth]:
        """Months the store did not hold for some indicator before this file."""
        return set().union(*(changes.new_months for changes in self.per_indicator.values()))

    @property
    def is_backfill(self) -> bool:
        """The first import into an empty store: history, not news."""
        return self.was_empty

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "format": self.file_format,
            "sha256": self.sha256,
            "dataset": self.dataset,
            "rows_read": self.rows_read,
            "import_id": self.import_id,
            "backfill": self.was_empty,
            "already_imported_as": self.earlier_import.id if self.earlier_import else None,
            "stale_rows_kept": self.stale,
            "indicators": {code: changes.as_dict() for code, changes in self.per_indicator.items()},
        }

    def render(self) -> str:
        """A summary for people: per indicator, new / revised / unchanged."""
        head = (
            f"{self.file_name} ({self.file_format}, dataset {self.dataset}, "
            f"sha256 {self.sha256[:12]}…): {self.rows_read:,} rows read"
        )
        if self.earlier_import is not None:
            when = self.earlier_import.imported_at.strftime("%Y-%m-%d %H:%M UTC")
            return f"{head}\n  no change: this file was already imported (import #{self.earlier_import.id}, {when})"
        stale_note = (
            f"\n  kept {self.stale:,} final values that this file still marks preliminary (older release)"
            if self.stale
            else ""
        )
        if not self.changed:
            return f"{head}\n  no change: every value is already stored{stale_note}"
        lines = [head]
        for code, changes in self.per_indicator.items():
            line = (
                f"  {code:<9} new {changes.new:>5,}  revised {changes.revised:>4,}  "
                f"finalized {changes.finalized:>4,}  unchanged {changes.unchanged:>5,}"
            )
            if changes.new_months:
                line += f"  new months: {_month_span(changes.new_months)}"
            if changes.revised_months:
                line += f"  revised months: {_month_span(changes.revised_months)}"
            lines.append(line)
        return "\n".join(lines) + stale_note


def _month_span(months: set[YearMonth]) -> str:
    ordered = sorted(months)
    if len(ordered) <= 3:
        return ", ".join(month.be_label() for month in ordered)
    return f"{ordered[0].be_label()} … {ordered[-1].be_label()} ({len(ordered)} months)"


def import_files(
    database: Database,
    paths: Sequence[Path],
    dataset: str | None = None,
    dry_run: bool = False,
    progress: bool = False,
    in_transaction: Callable[[Session, list[ImportSummary]], None] | None = None,
) -> list[ImportSummary]:
    """Validate every file, then apply them in order inside one transaction.

    Raises ReleaseFileError (nothing stored) when any file is invalid.
    `in_transaction` runs before the commit, to store what must go with the
    import (announcement drafts)."""
    releases = [read_release_file(path, progress=progress) for path in paths]
    summaries: list[ImportSummary] = []
    # A dry run writes inside the transaction, so later files see earlier
    # ones exactly as a real run would, and then throws it all away.
    with database.session(commit=not dry_run) as session:
        _serialize_imports(session)
        for release in releases:
            label = dataset or (SAMPLE_LABEL if release.looks_like_sample else OFFICIAL_LABEL)
            summaries.append(apply_release(session, release, label))
        if in_transaction is not None:
            in_transaction(session, summaries)
    if dry_run:
        for summary in summaries:
            summary.import_id = None
    return summaries


IMPORT_LOCK_KEY = 0x0E1E_0001  # PostgreSQL advisory lock id for imports


def _serialize_imports(session: Session) -> None:
    """Make concurrent imports (staff CLI, the watched folder) run one after
    another, so the second sees the first's rows instead of colliding."""
    serialize_on(session, IMPORT_LOCK_KEY)


def apply_release(session: Session, release: ReleaseFile, dataset: str) -> ImportSummary:
    was_empty = session.scalar(select(func.count()).select_from(Observation)) == 0
    summary = ImportSummary(
        file_name=release.path.name,
        file_format=release.file_format,
        sha256=release.sha256,
        dataset=dataset,
        rows_read=release.rows_read,
        per_indicator={},
        was_empty=was_empty,
    )
    earlier = session.execute(
        select(ImportRecord.id, ImportRecord.imported_at)
        .where(ImportRecord.sha256 == release.sha256)
        .order_by(ImportRecord.id)
        .limit(1)
    ).first()
    if earlier is not None:
        summary.earlier_import = ImportRecordInfo(earlier[0], earlier[1])
        return summary
    changes = _Changes(dataset, utcnow())
    stored = _stored(session, release.observations)
    changes.classify(release.observations, stored)
    summary.per_indicator = changes.per_indicator
    summary.stale = changes.stale
    summary.revised_values = changes.revised_values
    summary.warnings = unusual_values(release.observations, {key: row[1] for key, row in stored.rows.items()})
    if summary.changed:
        summary.import_id = changes.write(session, summary)
    return summary


@dataclass
class _Stored:
    """What the store holds in the range a file could touch: one read."""

    rows: dict[ObservationKey, tuple[int, Decimal, bool]] = field(default_factory=dict)
    months: dict[str, set[YearMonth]] = field(default_factory=lambda: defaultdict(set))


def _stored(session: Session, observations: list[ParsedObservation]) -> _Stored:
    years = [observation.key.period.year for observation in observations]
    indicators = {observation.key.indicator for observation in observations}
    stored = _Stored()
    rows = session.execute(
        select(Observation.id, *OBSERVATION_COLUMNS).where(
            Observation.indicator_code.in_(indicators),
            # The year before too: the checks compare a January with the months before it.
            Observation.year.between(min(years) - 1, max(years)),
        )
    )
    for row_id, indicator, sector, year, month, value, preliminary in rows:
        period = YearMonth(year, month)
        stored.rows[ObservationKey(indicator, sector, period)] = (row_id, Decimal(value), bool(preliminary))
        stored.months[indicator].add(period)
    return stored


class _Changes:
    """What one file changes: rows to insert and update, revisions to record, counts per indicator."""

    def __init__(self, dataset: str, now: datetime) -> None:
        self.dataset = dataset
        self.now = now
        self.per_indicator: dict[str, IndicatorChanges] = {}
        self.inserts: list[dict[str, Any]] = []
        self.updates: list[dict[str, Any]] = []
        self.revisions: list[dict[str, Any]] = []
        self.revised_values: list[RevisedValue] = []
        self.stale = 0

    def classify(self, observations: list[ParsedObservation], stored: _Stored) -> None:
        codes = sorted({observation.key.indicator for observation in observations}, key=INDICATOR_CODES.index)
        self.per_indicator = {code: IndicatorChanges() for code in codes}
        for observation in observations:
            key = observation.key
            changes = self.per_indicator[key.indicator]
            existing = stored.rows.get(key)
            if existing is None:
                changes.new += 1
                if key.period not in stored.months[key.indicator]:
                    changes.new_months.add(key.period)
                self._insert(observation)
                continue
            row_id, old_value, old_preliminary = existing
            if old_value == observation.value and old_preliminary == observation.preliminary:
                changes.unchanged += 1
            elif observation.preliminary and not old_preliminary:
                # The store's value is final and this file still calls it preliminary: an older release.
                self.stale += 1
                changes.unchanged += 1
            else:
                if old_value != observation.value:
                    changes.revised += 1
                    changes.revised_months.add(key.period)
                    self.revised_values.append(RevisedValue(key, old_value, observation.value))
                else:
                    changes.finalized += 1
                self._update(row_id, old_value, old_preliminary, observation)

    def _insert(self, observation: ParsedObservation) -> None:
        key = observation.key
        self.inserts.append(
            {
                "indicator_code": key.indicator,
                "sector_code": key.sector,
                "year": key.period.year,
                "month": key.period.month,
                "value": observation.value,
                "preliminary": observation.preliminary,
                "dataset": self.dataset,
                "updated_at": self.now,
            }
        )

    def _update(self, row_id: int, old_value: Decimal, old_preliminary: bool, observation: ParsedObservation) -> None:
        new = {"value": observation.value, "preliminary": observation.preliminary}
        self.updates.append({"id": row_id, **new, "dataset": self.dataset, "updated_at": self.now})
        self.revisions.append(
            {
                "observation_id": row_id,
                "old_value": old_value,
                "new_value": observation.value,
                "old_preliminary": old_preliminary,
                "new_preliminary": observation.preliminary,
                "recorded_at": self.now,
            }
        )

    def write(self, session: Session, summary: ImportSummary) -> int:
        """Store the import record and every change in bulk; returns the import's id."""
        record = ImportRecord(
            file_name=summary.file_name,
            sha256=summary.sha256,
            file_format=summary.file_format,
            dataset=self.dataset,
            rows_read=summary.rows_read,
            new_count=summary.total("new"),
            revised_count=summary.total("revised"),
            finalized_count=summary.total("finalized"),
            unchanged_count=summary.total("unchanged"),
            summary=summary.as_dict()["indicators"],
            backfill=summary.was_empty,
            imported_at=self.now,
        )
        session.add(record)
        session.flush()
        for rows, column, statement in (
            (self.inserts, ("first_import_id", "last_import_id"), insert(Observation)),
            (self.updates, ("last_import_id",), update(Observation)),
            (self.revisions, ("import_id",), insert(ObservationRevision)),
        ):
            if rows:
                for row in rows:
                    row.update(dict.fromkeys(column, record.id))
                session.execute(statement, rows)
        return record.id
