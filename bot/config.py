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
SECRET_SETTINGS = frozenset(
    {
        "LINE_CHANNEL_SECRET",
        "LINE_CHANNEL_ACCESS_TOKEN",
        "X_CONSUMER_KEY",
        "X_CONSUMER_SECRET",
        "X_ACCESS_TOKEN",
        "X_ACCESS_TOKEN_SECRET",
        "FACEBOOK_PAGE_ACCESS_TOKEN",
        "SMTP_PASSWORD",
        "SECRET_KEY",
    }
)


KNOWN_CHANNELS = ("line", "x", "facebook", "email", "console")


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
    # X (Twitter): OAuth 1.0a user context of the account that posts
    X_CONSUMER_KEY: str = ""
    X_CONSUMER_SECRET: str = ""
    X_ACCESS_TOKEN: str = ""
    X_ACCESS_TOKEN_SECRET: str = ""
    # Facebook Page
    FACEBOOK_PAGE_ID: str = ""
    FACEBOOK_PAGE_ACCESS_TOKEN: str = ""
    FACEBOOK_GRAPH_VERSION: str = "v21.0"
    # E-mail
    SMTP_HOST: str = ""
    SMTP_PORT: int = 587
    SMTP_USERNAME: str = ""
    SMTP_PASSWORD: str = ""
    SMTP_STARTTLS: bool = True
    SMTP_FROM: str = ""
    # Signs e-mail unsubscribe links; set a long random value in production.
    SECRET_KEY: str = "dev-only-secret-key"
    SQL_ECHO: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def public_base_url(self) -> str:
        return (self.PUBLIC_BASE_URL or LOCAL_BASE_URL).rstrip("/")

    @property
    def line_configured(self) -> bool:
        return bool(self.LINE_CHANNEL_SECRET and self.LINE_CHANNEL_ACCESS_TOKEN)

    @property
    def configured_channels(self) -> dict[str, bool]:
        return {
            "line": self.line_configured,
            "x": all((self.X_CONSUMER_KEY, self.X_CONSUMER_SECRET, self.X_ACCESS_TOKEN, self.X_ACCESS_TOKEN_SECRET)),
            "facebook": bool(self.FACEBOOK_PAGE_ID and self.FACEBOOK_PAGE_ACCESS_TOKEN),
            "email": bool(self.SMTP_HOST and self.SMTP_FROM),
            "console": True,
        }

    @property
    def announcement_channels(self) -> tuple[str, ...]:
        """Channels new announcements go to: as set, or every real channel
        with credentials, or the console when there is none."""
        if self.ANNOUNCEMENT_CHANNELS.strip():
            return tuple(c.strip() for c in self.ANNOUNCEMENT_CHANNELS.split(",") if c.strip())
        real = tuple(name for name, ready in self.configured_channels.items() if ready and name != "console")
        return real or ("console",)

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
        needs = {
            "line": "LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN",
            "x": "X_CONSUMER_KEY, X_CONSUMER_SECRET, X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET",
            "facebook": "FACEBOOK_PAGE_ID and FACEBOOK_PAGE_ACCESS_TOKEN",
            "email": "SMTP_HOST and SMTP_FROM",
        }
        for channel in self.announcement_channels:
            if channel in needs and not self.configured_channels[channel]:
                raise ConfigError(f"ANNOUNCEMENT_CHANNELS includes {channel}, which needs {needs[channel]}")
        if self.is_production and "email" in self.announcement_channels and self.SECRET_KEY == "dev-only-secret-key":
            raise ConfigError("SECRET_KEY is not set: production e-mail needs it to sign unsubscribe links")
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
