"""Alembic environment. The application passes its own connection through
`config.attributes["connection"]`; the `alembic` command line falls back to
DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from bot.config import Settings
from bot.data import models  # noqa: F401  (registers the tables on Base.metadata)
from bot.data.db import Base, build_engine

target_metadata = Base.metadata


def run_with_connection(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_with_connection(connection)
        return
    engine = build_engine(Settings.from_env().DATABASE_URL)
    with engine.connect() as own_connection:
        run_with_connection(own_connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run `python -m bot init-db`")
run_online()
