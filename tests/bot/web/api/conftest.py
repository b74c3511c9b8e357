"""The web app with the sample release (and a later release revising it) loaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot import create_app
from bot.app import services_of
from bot.config import Settings
from bot.data.db import Database
from bot.ingest.importer import import_files
from tests.helpers import SAMPLE_DIR

REVISION = "indicator,tsic,year,month,value,preliminary\nMPI,TOTAL,2569,9,101.00,1\nMPI,TOTAL,2569,10,102.50,1\n"


@pytest.fixture
def api_app(settings: Settings, database: Database, tmp_path: Path) -> Iterator[Flask]:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    release = tmp_path / "release-2569-10.csv"
    release.write_text(REVISION, encoding="utf-8")
    import_files(database, [release], dataset="sample")
    # Generous: the schemathesis run sends hundreds of requests from one client.
    app = create_app(settings.with_overrides(API_RATE_LIMIT="100000 per minute"))
    app.config["TESTING"] = True
    yield app
    services_of(app).database.dispose()


@pytest.fixture
def api(api_app: Flask) -> FlaskClient:
    return api_app.test_client()
