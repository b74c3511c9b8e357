"""Configuration from environment variables and an optional `.env` file.

Every setting has an embedded default so `python -m bot serve` works on a
fresh machine; production mode (`APP_ENV=production`) refuses to start
without the secrets it needs, naming the missing variable."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
SAMPLE_DATA_DIR = PROJECT_ROOT / "data" / "sample"
DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'oie-bot.sqlite3'}"
LINE_API_DEFAULT_BASE_URL = "https://api.line.me"
LOCAL_BASE_URL = "http://127.0.0.1:8000"

# Settings that must be present before a production service accepts traffic.
PRODUCTION_REQUIRED = ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "PUBLIC_BASE_URL")
# Never printed, logged or shown in error messages.
SECRET_SETTINGS = frozenset({"LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN"})


KNOWN_CHANNELS = ("line", "console")


class ConfigError(RuntimeError):
    """The configuration cannot run the service; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    APP_ENV: str = "development"
    DATABASE_URL: str = DEFAULT_DATABASE_URL
    LINE_CHANNEL_SECRET: str = ""
    LINE_CHANNEL_ACCESS_TOKEN: str = ""
    LINE_API_BASE_URL: str = LINE_API_DEFAULT_BASE_URL
    # Where LINE fetches chart images from; empty means the local serve address.
    PUBLIC_BASE_URL: str = ""
    TZ_NAME: str = "Asia/Bangkok"
    CHARTS_DIR: str = str(INSTANCE_DIR / "charts")
    LINE_EVENT_WORKERS: int = 4
    # Announcements
    ANNOUNCEMENT_REQUIRE_APPROVAL: bool = True
    RELEASE_SEND_TIME: str = "10:00"  # local time (TZ_NAME) on the next working day
    RELEASE_AUDIENCE: str = "topics"  # "topics": subscribers; "all": every friend (broadcast)
    ANNOUNCEMENT_CHANNELS: str = ""  # comma-separated; empty: line when configured, else console
    HOLIDAYS: str = ""  # comma-separated YYYY-MM-DD dates skipped like weekends
    WATCH_DIR: str = str(INSTANCE_DIR / "incoming")
    WORKER_LEASE_SECONDS: int = 60
    WORKER_THREADS: int = 4
    SQL_ECHO: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def public_base_url(self) -> str:
        return (self.PUBLIC_BASE_URL or LOCAL_BASE_URL).rstrip("/")

    @property
    def line_configured(self) -> bool:
        return bool(self.LINE_CHANNEL_SECRET and self.LINE_CHANNEL_ACCESS_TOKEN)

    @property
    def announcement_channels(self) -> tuple[str, ...]:
        if self.ANNOUNCEMENT_CHANNELS.strip():
            return tuple(c.strip() for c in self.ANNOUNCEMENT_CHANNELS.split(",") if c.strip())
        return ("line",) if self.line_configured else ("console",)

    @property
    def is_production(self) -> bool:
        return self.APP_ENV.lower() == "production"

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        env_file: Path | None = PROJECT_ROOT / ".env",
        **overrides: Any,
    ) -> Settings:
        """Defaults, then `.env`, then the process environment, then overrides."""
        values: dict[str, str] = {}
        if env_file is not None and env_file.is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if environ is None else environ)
        known = {f.name: f for f in fields(cls) if f.name != "extra"}
        kwargs: dict[str, Any] = {}
        for name, spec in known.items():
            if name in values and values[name] != "":
                kwargs[name] = _coerce(values[name], spec.default)
        kwargs.update({k: v for k, v in overrides.items() if k in known})
        extra = {k: v for k, v in overrides.items() if k not in known}
        return cls(**kwargs, extra=extra)

    def with_overrides(self, **overrides: Any) -> Settings:
        return replace(self, **overrides)

    def validate(self) -> None:
        if self.is_production:
            for name in PRODUCTION_REQUIRED:
                if not getattr(self, name):
                    raise ConfigError(
                        f"{name} is not set: production mode (APP_ENV=production) needs it. "
                        f"Set it in the environment or in .env."
                    )
        if self.is_production and not self.PUBLIC_BASE_URL.startswith("https://"):
            raise ConfigError(
                "PUBLIC_BASE_URL must be an https:// address in production: LINE loads images only over HTTPS"
            )
        if self.RELEASE_AUDIENCE not in ("topics", "all"):
            raise ConfigError("RELEASE_AUDIENCE must be 'topics' (subscribers) or 'all' (every friend)")
        for channel in self.announcement_channels:
            if channel not in KNOWN_CHANNELS:
                raise ConfigError(f"ANNOUNCEMENT_CHANNELS: unknown channel {channel!r} ({', '.join(KNOWN_CHANNELS)})")
        if "line" in self.announcement_channels and not self.line_configured:
            raise ConfigError("ANNOUNCEMENT_CHANNELS includes line but LINE_CHANNEL_ACCESS_TOKEN is not set")
        if not re.fullmatch(r"\d{1,2}:\d{2}", self.RELEASE_SEND_TIME):
            raise ConfigError("RELEASE_SEND_TIME must look like 10:00")
        if not self.DATABASE_URL:
            raise ConfigError("DATABASE_URL is empty")
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(self.TZ_NAME)
        except Exception as error:  # zoneinfo raises several types for bad keys
            raise ConfigError(f"TZ_NAME={self.TZ_NAME!r} is not a known time zone") from error

    def redacted(self) -> dict[str, Any]:
        """The settings as a dict fit for logs: secrets reduced to set/unset."""
        shown: dict[str, Any] = {}
        for spec in fields(self):
            if spec.name == "extra":
                continue
            value = getattr(self, spec.name)
            if spec.name in SECRET_SETTINGS:
                value = "(set)" if value else "(unset)"
            shown[spec.name] = value
        return shown


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    return raw
