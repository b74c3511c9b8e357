"""Behaviour that exists only on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from bot.data.db import Database
from bot.ingest.importer import IMPORT_LOCK_KEY, import_files
from tests.helpers import SAMPLE_DIR, read_sample_csv

pytestmark = pytest.mark.postgres


def test_imports_wait_for_the_advisory_lock(database: Database) -> None:
    finished = threading.Event()

    def run() -> None:
        import_files(database, [SAMPLE_DIR / "next-release.csv"])
        finished.set()

    with database.engine.connect() as holder:
        holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": IMPORT_LOCK_KEY})
        thread = threading.Thread(target=run)
        thread.start()
        assert not finished.wait(0.5), "the import ran while another held the import lock"
        holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": IMPORT_LOCK_KEY})
        holder.commit()
    thread.join(timeout=30)
    assert finished.is_set()


def test_values_are_exact_numerics(database: Database) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    with database.engine.connect() as connection:
        column_type = connection.execute(
            text(
                "SELECT data_type, numeric_scale FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = 'observations' AND column_name = 'value'"
            )
        ).one()
        total = connection.execute(text("SELECT sum(value)::text FROM observations")).scalar_one()
    assert tuple(column_type) == ("numeric", 2)
    expected = sum(value for value, _ in read_sample_csv("indicators.csv").values())
    assert total == str(expected)  # no float rounding anywhere on the way in
