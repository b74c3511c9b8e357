"""Release drafts from imports, staff announcements and their life cycle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.announcements.drafting import import_releases
from bot.announcements.policy import AnnouncementPolicy
from bot.announcements.rules import AnnouncementError
from bot.announcements.workflow import AnnouncementService
from bot.config import Settings
from bot.data.db import Database
from bot.data.models import Announcement
from tests.helpers import SAMPLE_DIR

BANGKOK = ZoneInfo("Asia/Bangkok")


def announcements(database: Database) -> list[Announcement]:
    with database.session() as session:
        return list(session.scalars(select(Announcement).order_by(Announcement.id)))


def test_release_drafts_only_for_a_new_month(database: Database, settings: Settings) -> None:
    _, drafted = import_releases(database, [SAMPLE_DIR / "indicators.csv"], settings)
    assert drafted == []  # a first import into an empty store is history, not news
    _, drafted = import_releases(database, [SAMPLE_DIR / "next-release.csv"], settings)
    assert len(drafted) == 1
    _, again = import_releases(database, [SAMPLE_DIR / "next-release.csv"], settings)
    assert again == []
    (draft,) = announcements(database)
    assert draft.kind == "release"
    assert draft.period == "2026-10"
    assert draft.state == "draft"
    assert "ตุลาคม 2569" in draft.text
    assert "ดัชนีผลผลิตอุตสาหกรรม (MPI) 101.48" in draft.text
    assert "ร้อยละ" in draft.text  # CAPU in percent, its change in points
    assert "จุด" in draft.text
    assert "ตัวเลขเบื้องต้น" in draft.text
    assert "ข้อมูลตัวอย่าง" in draft.text
    assert draft.image_url is not None
    assert "/charts/MPI_TOTAL_2024-11_2026-10_" in draft.image_url
    line_card = draft.versions["line"]["flex"]  # LINE's own version: a Flex card with the chart
    assert line_card is not None
    assert line_card["hero"]["url"] == draft.image_url
    (button,) = line_card["footer"]["contents"]  # the release's page, as the other channels link it
    assert button["action"] == {"type": "uri", "label": "อ่านฉบับเต็ม", "uri": draft.link_url}
    assert draft.link_url is not None
    assert draft.link_url.endswith("/releases/2026-10")


def test_saving_a_release_with_its_words_unchanged_keeps_its_line_card(database: Database, settings: Settings) -> None:
    """The edit form sends every field: only a real change of the words draws the card again."""
    import_releases(database, [SAMPLE_DIR / "indicators.csv"], settings)
    _, (release_id,) = import_releases(database, [SAMPLE_DIR / "next-release.csv"], settings)
    service = AnnouncementService(database, policy(settings))
    before = service.get(release_id)
    service.edit(
        release_id,
        text=before["text"],
        title=before["title"],
        link_url=before["link_url"],
        versions={"x": {"text": "MPI ต.ค. 69 อยู่ที่ 101.48"}},
        by="editor@oie.example",
    )
    after = service.get(release_id)
    assert after["versions"]["line"] == before["versions"]["line"]
    assert after["versions"]["line"]["flex"]["footer"]  # the card, with its link button


def test_revisions_alone_draft_nothing(database: Database, settings: Settings, tmp_path: Path) -> None:
    import_releases(database, [SAMPLE_DIR / "indicators.csv"], settings)
    revision = tmp_path / "revision.csv"
    revision.write_text(
        "indicator,tsic,year,month,value,preliminary\nMPI,TOTAL,2569,9,99.99,0\nCAPU,29,2569,8,50.00,1\n",
        encoding="utf-8",
    )
    (summary,), drafted = import_releases(database, [revision], settings)
    assert summary.total("revised") == 2
    assert drafted == []
    assert announcements(database) == []


def test_dry_run_drafts_nothing(database: Database, settings: Settings) -> None:
    import_releases(database, [SAMPLE_DIR / "indicators.csv"], settings)
    _, drafted = import_releases(database, [SAMPLE_DIR / "next-release.csv"], settings, dry_run=True)
    assert drafted == []
    assert announcements(database) == []


def policy(settings: Settings, **overrides: object) -> AnnouncementPolicy:
    return AnnouncementPolicy.from_settings(settings.with_overrides(**overrides))


def test_default_send_time_is_the_next_working_day(settings: Settings) -> None:
    rules = policy(settings, HOLIDAYS="2026-12-07")
    friday_evening = datetime(2026, 12, 4, 18, 0, tzinfo=BANGKOK)
    assert rules.default_send_time(friday_evening) == datetime(2026, 12, 8, 10, 0, tzinfo=BANGKOK)  # Mon is a holiday
    wednesday = datetime(2026, 11, 25, 9, 0, tzinfo=BANGKOK)
    assert rules.default_send_time(wednesday) == datetime(2026, 11, 26, 10, 0, tzinfo=BANGKOK)


def test_without_approval_a_release_is_scheduled_at_once(database: Database, settings: Settings) -> None:
    relaxed = settings.with_overrides(ANNOUNCEMENT_REQUIRE_APPROVAL=False)
    import_releases(database, [SAMPLE_DIR / "indicators.csv"], relaxed)
    import_releases(database, [SAMPLE_DIR / "next-release.csv"], relaxed)
    (draft,) = announcements(database)
    assert draft.state == "scheduled"
    assert draft.scheduled_at is not None
    local = draft.scheduled_at.replace(tzinfo=draft.scheduled_at.tzinfo or UTC).astimezone(BANGKOK)
    assert (local.hour, local.minute) == (10, 0)
    assert local.weekday() < 5


def test_life_cycle_of_a_staff_announcement(database: Database, settings: Settings) -> None:
    service = AnnouncementService(database, policy(settings))
    new_id = service.create(
        "สัมมนาเศรษฐกิจอุตสาหกรรม 5 ธ.ค.", link_url="https://oie.example/event", audience="topics", topics=["all"]
    )
    assert service.get(new_id)["state"] == "draft"
    with pytest.raises(AnnouncementError, match="needs approval"):
        service.schedule(new_id)
    service.edit(new_id, text="สัมมนาเศรษฐกิจอุตสาหกรรม 6 ธ.ค.")
    service.approve(new_id)
    with pytest.raises(AnnouncementError, match="only a draft"):
        service.approve(new_id)
    at = (datetime.now(BANGKOK) + timedelta(days=3)).replace(hour=9, minute=30, second=0, microsecond=0)
    assert service.schedule(new_id, at) == at.astimezone(UTC)
    with pytest.raises(AnnouncementError, match="has passed"):
        service.schedule(new_id, datetime.now(UTC) - timedelta(hours=1))
    service.edit(new_id, title="สัมมนา")  # still editable while scheduled
    service.cancel(new_id)
    item = service.get(new_id)
    assert item["state"] == "cancelled"
    assert {delivery["state"] for delivery in item["deliveries"]} == {"cancelled"}
    with pytest.raises(AnnouncementError, match="can no longer be edited"):
        service.edit(new_id, text="x")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": " "}, "needs text"),
        ({"text": "x", "audience": "topics"}, "at least one topic"),
        ({"text": "x", "audience": "topics", "topics": ["sector:99"]}, "unknown topic"),
        ({"text": "x", "audience": "everyone"}, "Choose who receives it"),
    ],
)
def test_bad_announcements_are_refused(
    database: Database, settings: Settings, kwargs: dict[str, object], message: str
) -> None:
    service = AnnouncementService(database, policy(settings))
    with pytest.raises(AnnouncementError, match=message):
        service.create(**kwargs)  # type: ignore[arg-type]


def test_no_edit_or_cancel_once_sending(database: Database, settings: Settings) -> None:
    service = AnnouncementService(database, policy(settings, ANNOUNCEMENT_REQUIRE_APPROVAL=False))
    new_id = service.create("ประกาศ")
    service.schedule(new_id, datetime.now(UTC) + timedelta(hours=1))
    with database.session() as session:
        announcement = session.get(Announcement, new_id)
        assert announcement is not None
        announcement.state = "sending"
    with pytest.raises(AnnouncementError, match="has not started sending"):
        service.cancel(new_id)
    with pytest.raises(AnnouncementError, match="no longer"):
        service.edit(new_id, text="x")


def test_channel_versions_are_drafted_and_editable(database: Database, settings: Settings) -> None:
    service = AnnouncementService(database, policy(settings))
    long_text = "ดัชนีผลผลิตอุตสาหกรรมเดือนตุลาคม 2569 เพิ่มขึ้น " * 12
    new_id = service.create(long_text, title="MPI ต.ค. 69", link_url="https://oie.example/r")
    versions = service.get(new_id)["versions"]
    assert len(versions["x"]) > 1  # a thread
    assert versions["x"][-1].endswith(f"({len(versions['x'])}/{len(versions['x'])})")
    assert versions["facebook"].endswith("https://oie.example/r")
    assert versions["email"] == {"subject": "MPI ต.ค. 69", "text": long_text.strip()}

    service.edit(new_id, versions={"x": {"text": "MPI ต.ค. 69 เพิ่มขึ้น +1.19% https://oie.example/r"}})
    service.edit(new_id, text="ข้อความใหม่")  # re-drafts the channels staff did not edit
    versions = service.get(new_id)["versions"]
    assert versions["x"] == ["MPI ต.ค. 69 เพิ่มขึ้น +1.19% https://oie.example/r"]
    assert versions["facebook"] == "ข้อความใหม่\nhttps://oie.example/r"
    assert versions["email"]["text"] == "ข้อความใหม่"
