"""Migrations build the schema from nothing, agree with the models, and the
reference data matches the sample set's sector list."""

from __future__ import annotations

import csv
import json
from decimal import Decimal

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text

from bot.announcements.subscriptions import SubscriberList
from bot.data.db import Base, Database
from bot.data.migrate import init_database, upgrade_schema
from bot.data.models import Announcement, Indicator, Sector, utcnow
from bot.data.store import IndicatorStore
from nlp.vocabulary import SECTORS
from tests.helpers import SAMPLE_DIR


def test_migrations_match_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_init_is_idempotent(database: Database) -> None:
    init_database(database)
    init_database(database)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Indicator)) == 4
        assert session.scalar(select(func.count()).select_from(Sector)) == 23


def test_reference_data_is_seeded(store: IndicatorStore) -> None:
    indicators = {row.code: row for row in store.indicators()}
    assert list(indicators) == ["MPI", "SHIPMENT", "INVENTORY", "CAPU"]
    assert indicators["MPI"].name_th == "ดัชนีผลผลิตอุตสาหกรรม"
    assert indicators["CAPU"].change_kind == "points"
    assert all(row.definition_th and row.definition_en for row in indicators.values())
    sectors = store.sectors()
    assert sectors[0].code == "TOTAL"
    assert sectors[0].is_total
    divisions = [row for row in sectors if not row.is_total]
    assert len(divisions) == 22
    assert "ยานยนต์" in next(row for row in divisions if row.code == "29").aliases


def test_sector_names_and_weights_match_the_sample_sector_list(store: IndicatorStore) -> None:
    with (SAMPLE_DIR / "sectors.csv").open(encoding="utf-8") as handle:
        published = {row["tsic"]: row for row in csv.DictReader(handle)}
    seeded = {row.code: row for row in store.sectors() if not row.is_total}
    assert set(seeded) == set(published) == {sector.code for sector in SECTORS}
    for code, row in published.items():
        assert seeded[code].name_th == row["name_th"]
        assert seeded[code].name_en == row["name_en"]
        assert seeded[code].weight == Decimal(row["weight"])


def test_migration_0005_keeps_subscribers_and_cards(database_url: str) -> None:
    """Data written by the schema before the redesign survives the upgrade."""
    database = Database(database_url)
    try:
        upgrade_schema(database.engine, "0004")
        card = {"type": "bubble", "hero": {"type": "image", "url": "https://bot.example/charts/x.png"}}
        with database.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO line_users (user_id, following, language, first_seen_at, last_seen_at) "
                    "VALUES ('U1', true, 'th', :now, :now)"
                ),
                {"now": utcnow()},
            )
            connection.execute(
                text("INSERT INTO subscriptions (user_id, topic, created_at) VALUES ('U1', 'sector:29', :now)"),
                {"now": utcnow()},
            )
            connection.execute(
                text(
                    "INSERT INTO email_subscriptions (email, topic, created_at) VALUES ('a@example.org', 'all', :now)"
                ),
                {"now": utcnow()},
            )
            connection.execute(
                text(
                    "INSERT INTO announcements (kind, title, text, line_flex, versions, edited_versions, audience, "
                    "topics, channels, state, created_by, created_at, updated_at) VALUES ('release', 't', 'x', "
                    ":card, :versions, '[]', 'topics', '[]', '[\"line\"]', 'draft', 'system', :now, :now)"
                ),
                {"card": json.dumps(card), "versions": json.dumps({"x": ["x"]}), "now": utcnow()},
            )
        upgrade_schema(database.engine)
        assert [str(t) for t in SubscriberList.line(database).topics("U1")] == ["sector:29"]
        assert [(a, str(t)) for a, t in SubscriberList.email(database).entries()] == [("a@example.org", "all")]
        with database.session() as session:
            announcement = session.scalars(select(Announcement)).one()
            assert announcement.versions == {"x": ["x"], "line": {"flex": card}}
    finally:
        database.dispose()
