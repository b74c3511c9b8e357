"""Schema migrations (Alembic, run programmatically) and reference seeding."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
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


def init_database(database: Database) -> None:
    """Bring the schema to the newest revision and seed the reference rows.
    Idempotent: running it on an up-to-date database changes nothing."""
    upgrade_schema(database.engine)
    with database.session() as session:
        seed_reference_data(session)
