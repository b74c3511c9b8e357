"""The release importer against the sample files: new months, revisions,
history, idempotence and the equivalence of the CSV and workbook formats."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from bot.data.db import Database
from bot.data.models import OBSERVATION_COLUMNS, ImportRecord, Observation
from bot.data.store import IndicatorStore
from bot.ingest.files import read_release_file
from bot.ingest.importer import import_files
from nlp.thaidate import YearMonth
from tests.helpers import SAMPLE_DIR, read_sample_csv, snapshot

INDICATORS_CSV = SAMPLE_DIR / "indicators.csv"
NEXT_RELEASE_CSV = SAMPLE_DIR / "next-release.csv"
WORKBOOK = SAMPLE_DIR / "oie-style.xlsx"
SEPTEMBER = YearMonth(2026, 9)
OCTOBER = YearMonth(2026, 10)


def stored_observations(database: Database) -> dict[tuple[str, str, YearMonth], tuple[Decimal, bool]]:
    with database.session() as session:
        rows = session.execute(select(*OBSERVATION_COLUMNS)).all()
    return {(i, s, YearMonth(y, m)): (Decimal(v), bool(p)) for i, s, y, m, v, p in rows}


def test_first_import_stores_every_row_as_new_history(database: Database) -> None:
    (summary,) = import_files(database, [INDICATORS_CSV])
    expected = read_sample_csv("indicators.csv")
    assert summary.rows_read == 6348 == len(expected)
    assert summary.total("new") == 6348
    assert summary.is_backfill
    assert summary.dataset == "sample"
    assert stored_observations(database) == expected
    assert len(summary.per_indicator["MPI"].new_months) == 69


def test_next_release_reports_new_month_and_revisions(database: Database, store: IndicatorStore) -> None:
    import_files(database, [INDICATORS_CSV])
    before = read_sample_csv("indicators.csv")
    after = read_sample_csv("next-release.csv")
    (summary,) = import_files(database, [NEXT_RELEASE_CSV])

    assert not summary.is_backfill
    assert summary.new_months == {OCTOBER}
    changed_values = {k for k, (value, _) in after.items() if k in before and before[k][0] != value}
    assert changed_values, "the sample revises some September values"
    assert summary.total("revised") == len(changed_values)
    assert summary.total("new") == sum(1 for k in after if k[2] == OCTOBER)
    for code, changes in summary.per_indicator.items():
        assert changes.new_months == {OCTOBER}
        revised_here = {k for k in changed_values if k[0] == code}
        assert changes.revised_months == ({SEPTEMBER} if revised_here else set())
    assert "2569-10" in summary.render()

    # History keeps the old value next to the new one.
    indicator, sector, period = sorted(changed_values)[0]
    point = store.point(indicator, sector, period)
    assert point is not None
    assert point.value == after[(indicator, sector, period)][0]
    assert not point.preliminary
    (revision,) = store.revisions(indicator, sector, period)
    assert revision.old_value == before[(indicator, sector, period)][0]
    assert revision.new_value == after[(indicator, sector, period)][0]
    assert revision.old_preliminary
    assert not revision.new_preliminary
    assert revision.file_name == "next-release.csv"


def test_reimporting_either_file_changes_nothing(database: Database) -> None:
    import_files(database, [INDICATORS_CSV])
    import_files(database, [NEXT_RELEASE_CSV])
    before = snapshot(database)
    for path in (NEXT_RELEASE_CSV, INDICATORS_CSV):
        (summary,) = import_files(database, [path])
        assert not summary.changed
        assert summary.earlier_import is not None
        assert "no change" in summary.render()
    assert snapshot(database) == before


def test_older_release_under_another_name_keeps_final_values(database: Database, tmp_path: Path) -> None:
    import_files(database, [INDICATORS_CSV, NEXT_RELEASE_CSV])
    before = snapshot(database)
    # The workbook holds the September figures as they were before the revision.
    (summary,) = import_files(database, [WORKBOOK])
    assert not summary.changed
    assert summary.stale == 92  # 4 indicators x 23 series of the now-final month
    assert snapshot(database) == before


def test_workbook_imports_the_same_observations_as_the_csv(database: Database) -> None:
    csv_release = read_release_file(INDICATORS_CSV)
    workbook_release = read_release_file(WORKBOOK)
    as_map = {o.key: (o.value, o.preliminary) for o in csv_release.observations}
    assert {o.key: (o.value, o.preliminary) for o in workbook_release.observations} == as_map

    (summary,) = import_files(database, [WORKBOOK])
    assert summary.rows_read == 6348
    assert summary.dataset == "sample"  # the workbook says ข้อมูลตัวอย่าง in its source row
    assert stored_observations(database) == read_sample_csv("indicators.csv")


def test_dry_run_reports_but_stores_nothing(database: Database) -> None:
    before = snapshot(database)
    first, second = import_files(database, [INDICATORS_CSV, NEXT_RELEASE_CSV], dry_run=True)
    assert first.total("new") == 6348
    assert second.new_months == {OCTOBER}  # the second file saw the first, as a real run would
    assert first.import_id is None
    assert snapshot(database) == before


def test_dataset_label_can_be_set(database: Database, tmp_path: Path) -> None:
    copy = tmp_path / "oie-2569-10.csv"
    # Not byte-identical to the bundled sample (a copy of that is sample data wherever it lies).
    copy.write_bytes(
        NEXT_RELEASE_CSV.read_bytes().replace(b"MPI,TOTAL,2569,10,101.48,1", b"MPI,TOTAL,2569,10,101.49,1")
    )
    (summary,) = import_files(database, [copy])
    assert summary.dataset == "OIE"  # outside the bundled sample folder: official by default
    (labelled,) = import_files(database, [INDICATORS_CSV], dataset="staging")
    assert labelled.dataset == "staging"
    with database.session() as session:
        datasets = set(session.scalars(select(Observation.dataset).distinct()))
    assert datasets == {"OIE", "staging"}


def test_import_record_keeps_file_hash_and_counts(database: Database) -> None:
    import_files(database, [INDICATORS_CSV])
    (summary,) = import_files(database, [NEXT_RELEASE_CSV])
    with database.session() as session:
        record = session.get(ImportRecord, summary.import_id)
        assert record is not None
        assert record.file_name == "next-release.csv"
        assert len(record.sha256) == 64
        assert record.rows_read == 184
        assert record.new_count == 92
        assert record.revised_count + record.finalized_count == 92
        assert record.summary["MPI"]["new_months"] == ["2026-10"]


def test_concurrent_imports_of_one_file_store_it_once(database: Database) -> None:
    import_files(database, [INDICATORS_CSV])
    errors: list[BaseException] = []

    def run() -> None:
        try:
            import_files(database, [NEXT_RELEASE_CSV])
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportRecord)) == 2
        assert session.scalar(select(func.count()).select_from(Observation)) == 6348 + 92


def test_a_copy_of_the_bundled_sample_is_still_sample_data(database: Database, tmp_path: Path) -> None:
    """Uploaded through the console, the sample file lies in a temporary folder: it is still synthetic."""
    copy = tmp_path / "upload" / "next-release.csv"
    copy.parent.mkdir()
    copy.write_bytes(NEXT_RELEASE_CSV.read_bytes())
    import_files(database, [INDICATORS_CSV])
    (summary,) = import_files(database, [copy])
    assert summary.dataset == "sample"
