"""Schema migrations (Alembic, run programmatically) and reference seeding."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from bot.data.db import Database
from bot.data.reference import seed_reference_data

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


class SchemaNotCurrentError(RuntimeError):
    """The database is not at the newest migration: `python -m bot init-db` brings it there."""


def require_current_schema(database: Database) -> None:
    """Migrations run by `init-db` (and the local `serve`) only, never as a side effect of
    another command: several processes migrating at once, or a command against a database
    of an older release, must not change its schema unasked."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with database.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current != head:
        where = "an empty database" if current is None else f"revision {current}"
        raise SchemaNotCurrentError(f"the database schema is {where}, not {head}: run `python -m bot init-db` first")


def init_database(database: Database) -> None:
    """Bring the schema to the newest revision and seed the reference rows.
    Idempotent: running it on an up-to-date database changes nothing."""
    upgrade_schema(database.engine)
    with database.session() as session:
        seed_reference_data(session)
