"""Configuration from environment variables and an optional `.env` file.

Every setting has an embedded default so `python -m bot serve` works on a
fresh machine; production mode (`APP_ENV=production`) refuses to start
without the secrets it needs, naming the missing variable. The settings of
outgoing channels are not listed here: each channel declares its own
(`publishers.base.Setting`), and they are read by the names it declares.

`Settings` is a pydantic-settings model: pydantic turns the text of the
environment into each field's type and names the variable when it cannot,
and secrets are `SecretStr`, shown as `**********` by repr, str and logs
until `.get_secret_value()` is asked for. `from_env` gathers `.env`, the
environment (or a mapping a test passes) and overrides into one mapping first,
so a test's settings never pick up the developer's environment."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from publishers.registry import channel_classes, declared_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
SAMPLE_DATA_DIR = PROJECT_ROOT / "data" / "sample"
DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'oie-bot.sqlite3'}"
LINE_API_DEFAULT_BASE_URL = "https://api.line.me"
LOCAL_BASE_URL = "http://127.0.0.1:8000"

# Settings that must be present before a production service accepts traffic.
PRODUCTION_REQUIRED = ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "PUBLIC_BASE_URL")
DEV_SECRET_KEY = "dev-only-secret-key"
# Anyone who knows the key can sign a session or a CSRF token: production needs
# a long random one (`python -c "import secrets; print(secrets.token_urlsafe(48))"`).
MIN_SECRET_KEY_LENGTH = 32


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def redacted_url(url: str) -> str:
    """An address as staff and logs may see it: no user name or password, no
    query values (portals take access keys there)."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    query = urlencode([(name, "***") for name, _ in parse_qsl(parts.query, keep_blank_values=True)], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def secret_settings() -> frozenset[str]:
    """Never printed, logged or shown in error messages."""
    declared = {name for name, setting in declared_settings().items() if setting.secret}
    return frozenset({"LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "SECRET_KEY", "METRICS_TOKEN", *declared})


class ConfigError(RuntimeError):
    """The configuration cannot run the service; the message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, extra="forbid", case_sensitive=True, validate_default=True)

    APP_ENV: str = "development"
    DATABASE_URL: str = DEFAULT_DATABASE_URL
    LINE_CHANNEL_SECRET: SecretStr = SecretStr("")
    LINE_CHANNEL_ACCESS_TOKEN: SecretStr = SecretStr("")
    LINE_API_BASE_URL: str = LINE_API_DEFAULT_BASE_URL
    # LINE's host for uploads (rich-menu images).
    LINE_DATA_API_BASE_URL: str = "https://api-data.line.me"
    # Where LINE fetches chart images from; empty means the local serve address.
    PUBLIC_BASE_URL: str = ""
    TZ_NAME: str = "Asia/Bangkok"
    CHARTS_DIR: str = str(INSTANCE_DIR / "charts")
    # Images staff upload for announcements, served at /media/.
    MEDIA_DIR: str = str(INSTANCE_DIR / "media")
    # Threads answering webhook events from the inbox, in each process that runs the pool.
    LINE_EVENT_WORKERS: int = 4
    # Does the web process answer events itself? "auto": yes, except in production,
    # where `python -m bot worker` does it and the web process only acknowledges.
    ANSWER_EVENTS_IN_WEB: str = "auto"
    # How long a process may hold an event before another takes it over.
    INBOX_LEASE_SECONDS: int = 30
    # A follow-up ("แล้วเดือนก่อนล่ะ") completes the chat's last question if it came within this long.
    CONTEXT_IDLE_MINUTES: int = 10
    # Questions are kept with who asked them this long, then anonymized (a scheduler job).
    CONVERSATION_RETENTION_DAYS: int = 180
    # In groups and rooms the bot answers when mentioned or when a message starts with one of these.
    GROUP_KEYWORDS: str = "สศอ,oie,บอท,bot"
    # Where release files are fetched from, every RELEASE_SOURCE_POLL_MINUTES: files' URLs
    # (comma-separated) and datasets of a CKAN portal (its address, and dataset names).
    RELEASE_SOURCE_URLS: str = ""
    CKAN_PORTAL_URL: str = ""
    CKAN_DATASETS: str = ""
    RELEASE_SOURCE_POLL_MINUTES: int = 60
    # Hosts the service may fetch from although they are not on the public Internet (an
    # intranet portal; comma-separated names), and a CA file for their certificates.
    FETCH_ALLOWED_HOSTS: str = ""
    FETCH_CA_BUNDLE: str = ""
    # The LINE account's basic ID ("@oie…"): the public site's add-friend link and QR code.
    LINE_BASIC_ID: str = ""
    # The open data API's limit per client, and where counts are kept (empty: the database).
    API_RATE_LIMIT: str = "120 per minute;3000 per hour"
    # Charts a client may have drawn (images already drawn are free).
    CHART_RENDER_RATE_LIMIT: str = "30 per minute;300 per hour"
    # E-mail sign-ups from the public site: per client, and confirmation e-mails per address.
    SIGNUP_RATE_LIMIT: str = "10 per hour"
    SIGNUP_ADDRESS_RATE_LIMIT: str = "3 per day"
    RATE_LIMIT_STORAGE_URI: str = ""
    # Announcements
    ANNOUNCEMENT_REQUIRE_APPROVAL: bool = True
    RELEASE_SEND_TIME: str = "10:00"  # local time (TZ_NAME) on the next working day
    RELEASE_AUDIENCE: str = "topics"  # "topics": subscribers; "all": every friend (broadcast)
    ANNOUNCEMENT_CHANNELS: str = ""  # comma-separated; empty: line when configured, else console
    # Skipped like weekends: Thailand's fixed-date holidays (data/working_days.py) and HOLIDAYS,
    HOLIDAYS: str = ""  # the lunar and special ones the cabinet announces, comma-separated YYYY-MM-DD
    THAI_PUBLIC_HOLIDAYS: bool = True
    # "Send now" goes out this long after it is confirmed: the time to stop a mistake.
    SEND_NOW_DELAY_SECONDS: int = 120
    WATCH_DIR: str = str(INSTANCE_DIR / "incoming")
    WORKER_LEASE_SECONDS: int = 60
    WORKER_THREADS: int = 4
    # How long a worker with nothing to send waits before looking again.
    WORKER_POLL_SECONDS: float = 1.0
    # Outbox requests claimed (and recorded) together by one sending thread.
    WORKER_BATCH: int = 8
    # Retryable failures (timeouts, 5xx, 429) are retried for this long, with
    # exponential backoff (from RETRY_FIRST_SECONDS) and jitter up to RETRY_CEILING_SECONDS between tries.
    RETRY_WINDOW_HOURS: int = 24
    RETRY_FIRST_SECONDS: float = 5.0
    RETRY_CEILING_SECONDS: int = 900
    # Signs staff sessions and e-mail unsubscribe links; set a long random value in production.
    SECRET_KEY: SecretStr = SecretStr(DEV_SECRET_KEY)
    # Staff console: sessions end after this much inactivity; uploads up to this size.
    STAFF_SESSION_IDLE_MINUTES: int = 30
    # ... and after this long since signing in, however busy.
    STAFF_SESSION_MAX_HOURS: int = 12
    # Administrators must sign in with an authenticator app's code as well (TOTP).
    STAFF_REQUIRE_MFA: bool = False
    MAX_UPLOAD_MB: int = 20
    # Reverse proxies in front of the service (their X-Forwarded-* headers are trusted).
    TRUSTED_PROXIES: int = 0
    # ... and their addresses or networks: forwarded headers from anyone else are dropped (gunicorn reads it too).
    FORWARDED_ALLOW_IPS: str = "127.0.0.1,::1"
    SQL_ECHO: bool = False
    # Bearer token Prometheus sends to /metrics; without one, only private addresses may scrape.
    METRICS_TOKEN: SecretStr = SecretStr("")
    # "json" (one object per line) or "text"; empty: json in production, text elsewhere.
    LOG_FORMAT: str = ""
    # The settings channels declare (X_CONSUMER_KEY, SMTP_HOST, …), by name, as text.
    # Held as secrets, whichever are: printing the settings shows none of them (`redacted` shows the others).
    channel_values: Mapping[str, SecretStr] = Field(default_factory=dict)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # `from_env` hands over the merged values: a bare Settings() is the embedded defaults.
        del settings_cls, env_settings, dotenv_settings, file_secret_settings  # pydantic passes each by name
        return (init_settings,)

    @property
    def group_keywords(self) -> tuple[str, ...]:
        return tuple(word.strip() for word in self.GROUP_KEYWORDS.split(",") if word.strip())

    @property
    def public_base_url(self) -> str:
        return (self.PUBLIC_BASE_URL or LOCAL_BASE_URL).rstrip("/")

    @property
    def release_source_urls(self) -> list[str]:
        return [url.strip() for url in self.RELEASE_SOURCE_URLS.split(",") if url.strip()]

    @property
    def ckan_datasets(self) -> list[str]:
        if not self.CKAN_PORTAL_URL.strip():
            return []
        return [name.strip() for name in self.CKAN_DATASETS.split(",") if name.strip()]

    @property
    def fetch_allowed_hosts(self) -> frozenset[str]:
        return frozenset(host.strip().lower() for host in self.FETCH_ALLOWED_HOSTS.split(",") if host.strip())

    @property
    def forwarded_networks(self) -> tuple[Network, ...] | None:
        """The proxies' networks; None for "*" (every client is a proxy: an explicit choice)."""
        items = [item.strip() for item in self.FORWARDED_ALLOW_IPS.split(",") if item.strip()]
        if "*" in items:
            return None
        return tuple(ipaddress.ip_network(item, strict=False) for item in items)

    @property
    def line_configured(self) -> bool:
        return bool(self.LINE_CHANNEL_SECRET.get_secret_value() and self.LINE_CHANNEL_ACCESS_TOKEN.get_secret_value())

    def channel_settings(self, channel: str) -> dict[str, str]:
        """A channel's settings by name: the ones set, then the defaults it declares."""
        publisher = channel_classes()[channel]
        values: dict[str, str] = {}
        for setting in publisher.settings:
            value = self.value(setting.name)
            values[setting.name] = value if value != "" else setting.default
        return values

    def value(self, name: str) -> str:
        """Any setting as text: a field of this class or a channel's."""
        if name in _core_fields():
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                return value.get_secret_value()
            return "" if value is None else str(value)
        found = self.channel_values.get(name)
        return found.get_secret_value() if found is not None else ""

    @property
    def configured_channels(self) -> dict[str, bool]:
        return {name: cls.configured(self.channel_settings(name)) for name, cls in channel_classes().items()}

    @property
    def announcement_channels(self) -> tuple[str, ...]:
        """Channels new announcements go to: as set, or every real channel
        with credentials, or the console when there is none."""
        if self.ANNOUNCEMENT_CHANNELS.strip():
            return tuple(c.strip() for c in self.ANNOUNCEMENT_CHANNELS.split(",") if c.strip())
        real = tuple(
            name
            for name, ready in self.configured_channels.items()
            if ready and channel_classes()[name].settings  # the console needs no settings: it is the fallback
        )
        return real or ("console",)

    @property
    def is_production(self) -> bool:
        return self.APP_ENV.lower() == "production"

    @property
    def answers_events_in_web(self) -> bool:
        choice = self.ANSWER_EVENTS_IN_WEB.strip().lower()
        return not self.is_production if choice in ("", "auto") else choice in ("1", "true", "yes", "on")

    @property
    def json_logs(self) -> bool:
        return self.LOG_FORMAT.lower() == "json" if self.LOG_FORMAT else self.is_production

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
        given = {name: values[name] for name in _core_fields() if values.get(name, "") != ""}
        channel_values = {name: values[name] for name in declared_settings() if values.get(name, "") != ""}
        return _validated(given, channel_values).with_overrides(**overrides)

    def with_overrides(self, **overrides: Any) -> Settings:
        """These settings with some changed: fields of this class, or any
        setting a channel declares."""
        known = _core_fields()
        unknown = set(overrides) - set(known) - set(declared_settings())
        if unknown:
            raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
        channel_values = {name: value.get_secret_value() for name, value in self.channel_values.items()}
        for name, value in overrides.items():
            if name not in known:
                channel_values[name] = _as_text(value)
        core = {name: getattr(self, name) for name in known} | {
            name: value for name, value in overrides.items() if name in known
        }
        return _validated(core, channel_values)

    def check(self) -> None:
        """Refuse settings the service cannot run with (ConfigError names the variable)."""
        if self.is_production:
            for name in PRODUCTION_REQUIRED:
                if not self.value(name):
                    raise ConfigError(
                        f"{name} is not set: production mode (APP_ENV=production) needs it. "
                        f"Set it in the environment or in .env."
                    )
        if self.is_production:
            self._validate_secret_key()
        if self.is_production and not self.PUBLIC_BASE_URL.startswith("https://"):
            raise ConfigError(
                "PUBLIC_BASE_URL must be an https:// address in production: LINE loads images only over HTTPS"
            )
        if self.RELEASE_AUDIENCE not in ("topics", "all"):
            raise ConfigError("RELEASE_AUDIENCE must be 'topics' (subscribers) or 'all' (every friend)")
        self._validate_channels()
        if not re.fullmatch(r"\d{1,2}:\d{2}", self.RELEASE_SEND_TIME):
            raise ConfigError("RELEASE_SEND_TIME must look like 10:00")
        if not self.DATABASE_URL:
            raise ConfigError("DATABASE_URL is empty")
        try:
            self.forwarded_networks  # noqa: B018  (parsed to be checked)
        except ValueError as error:
            raise ConfigError(f"FORWARDED_ALLOW_IPS: {error}") from None
        if self.LOG_FORMAT.lower() not in ("", "json", "text"):
            raise ConfigError("LOG_FORMAT must be 'json' or 'text'")
        if self.ANSWER_EVENTS_IN_WEB.strip().lower() not in (
            "",
            "auto",
            "1",
            "0",
            "true",
            "false",
            "yes",
            "no",
            "on",
            "off",
        ):
            raise ConfigError("ANSWER_EVENTS_IN_WEB must be auto, true or false")
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(self.TZ_NAME)
        except Exception as error:  # zoneinfo raises several types for bad keys
            raise ConfigError(f"TZ_NAME={self.TZ_NAME!r} is not a known time zone") from error

    def _validate_secret_key(self) -> None:
        key = self.SECRET_KEY.get_secret_value()
        if not key or key == DEV_SECRET_KEY:
            raise ConfigError(
                "SECRET_KEY is not set: production mode (APP_ENV=production) needs a long random value "
                "to sign staff sessions and forms. Generate one with "
                '`python -c "import secrets; print(secrets.token_urlsafe(48))"` and set it in the environment or .env.'
            )
        if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 10:
            raise ConfigError(
                f"SECRET_KEY is too weak: production needs at least {MIN_SECRET_KEY_LENGTH} random characters."
            )

    def _validate_channels(self) -> None:
        classes = channel_classes()
        for channel in self.announcement_channels:
            if channel not in classes:
                raise ConfigError(f"ANNOUNCEMENT_CHANNELS: unknown channel {channel!r} ({', '.join(classes)})")
            if not self.configured_channels[channel]:
                needs = [setting.name for setting in classes[channel].settings if setting.required]
                listed = ", ".join(needs[:-1]) + " and " + needs[-1] if len(needs) > 1 else needs[0]
                raise ConfigError(f"ANNOUNCEMENT_CHANNELS includes {channel}, which needs {listed}")

    def redacted(self) -> dict[str, Any]:
        """The settings as a dict fit for logs: secrets reduced to set/unset."""
        secrets = secret_settings()
        names = [*_core_fields(), *declared_settings()]
        shown: dict[str, Any] = {}
        for name in names:
            if name in secrets:
                shown[name] = "(set)" if self.value(name) else "(unset)"
            else:
                shown[name] = getattr(self, name) if name in _core_fields() else self.value(name)
        # Addresses may carry access keys.
        shown["RELEASE_SOURCE_URLS"] = ",".join(redacted_url(url) for url in self.release_source_urls)
        shown["CKAN_PORTAL_URL"] = redacted_url(self.CKAN_PORTAL_URL) if self.CKAN_PORTAL_URL else ""
        return shown


@cache
def _core_fields() -> tuple[str, ...]:
    return tuple(name for name in Settings.model_fields if name != "channel_values")


def _validated(values: Mapping[str, Any], channel_values: Mapping[str, str]) -> Settings:
    """Settings from these values, or a ConfigError naming each variable that cannot be read."""
    try:
        # A name both a field and a channel's setting (LINE's secret and token) is the field alone.
        secrets = {name: SecretStr(value) for name, value in channel_values.items() if name not in values}
        return Settings(**values, channel_values=secrets)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, item['loc']))}: {item['msg']}" for item in error.errors())
        raise ConfigError(problems) from None


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    return str(value)
