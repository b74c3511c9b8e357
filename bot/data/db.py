"""Engine and session handling. One `Database` per application; no
module-level engine, so tests can build as many isolated apps as they like."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, MetaData, create_engine, event, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

T = TypeVar("T")

# Stable constraint names so Alembic migrations are reproducible on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; every stored time is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def normalize_database_url(url: str) -> str:
    """Accept the URLs hosting platforms hand out and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def build_engine(url: str, echo: bool = False, **kwargs: Any) -> Engine:
    url = normalize_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": 30})
    else:
        kwargs.setdefault("pool_pre_ping", True)
    # SQL errors must not carry the values (a user's message, their LINE id) into the logs.
    kwargs.setdefault("hide_parameters", True)
    engine = create_engine(url, echo=echo, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets the web app read while
    # an import or a worker writes.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def is_postgresql(bind: Session | Engine) -> bool:
    """The one place that asks which database this is; the rest of the code is written once for both."""
    dialect = bind.get_bind().dialect if isinstance(bind, Session) else bind.dialect
    return dialect.name == "postgresql"


def upsert_insert(bind: Session | Engine) -> Any:
    """The dialect's INSERT construct, which has `on_conflict_do_…`."""
    return postgresql_insert if is_postgresql(bind) else sqlite_insert


def lock_sqlite_for_writing(session: Session) -> None:
    """SQLite takes its write lock at the first write statement, even one that
    changes no row: taking it at once keeps a read-then-write atomic against
    other connections (PostgreSQL uses row or advisory locks instead)."""
    if not is_postgresql(session):
        session.execute(text("UPDATE imports SET id = id WHERE 0 = 1"))


def serialize_on(session: Session, *keys: int) -> None:
    """Transactions holding any of the same keys run one after another, until they end:
    PostgreSQL's advisory locks (taken in order, so two never wait on each other), or
    SQLite's write lock, which serializes every writer anyway."""
    if is_postgresql(session):
        for key in sorted(set(keys)):
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:
        lock_sqlite_for_writing(session)


class Database:
    """Owns the engine and the session factory of one application."""

    def __init__(self, url: str, echo: bool = False, **engine_kwargs: Any) -> None:
        self.engine = build_engine(url, echo=echo, **engine_kwargs)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        self._quick: Engine | None = None

    @property
    def quick(self) -> Engine:
        """An engine for the hottest path (the webhook's writes): the same
        database without a ping before each use and in autocommit, so that a
        write made of one statement is one round trip instead of three (BEGIN,
        the statement, COMMIT). Callers write with a single statement, which
        is atomic, and retry once when a connection turns out to be dead
        (`retry_on_disconnect`)."""
        if self._quick is None:
            url = self.engine.url.render_as_string(hide_password=False)
            self._quick = build_engine(url, pool_pre_ping=False, isolation_level="AUTOCOMMIT")
        return self._quick

    @contextmanager
    def session(self, commit: bool = True) -> Iterator[Session]:
        """A session that commits on success (or, with commit=False, rolls
        back: a dry run) and rolls back on any error."""
        session = self.session_factory()
        try:
            yield session
            if commit:
                session.commit()
            else:
                session.rollback()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
        if self._quick is not None:
            self._quick.dispose()


def retry_on_disconnect(write: Callable[[], T]) -> T:
    """`write`, tried a second time if the first found its connection dead
    (a database restart): the pool has thrown the dead connections away by then."""
    try:
        return write()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        return write()
