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

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from bot.db import Database, lock_sqlite_for_writing
from bot.models import OBSERVATION_COLUMNS, ImportRecord, Observation, ObservationRevision, utcnow
from bot.release_files import ObservationKey, ReleaseFile, read_release_file
from nlp.lexicon import INDICATOR_CODES
from nlp.thaidate import YearMonth

SAMPLE_DATASET = "sample"
OFFICIAL_DATASET = "OIE"


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
            label = dataset or (SAMPLE_DATASET if release.looks_like_sample else OFFICIAL_DATASET)
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
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY})
    else:
        lock_sqlite_for_writing(session)


def apply_release(session: Session, release: ReleaseFile, dataset: str) -> ImportSummary:
    observations = release.observations
    was_empty = session.scalar(select(func.count()).select_from(Observation)) == 0
    earlier = session.execute(
        select(ImportRecord.id, ImportRecord.imported_at)
        .where(ImportRecord.sha256 == release.sha256)
        .order_by(ImportRecord.id)
        .limit(1)
    ).first()
    if earlier is not None:
        return ImportSummary(
            file_name=release.path.name,
            file_format=release.file_format,
            sha256=release.sha256,
            dataset=dataset,
            rows_read=release.rows_read,
            per_indicator={},
            was_empty=was_empty,
            earlier_import=ImportRecordInfo(earlier[0], earlier[1]),
        )
    years = [observation.key.period.year for observation in observations]
    indicators = sorted({observation.key.indicator for observation in observations}, key=INDICATOR_CODES.index)

    # One read of everything the file could touch.
    stored: dict[ObservationKey, tuple[int, Decimal, bool]] = {}
    stored_months: dict[str, set[YearMonth]] = defaultdict(set)
    rows = session.execute(
        select(Observation.id, *OBSERVATION_COLUMNS).where(
            Observation.indicator_code.in_(indicators),
            Observation.year.between(min(years), max(years)),
        )
    )
    for row_id, indicator, sector, year, month, value, preliminary in rows:
        period = YearMonth(year, month)
        stored[ObservationKey(indicator, sector, period)] = (row_id, Decimal(value), bool(preliminary))
        stored_months[indicator].add(period)

    per_indicator = {code: IndicatorChanges() for code in indicators}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    revisions: list[dict[str, Any]] = []
    now = utcnow()
    stale = 0
    for observation in observations:
        key = observation.key
        changes = per_indicator[key.indicator]
        existing = stored.get(key)
        if existing is None:
            changes.new += 1
            if key.period not in stored_months[key.indicator]:
                changes.new_months.add(key.period)
            inserts.append(
                {
                    "indicator_code": key.indicator,
                    "sector_code": key.sector,
                    "year": key.period.year,
                    "month": key.period.month,
                    "value": observation.value,
                    "preliminary": observation.preliminary,
                    "dataset": dataset,
                    "updated_at": now,
                }
            )
            continue
        row_id, old_value, old_preliminary = existing
        if old_value == observation.value and old_preliminary == observation.preliminary:
            changes.unchanged += 1
            continue
        if observation.preliminary and not old_preliminary:
            stale += 1
            changes.unchanged += 1
            continue
        if old_value != observation.value:
            changes.revised += 1
            changes.revised_months.add(key.period)
        else:
            changes.finalized += 1
        updates.append(
            {
                "id": row_id,
                "value": observation.value,
                "preliminary": observation.preliminary,
                "dataset": dataset,
                "updated_at": now,
            }
        )
        revisions.append(
            {
                "observation_id": row_id,
                "old_value": old_value,
                "new_value": observation.value,
                "old_preliminary": old_preliminary,
                "new_preliminary": observation.preliminary,
                "recorded_at": now,
            }
        )

    summary = ImportSummary(
        file_name=release.path.name,
        file_format=release.file_format,
        sha256=release.sha256,
        dataset=dataset,
        rows_read=release.rows_read,
        per_indicator=per_indicator,
        was_empty=was_empty,
        stale=stale,
    )
    if not summary.changed:
        return summary

    record = ImportRecord(
        file_name=release.path.name,
        sha256=release.sha256,
        file_format=release.file_format,
        dataset=dataset,
        rows_read=release.rows_read,
        new_count=summary.total("new"),
        revised_count=summary.total("revised"),
        finalized_count=summary.total("finalized"),
        unchanged_count=summary.total("unchanged"),
        summary=summary.as_dict()["indicators"],
        backfill=was_empty,
        imported_at=now,
    )
    session.add(record)
    session.flush()
    summary.import_id = record.id
    if inserts:
        for row in inserts:
            row["first_import_id"] = row["last_import_id"] = record.id
        session.execute(insert(Observation), inserts)
    if updates:
        for row in updates:
            row["last_import_id"] = record.id
        session.execute(update(Observation), updates)
    if revisions:
        for row in revisions:
            row["import_id"] = record.id
        session.execute(insert(ObservationRevision), revisions)
    return summary
