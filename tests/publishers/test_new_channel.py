"""A new channel is one class: defined here, with no edit anywhere else, it
is configured from the environment, validated, drafted for, built by the
application, and an announcement is sent through it by the outbox."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar, Self

import pytest

from bot.announcements.outbox import Outbox
from bot.announcements.policy import AnnouncementPolicy
from bot.announcements.workflow import AnnouncementService
from bot.app import Services
from bot.config import ConfigError, Settings
from bot.data.db import Database
from bot.data.models import utcnow
from publishers.base import (
    AnnouncementContent,
    ChannelContext,
    Publisher,
    SendRequest,
    Setting,
    Version,
    unregister,
)


@pytest.fixture
def pigeon() -> Iterator[type[Publisher]]:
    class CarrierPigeon(Publisher):
        channel = "pigeon"
        label = "Carrier pigeon"
        settings = (Setting("PIGEON_LOFT", required=True), Setting("PIGEON_RING", secret=True))
        editable_fields = ("text",)
        idempotent = True
        delivered: ClassVar[list[tuple[str, str, str]]] = []

        def __init__(self, loft: str) -> None:
            self.loft = loft

        @classmethod
        def from_settings(cls, values: Mapping[str, str], context: ChannelContext) -> Self:
            return cls(values["PIGEON_LOFT"])

        @classmethod
        def draft_version(cls, content: AnnouncementContent) -> Version | None:
            return {"text": content.text.upper()}

        @classmethod
        def edit_version(cls, version: Version | None, field_name: str, value: str) -> Version:
            return {"text": value}

        def _send(self, request: SendRequest) -> list[str]:
            version = self.version_of(request.message) or {"text": request.message.text}
            self.delivered.append((self.loft, version["text"], request.idempotency_key))
            return [f"pigeon-{len(self.delivered)}"]

    yield CarrierPigeon
    unregister("pigeon")


def test_a_new_channel_is_one_class(pigeon: type[Publisher], database: Database, database_url: str) -> None:
    environ = {
        "DATABASE_URL": database_url,
        "ANNOUNCEMENT_CHANNELS": "pigeon",
        "PIGEON_LOFT": "rooftop",
        "PIGEON_RING": "ring-secret",
        "ANNOUNCEMENT_REQUIRE_APPROVAL": "false",
    }
    settings = Settings.from_env(environ=environ, env_file=None)
    settings.check()
    assert settings.configured_channels["pigeon"]
    assert settings.redacted()["PIGEON_RING"] == "(set)"  # its secret is known as secret

    services = Services(settings, database)
    assert "pigeon" in services.publishers
    announcements = AnnouncementService(database, AnnouncementPolicy.from_settings(settings))
    new_id = announcements.create("ประกาศทางนกพิราบ")
    assert announcements.get(new_id)["versions"]["pigeon"] == {"text": "ประกาศทางนกพิราบ"}
    announcements.edit(new_id, versions={"pigeon": {"text": "ข้อความสำหรับนกพิราบ"}})
    announcements.schedule(new_id, utcnow())
    assert Outbox(database).enqueue_due() == 1
    services.worker(threads=1).run(until_idle=True)

    (delivered,) = pigeon.delivered  # type: ignore[attr-defined]
    assert delivered[:2] == ("rooftop", "ข้อความสำหรับนกพิราบ")
    item = announcements.get(new_id)
    assert item["state"] == "sent"
    assert [(d["channel"], d["state"]) for d in item["deliveries"]] == [("pigeon", "sent")]


def test_a_new_channel_declares_what_it_needs(pigeon: type[Publisher]) -> None:
    settings = Settings.from_env(environ={"ANNOUNCEMENT_CHANNELS": "pigeon"}, env_file=None)
    with pytest.raises(ConfigError, match="ANNOUNCEMENT_CHANNELS includes pigeon, which needs PIGEON_LOFT"):
        settings.check()
