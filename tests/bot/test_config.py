from __future__ import annotations

from pathlib import Path

import pytest

from bot import create_app
from bot.config import DEFAULT_DATABASE_URL, ConfigError, Settings


def test_defaults_run_without_any_configuration() -> None:
    settings = Settings.from_env(environ={}, env_file=None)
    assert settings.DATABASE_URL == DEFAULT_DATABASE_URL
    assert DEFAULT_DATABASE_URL.startswith("sqlite:///")
    assert "/instance/" in DEFAULT_DATABASE_URL
    assert settings.LINE_API_BASE_URL == "https://api.line.me"
    assert settings.TZ_NAME == "Asia/Bangkok"
    settings.check()


def test_environment_overrides_dotenv_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("LINE_CHANNEL_SECRET=from-file\nTZ_NAME=UTC\n", encoding="utf-8")
    settings = Settings.from_env(environ={"TZ_NAME": "Asia/Tokyo"}, env_file=env_file)
    assert settings.LINE_CHANNEL_SECRET.get_secret_value() == "from-file"
    assert settings.TZ_NAME == "Asia/Tokyo"


PRODUCTION_ENVIRON = {
    "APP_ENV": "production",
    "LINE_CHANNEL_SECRET": "s3cret",
    "LINE_CHANNEL_ACCESS_TOKEN": "t0ken",
    "PUBLIC_BASE_URL": "https://bot.example.org",
    "SECRET_KEY": "Vq3-w9Zr_p1Lx7Nc2Tb8Hy4Md6Ks0Ga5Je",
}


@pytest.mark.parametrize(
    "missing", ["LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "PUBLIC_BASE_URL", "SECRET_KEY"]
)
def test_production_without_a_secret_fails_at_start_naming_it(missing: str) -> None:
    environ = dict(PRODUCTION_ENVIRON)
    environ[missing] = ""
    settings = Settings.from_env(environ=environ, env_file=None)
    with pytest.raises(ConfigError, match=missing):
        create_app(settings)


def test_bad_time_zone_is_refused() -> None:
    with pytest.raises(ConfigError, match="TZ_NAME"):
        Settings.from_env(environ={"TZ_NAME": "Mars/Olympus"}, env_file=None).check()


def test_redacted_settings_hide_secrets() -> None:
    settings = Settings.from_env(
        environ={"LINE_CHANNEL_SECRET": "s3cret", "LINE_CHANNEL_ACCESS_TOKEN": "t0ken"}, env_file=None
    )
    shown = str(settings.redacted())
    assert "s3cret" not in shown
    assert "t0ken" not in shown
    assert settings.redacted()["LINE_CHANNEL_SECRET"] == "(set)"


@pytest.mark.parametrize("weak", ["dev-only-secret-key", "short-secret", "a" * 64, "ab" * 40])
def test_production_refuses_the_default_or_a_weak_secret_key(weak: str) -> None:
    """The attack: with the public default key anyone can sign a session
    cookie naming an administrator. Production must not start on it."""
    settings = Settings.from_env(environ={**PRODUCTION_ENVIRON, "SECRET_KEY": weak}, env_file=None)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(settings)


def test_a_fresh_production_start_without_secret_key_exits_naming_it(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    environ = {**os.environ, **PRODUCTION_ENVIRON, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    environ.pop("SECRET_KEY")
    finished = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--port", "0"],
        env=environ,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode != 0
    assert "SECRET_KEY is not set" in finished.stderr


def test_secrets_stay_hidden_wherever_settings_are_printed() -> None:
    settings = Settings.from_env(
        environ={"SECRET_KEY": "k3y-value", "METRICS_TOKEN": "m3trics", "LINE_CHANNEL_SECRET": "s3cret"},
        env_file=None,
        LINE_CHANNEL_ACCESS_TOKEN="t0ken",
    )
    for shown in (repr(settings), str(settings), f"{settings.SECRET_KEY}", str(settings.model_dump())):
        for secret in ("k3y-value", "m3trics", "s3cret", "t0ken"):
            assert secret not in shown
    assert settings.value("LINE_CHANNEL_ACCESS_TOKEN") == "t0ken"  # what the LINE channel is given
    assert settings.line_configured


@pytest.mark.parametrize(
    ("name", "value"), [("WORKER_THREADS", "four"), ("STAFF_REQUIRE_MFA", "maybe"), ("RETRY_FIRST_SECONDS", "5s")]
)
def test_a_value_of_the_wrong_type_is_refused_naming_its_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env(environ={name: value}, env_file=None)
    with pytest.raises(ConfigError, match=name):
        Settings().with_overrides(**{name: value})


def test_text_of_the_environment_becomes_each_settings_type() -> None:
    settings = Settings.from_env(
        environ={"WORKER_THREADS": "2", "STAFF_REQUIRE_MFA": "yes", "RETRY_FIRST_SECONDS": "0.5", "SQL_ECHO": "off"},
        env_file=None,
    )
    assert (settings.WORKER_THREADS, settings.STAFF_REQUIRE_MFA, settings.RETRY_FIRST_SECONDS) == (2, True, 0.5)
    assert settings.SQL_ECHO is False
