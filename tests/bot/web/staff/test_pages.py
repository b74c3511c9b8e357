"""What the console's pages show: previews as each channel will show them,
the delivery panel, insights (user ids for administrators only), the
dashboard, and a translation catalog that is complete and up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask
from sqlalchemy import insert

from bot.app import Services, services_of
from bot.catalog.make_catalog import FOLDER, KEYWORDS, build
from bot.data.db import Database
from bot.data.models import ConversationTurn
from publishers.x import weighted_length
from tests.bot.web.staff.conftest import SignedIn, csrf_token
from tests.helpers import PROJECT_ROOT

LONG_TEXT = "ดัชนีผลผลิตอุตสาหกรรมเดือนตุลาคม 2569 เพิ่มขึ้นร้อยละ 1.19 " * 8


def test_previews_show_each_channel_and_the_x_thread(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("editor")
    form = {"text": LONG_TEXT, "link_url": "https://oie.example/r", "csrf_token": csrf_token(client, "/staff/")}
    shown = client.post("/staff/announcements/preview", data={**form, "channels": ["x", "facebook", "email", "line"]})
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "<h3>X</h3>" in page
    assert "Facebook Page" in page
    assert "หัวเรื่อง:" in page  # the e-mail subject
    assert "จาก 280" in page  # each post's weight against X's limit
    posts = page.count('class="post"')
    assert posts >= 2
    one_post = client.post(
        "/staff/announcements/preview",
        data={**form, "channels": ["x"], "version-x-text": "MPI ต.ค. 69 +1.19%", "version-x-text-original": ""},
    ).get_data(as_text=True)
    assert one_post.count('class="post"') == 1  # staff's own X text: one post, the split changed
    assert f"{weighted_length('MPI ต.ค. 69 +1.19%')} จาก 280" in one_post


def test_the_delivery_panel_refreshes_while_sending(console_app: Flask, signed_in: SignedIn) -> None:
    services: Services = services_of(console_app)
    announcement = services.announcements.create("ประกาศ", channels=["console"], created_by="other@oie.example")
    client = signed_in("viewer")
    panel = client.get(f"/staff/announcements/{announcement}/status").get_data(as_text=True)
    assert panel.lstrip().startswith("<section")
    assert 'data-live="0"' in panel
    services.announcements.approve(announcement, by="approver@oie.example")
    services.announcements.schedule(announcement, by="approver@oie.example")
    assert 'data-live="1"' in client.get(f"/staff/announcements/{announcement}/status").get_data(as_text=True)


def test_insights_show_user_ids_to_administrators_only(console_app: Flask, signed_in: SignedIn) -> None:
    services: Services = services_of(console_app)
    user = "U1234567890abcdef1234567890abcdef"
    with services.database.session() as session:
        session.execute(
            insert(ConversationTurn),
            [
                {"user_id": user, "question": "ราคาทองวันนี้", "intent": "unknown", "latency_ms": 40, "reasked": True},
                {"user_id": user, "question": "ราคาทองวันนี้", "intent": "unknown", "latency_ms": 30, "reasked": False},
                {"user_id": user, "question": "MPI ล่าสุด", "intent": "value", "latency_ms": 20, "reasked": False},
            ],
        )
    viewer = signed_in("viewer").get("/staff/insights").get_data(as_text=True)
    assert "ราคาทองวันนี้" in viewer
    assert "/staff/simulator?q=" in viewer  # each missed question can be tried
    assert user not in viewer
    admin = signed_in("admin").get("/staff/insights").get_data(as_text=True)
    assert user in admin


def test_the_dashboard_shows_the_latest_figures(console_app: Flask, signed_in: SignedIn) -> None:
    page = signed_in("viewer").get("/staff/").get_data(as_text=True)
    assert "100.62" in page  # the sample's latest MPI
    assert "ก.ย. 2569" in page
    assert "<polyline" in page  # the trend


def test_users_from_the_command_line(database: Database, database_url: str) -> None:
    env = {"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"}

    def run(*arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "users", *arguments],
            cwd=PROJECT_ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    added = run("add", "Chief@OIE.example", "--role", "admin", "--password-stdin", stdin="a long password here\n")
    assert added.returncode == 0, added.stderr
    assert "chief@oie.example: account created with the role admin" in added.stdout
    assert run("add", "chief@oie.example", "--password-stdin", stdin="a long password here\n").returncode == 1
    assert run("add", "short@oie.example", "--password-stdin", stdin="short\n").returncode == 1
    assert run("set-role", "chief@oie.example", "editor").returncode == 0
    assert run("disable", "chief@oie.example").returncode == 0
    listed = run("list")
    assert "chief@oie.example\teditor\tdisabled" in listed.stdout
    assert run("enable", "chief@oie.example").returncode == 0
    assert run("set-role", "chief@oie.example", "boss").returncode == 1


def test_the_thai_catalog_is_complete_and_compiled(tmp_path: Path) -> None:
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "--quiet",
            "extract",
            "-F",
            "babel.cfg",
            *(option for keyword in KEYWORDS for option in ("-k", keyword)),
            "-o",
            str(template),
            "--no-location",
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
    )
    fresh = build(template)  # fails naming any message without a Thai translation
    with (FOLDER / "messages.po").open("rb") as handle:
        committed = read_po(handle)
    with (FOLDER / "messages.mo").open("rb") as handle:
        compiled = read_mo(handle)
    expected = messages(fresh)
    assert messages(committed) == expected
    assert messages(compiled) == expected


def messages(catalog: Catalog) -> dict[object, object]:
    """Message to translation; plural forms as tuples (the .mo reader gives lists)."""

    def plain(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {plain(message.id): plain(message.string) for message in catalog if message.id}
