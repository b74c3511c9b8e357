"""Hostile and careless input (see the hostile-input issue): SQL errors
without their values, control characters never stored, webhook bodies nested
deeper than LINE sends, made-up chart keys, a bounded chart cache, and old
months filled in never announced as releases."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot import create_app
from bot.announcements.drafting import import_releases
from bot.announcements.subscriptions import SubscriberList
from bot.answers import Answerer
from bot.answers.charts import ChartCache
from bot.answers.model import ChartSpec
from bot.app import Services, services_of
from bot.chat.service import ChatService
from bot.chat.users import UserStore
from bot.config import Settings
from bot.data.db import Database
from bot.data.models import Announcement, ConversationTurn, LineUser
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files
from nlp.thaidate import YearMonth
from tests.fakes.line_events import payload, postback_event, text_event
from tests.helpers import PROJECT_ROOT, SAMPLE_DIR, event_pool, post_webhook

CANARY = "canary-7f3a9c"


def test_sql_errors_do_not_carry_their_values(database: Database) -> None:
    def add_twice() -> None:
        with database.session() as session:
            session.add_all([LineUser(user_id=f"U{CANARY}"), LineUser(user_id=f"U{CANARY}")])
            session.flush()

    with pytest.raises(IntegrityError) as raised:
        add_twice()
    assert "[SQL parameters hidden due to hide_parameters=True]" in str(raised.value)


def test_a_failed_conversation_log_logs_no_message_text(
    database: Database, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's own error text may quote a value ("Key (…)=(…) already exists")."""
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    service = ChatService(
        answerer=Answerer(IndicatorStore(database)), users=UserStore(database), charts=None,
        subscriptions=SubscriberList.line(database),
    )  # fmt: skip

    def failing(*args: object, **kwargs: object) -> None:
        raise IntegrityError(f"INSERT … {CANARY}", {"question": CANARY}, Exception(f"Key (q)=({CANARY})"))

    monkeypatch.setattr(service.users, "log_turn", failing)
    service.answer("U" + "3" * 32, f"MPI ล่าสุด {CANARY}")
    assert "could not write the conversation log (IntegrityError)" in caplog.text
    assert CANARY not in caplog.text


def test_control_characters_are_never_stored(database: Database) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    answer = Answerer(IndicatorStore(database)).answer("MPI\x00 ล่าสุด\x07")
    UserStore(database).log_turn("U" + "1" * 32, "MPI\x00 ล่าสุด\x07\nต่อ", answer, 5)
    with database.session() as session:
        stored = session.scalar(select(ConversationTurn.question))
    assert stored == "MPI ล่าสุด\nต่อ"


def test_a_webhook_nested_deeper_than_line_sends_is_refused_before_parsing(
    line_app: Flask, line_client: FlaskClient
) -> None:
    for body in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000):
        started = time.perf_counter()
        assert post_webhook(line_client, body) == 400
        assert time.perf_counter() - started < 2
    # Brackets inside a message's text are text, not nesting.
    text = "[" * 4000
    assert post_webhook(line_client, payload(text_event(text))) == 200


def test_made_up_chart_keys_draw_nothing(database: Database, tmp_path: Path, client: FlaskClient) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    cache = ChartCache(IndicatorStore(database), tmp_path / "charts", "http://testserver")
    real = ChartSpec("MPI", "TOTAL", YearMonth(2025, 1), YearMonth(2025, 12)).key(IndicatorStore(database).snapshot())
    forged = real[:-12] + "0" * 12
    assert cache.file(forged, preview=False) is None
    assert not (tmp_path / "charts").exists() or not list((tmp_path / "charts").iterdir())
    assert client.get(f"/charts/{forged}.png").status_code == 404
    assert client.get("/charts/MPI_TOTAL_2025-01_2026-13_000000000000.png").status_code == 404
    assert cache.file(real, preview=False) is not None


