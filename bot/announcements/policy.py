"""The configuration switches that govern announcements, and times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.announcements.states import Audience
from bot.config import Settings
from bot.data.db import as_utc
from bot.data.working_days import WorkingDays

__all__ = ["AnnouncementPolicy", "as_utc"]


@dataclass(frozen=True)
class AnnouncementPolicy:
    require_approval: bool
    send_time: time
    time_zone: ZoneInfo
    release_audience: Audience
    channels: tuple[str, ...]
    working_days: WorkingDays
    public_base_url: str
    send_now_delay: timedelta = timedelta(0)

    @classmethod
    def from_settings(cls, settings: Settings) -> AnnouncementPolicy:
        hour, _, minute = settings.RELEASE_SEND_TIME.partition(":")
        return cls(
            require_approval=settings.ANNOUNCEMENT_REQUIRE_APPROVAL,
            send_time=time(int(hour), int(minute or 0)),
            time_zone=ZoneInfo(settings.TZ_NAME),
            release_audience=Audience(settings.RELEASE_AUDIENCE),
            channels=settings.announcement_channels,
            working_days=WorkingDays.from_text(settings.HOLIDAYS, settings.THAI_PUBLIC_HOLIDAYS),
            public_base_url=settings.public_base_url,
            send_now_delay=timedelta(seconds=max(0, settings.SEND_NOW_DELAY_SECONDS)),
        )

    def send_now_time(self, now: datetime) -> datetime:
        """When "send now" sends: after a short window in which it can still be stopped."""
        return now + self.send_now_delay

    def default_send_time(self, now: datetime) -> datetime:
        """The send time on the next working day (weekends and holidays skipped)."""
        day = self.working_days.on_or_after(now.astimezone(self.time_zone).date() + timedelta(days=1))
        return datetime.combine(day, self.send_time, tzinfo=self.time_zone)
