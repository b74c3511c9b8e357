"""Which alerts an import owes a notice: a release month that meets the
condition, once; a revised older month only to alerts that asked for
revisions; nothing for the first backfill or a re-import. And the alert's
fields as a button or a form carries them, checked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.announcements.alerts import AlertBook, AlertError, AlertSpec
from bot.announcements.drafting import import_releases
from bot.catalog import speaker
from bot.config import Settings
from bot.data.db import Database
from bot.data.models import AlertNotice
from bot.data.store import IndicatorStore
from tests.helpers import SAMPLE_DIR


def owed(database: Database) -> list[tuple[int, str]]:
    with database.session() as session:
        return sorted((notice.alert_id, notice.event_key) for notice in session.scalars(select(AlertNotice)))


def test_a_release_owes_each_alert_it_meets_once_and_revisions_only_when_asked(
    database: Database, settings: Settings
) -> None:
    import_releases(database, [SAMPLE_DIR / "indicators.csv"], settings)  # the backfill: history, owes nothing
    book = AlertBook(database)
    # MPI total: 2026-09 revised from 100.62 to 101.00 by the next release, which brings 2026-10 at 101.48.
    above = AlertSpec("MPI", "TOTAL", "level", "above", Decimal("100.90"))
    below = AlertSpec("MPI", "TOTAL", "level", "below", Decimal("101.20"))
    released, _ = book.add("email", "a@example.org", above, "th")
    with_revisions, _ = book.add("email", "b@example.org", AlertSpec(**{**above.__dict__, "on_revisions": True}), "en")
    revision_only, _ = book.add("line", "U1", AlertSpec(**{**below.__dict__, "on_revisions": True}), "th")
    never, _ = book.add("line", "U2", below, "th")
    assert owed(database) == []

    import_releases(database, [SAMPLE_DIR / "next-release.csv"], settings)
    key = [
        name for name in (f"2026-09:r{number}" for number in range(1, 10)) if (revision_only, name) in owed(database)
    ]
    assert len(key) == 1
    assert owed(database) == sorted(
        [(released, "2026-10"), (with_revisions, "2026-10"), (with_revisions, key[0]), (revision_only, key[0])]
    )
    assert never not in {alert for alert, _ in owed(database)}

    import_releases(database, [SAMPLE_DIR / "next-release.csv"], settings)  # the same file again: nothing more
    assert len(owed(database)) == 4


def test_an_alert_from_a_button_or_a_form_is_checked(database: Database, settings: Settings) -> None:
    import_releases(database, [SAMPLE_DIR / "indicators.csv"], settings)
    held = IndicatorStore(database).snapshot()
    fields = {"indicator": "CAPU", "sector": "TOTAL", "measure": "change", "direction": "below", "threshold": "-2"}
    spec = AlertSpec.read(fields, held)
    assert spec == AlertSpec("CAPU", "TOTAL", "change", "below", Decimal("-2.00"), "yoy")
    assert AlertSpec.read(spec.fields(), held) == spec
    assert spec.describe(speaker("en"), held).endswith("falls more than 2 points on the same month a year before")
    assert "ลดลงเกิน 2 จุด" in spec.describe(speaker("th"), held)
    for wrong, reason in [
        ({**fields, "indicator": "GDP"}, "indicator"),
        ({**fields, "sector": "99"}, "sector"),
        ({**fields, "measure": "ratio"}, "condition"),
        ({**fields, "threshold": "NaN"}, "threshold"),
        ({**fields, "threshold": "1e9"}, "threshold"),
    ]:
        with pytest.raises(AlertError) as refused:
            AlertSpec.read(wrong, held)
        assert refused.value.reason == reason


def test_an_address_holds_at_most_ten_alerts(database: Database) -> None:
    book = AlertBook(database)
    for number in range(10):
        book.add("line", "U1", AlertSpec("MPI", "TOTAL", "level", "above", Decimal(100 + number)), "th")
    with pytest.raises(AlertError, match="at most 10"):
        book.add("line", "U1", AlertSpec("MPI", "TOTAL", "level", "above", Decimal(200)), "th")
    assert book.remove("line", "U1") == 10
