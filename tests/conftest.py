"""Shared fixtures: an isolated database per test (a SQLite file, or a fresh
schema on PostgreSQL when TEST_DATABASE_URL points there), an app per test,
and a guard that fails any connection leaving this machine."""

from __future__ import annotations

import os
import socket
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot import create_app
from bot.app import services_of
from bot.config import Settings
from bot.data.db import Database, normalize_database_url
from bot.data.migrate import init_database
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files
from nlp.intent_model import DEFAULT_MODEL, IntentModel, use_model
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import ACCESS_TOKEN, CHANNEL_SECRET
from tests.fakes.smtp import FakeSmtpServer
from tests.helpers import SAMPLE_DIR, NetworkAccessError, event_pool, line_client_of

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
# Code that reads DATABASE_URL from the environment (the CLI) must never reach
# the developer's own database from a test that forgot to set it.
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='oie-tests-')}/unset.sqlite3"

# --- no network but loopback ---------------------------------------------------

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _check_address(sock: socket.socket, address: Any) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) else str(address)
    if host in {"localhost", "::1"} or str(host).startswith("127."):
        return
    raise NetworkAccessError(f"tests may not connect to {host!r}: only loopback is allowed")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check_address(self, address)
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check_address(self, address)
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def _no_internet() -> Iterator[None]:
    # setattr: the guard wraps the C methods with the same behaviour for loopback.
    setattr(socket.socket, "connect", _guarded_connect)  # noqa: B010
    setattr(socket.socket, "connect_ex", _guarded_connect_ex)  # noqa: B010
    yield
    setattr(socket.socket, "connect", _real_connect)  # noqa: B010
    setattr(socket.socket, "connect_ex", _real_connect_ex)  # noqa: B010


# --- databases -----------------------------------------------------------------


SHIPPED_MODEL = IntentModel.load(DEFAULT_MODEL)


@pytest.fixture(autouse=True)
def _shipped_intent_model() -> Iterator[None]:
    """A test that retrains installs its model for the whole process: the next test starts from the shipped one."""
    yield
    use_model(SHIPPED_MODEL)


def database_backend() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    return "postgresql" if url.startswith(("postgresql", "postgres")) else "sqlite"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if database_backend() == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with TEST_DATABASE_URL=postgresql+psycopg://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database used by this test alone."""
    base = os.environ.get("TEST_DATABASE_URL", "")
    if database_backend() != "postgresql":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    base = normalize_database_url(base)
    schema = f"t_{uuid.uuid4().hex[:16]}"
    # Pre-ping: a test may restart the server (fault injection) while this engine waits.
    admin = create_engine(base, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings.from_env(
        environ={},
        env_file=None,
        APP_ENV="testing",
        DATABASE_URL=database_url,
        PUBLIC_BASE_URL="http://testserver",
        CHARTS_DIR=str(tmp_path / "charts"),  # each test draws its own (the rate limit counts drawing)
        MEDIA_DIR=str(tmp_path / "media"),
    )


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    database = Database(settings.DATABASE_URL)
    init_database(database)
    yield database
    database.dispose()


@pytest.fixture
def store(database: Database) -> IndicatorStore:
    return IndicatorStore(database)


@pytest.fixture
def app(settings: Settings, database: Database) -> Iterator[Flask]:
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    services_of(app).database.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# --- e-mail --------------------------------------------------------------------------


@pytest.fixture
def smtp() -> Iterator[FakeSmtpServer]:
    """A local SMTP server that keeps what it receives."""
    server = FakeSmtpServer()
    yield server
    server.close()


# --- LINE --------------------------------------------------------------------------


@pytest.fixture
def fake_line() -> Iterator[FakeLineApi]:
    fake = FakeLineApi()
    yield fake
    fake.close()


@pytest.fixture
def line_app(settings: Settings, database: Database, fake_line: FakeLineApi, tmp_path: Path) -> Iterator[Flask]:
    """The app with LINE configured against the fake LINE API, sample data loaded."""
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    app = create_app(
        settings.with_overrides(
            LINE_CHANNEL_SECRET=CHANNEL_SECRET,
            LINE_CHANNEL_ACCESS_TOKEN=ACCESS_TOKEN,
            LINE_API_BASE_URL=fake_line.base_url,
            LINE_DATA_API_BASE_URL=fake_line.base_url,
            CHARTS_DIR=str(tmp_path / "charts"),
        )
    )
    line_client_of(app).backoff_seconds = 0.01
    yield app
    event_pool(app).shutdown()
    services_of(app).database.dispose()


@pytest.fixture
def line_client(line_app: Flask) -> FlaskClient:
    return line_app.test_client()