def test_drawing_charts_is_rate_limited_per_client_but_drawn_images_are_free(
    settings: Settings, database: Database
) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    app = create_app(settings.with_overrides(CHART_RENDER_RATE_LIMIT="3 per minute"))
    client = app.test_client()
    try:
        drawn = [client.get(f"/charts/latest/MPI/{sector}.png?months=12") for sector in ("10", "11", "12")]
        assert [response.status_code for response in drawn] == [302, 302, 302]
        refused = client.get("/charts/latest/MPI/13.png?months=12")
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
        # Images already drawn cost nothing and stay free: a partner's page, LINE fetching an answer's chart.
        assert client.get("/charts/latest/MPI/10.png?months=12").status_code == 302
        assert client.get(drawn[0].headers["Location"]).status_code == 200
        cache: ChartCache = services_of(app).charts
        answer_chart = cache.urls(ChartSpec("CAPU", "TOTAL", YearMonth(2026, 1), YearMonth(2026, 9)))
        for url in answer_chart:
            assert client.get(url.removeprefix("http://testserver")).status_code == 200
        # Another client has its own allowance.
        other = client.get("/charts/latest/MPI/13.png?months=12", environ_base={"REMOTE_ADDR": "192.0.2.7"})
        assert other.status_code == 302
    finally:
        services_of(app).database.dispose()


def test_the_chart_cache_keeps_only_its_most_recent_images(database: Database, tmp_path: Path) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    store = IndicatorStore(database)
    cache = ChartCache(store, tmp_path / "charts", "http://testserver", max_files=3)
    for sector in ("10", "11", "12", "13", "14"):
        cache.file(ChartSpec("MPI", sector, YearMonth(2026, 1), YearMonth(2026, 9)).key(store.snapshot()), False)
    kept = sorted(path.name.split("_")[1] for path in (tmp_path / "charts").glob("*.png"))
    assert kept == ["12", "13", "14"]


def test_old_months_filled_in_are_history_not_releases(settings: Settings, database: Database, tmp_path: Path) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    older = tmp_path / "older.csv"
    older.write_text("indicator,tsic,year,month,value,preliminary\nMPI,TOTAL,2563,12,95.00,0\n", encoding="utf-8")
    summaries, drafted = import_releases(database, [older], settings)
    assert summaries[0].total("new") == 1
    assert drafted == []
    _, drafted = import_releases(database, [SAMPLE_DIR / "next-release.csv"], settings)
    assert len(drafted) == 1
    with database.session() as session:
        periods = session.scalars(select(Announcement.period)).all()
        assert periods == ["2026-10"]
        assert session.scalar(select(func.count()).select_from(Announcement)) == 1


def test_what_users_send_never_reaches_the_logs(
    line_app: Flask, line_client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    unknown = {**text_event("x"), "type": f"new{CANARY}"}
    assert post_webhook(line_client, payload(unknown, text_event(f"MPI {CANARY}"))) == 200
    assert event_pool(line_app).wait_idle(20)
    assert post_webhook(line_client, payload(postback_event(f"action=ask&q={CANARY}"))) == 200
    assert event_pool(line_app).wait_idle(20)
    assert caplog.records  # the pool did log what it did
    assert CANARY not in caplog.text


def test_canaries_through_the_import_file_and_the_command_line_stay_out_of_the_logs(
    settings: Settings, database_url: str, database: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    hostile = tmp_path / "hostile.csv"
    hostile.write_text(
        f"indicator,tsic,year,month,value,preliminary\nMPI{CANARY},TOTAL,2569,10,{CANARY},1\n", encoding="utf-8"
    )
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_FORMAT": "json"}
    for command in (["import", str(hostile)], ["ask", f"MPI ล่าสุด {CANARY}"]):
        result = subprocess.run(
            [sys.executable, "-m", "bot", *command], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
            timeout=120, check=False,
        )  # fmt: skip
        logs = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("{")]
        assert not [line for line in logs if CANARY in line], command
    # The watched folder: the operator's report quotes a short excerpt; the logs quote nothing.
    folder = tmp_path / "incoming"
    folder.mkdir()
    copy = folder / "hostile.csv"
    copy.write_bytes(hostile.read_bytes())
    os.utime(copy, (time.time() - 60, time.time() - 60))
    caplog.set_level("DEBUG")
    Services(settings.with_overrides(WATCH_DIR=str(folder)), database).scheduler_jobs.import_watched_folder()
    assert CANARY not in caplog.text
