"""The answerer over the sample release, for the answer tests."""

from __future__ import annotations

import pytest

from bot.answers import Answerer
from bot.data.db import Database
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files
from tests.helpers import SAMPLE_DIR


@pytest.fixture
def answerer(database: Database) -> Answerer:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    return Answerer(IndicatorStore(database))
