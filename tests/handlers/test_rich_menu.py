"""The rich menu through the real SDK against the fake LINE API: installed by
`python -m bot line rich-menu` (image upload, create, aliases, default,
per-user links; idempotent), the English menu for English profiles and for
users who switch, and LINE's loading animation while a chart is first drawn.
Every request is checked against LINE's OpenAPI document by the fake."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select

from bot.app import services_of
from bot.chat.rich_menu import NAME_PREFIX, MenuDesign, design
from bot.chat.users import UserStore
from bot.cli import main
from bot.data.db import Database
from bot.data.models import LineUser
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_events import (
    ACCESS_TOKEN,
    CHANNEL_SECRET,
    USER,
    follow_event,
    in_group,
    postback_event,
    text_event,
)
from tests.helpers import deliver

REPLY = "/v2/bot/message/reply"
LOADING = "/v2/bot/chat/loading/start"
ENGLISH_USER = "U" + "e" * 32


@pytest.fixture
def line_env(
    monkeypatch: pytest.MonkeyPatch, database: Database, database_url: str, fake_line: FakeLineApi
) -> FakeLineApi:
    for name, value in {
        "DATABASE_URL": database_url,
        "LINE_CHANNEL_SECRET": CHANNEL_SECRET,
        "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
        "LINE_API_BASE_URL": fake_line.base_url,
        "LINE_DATA_API_BASE_URL": fake_line.base_url,
        "PUBLIC_BASE_URL": "https://industry.example.go.th",
    }.items():
        monkeypatch.setenv(name, value)
    return fake_line


def paths(fake: FakeLineApi, method: str) -> list[str]:
    return [request.path for request in fake.requests if request.method == method]


def test_install_creates_uploads_aliases_defaults_and_links(line_env: FakeLineApi, database: Database) -> None:
    users = UserStore(database)
    users.seen(ENGLISH_USER, following=True)
    users.chose_menu(ENGLISH_USER, "en")
    users.seen(USER, following=True)

    assert main(["line", "rich-menu"]) == 0

    menus = line_env.rich_menus
    assert len(menus.menus) == 2
    thai = menus.aliases["oie-menu-th"]
    english = menus.aliases["oie-menu-en"]
    assert menus.default == thai
    assert menus.linked == {ENGLISH_USER: english}  # Thai users have the default
    for menu_id, menu in menus.menus.items():
        with Image.open(io.BytesIO(menus.images[menu_id])) as image:
            assert (image.format, image.size) == ("PNG", (2500, 1686))
        actions = [area["action"] for area in menu["areas"]]
        assert len(actions) == 8
        assert {"type": "uri", "label": actions[6]["label"], "uri": "https://industry.example.go.th"} in actions
        switch = next(action for action in actions if action["type"] == "richmenuswitch")
        assert switch["richMenuAliasId"] == ("oie-menu-en" if menu_id == thai else "oie-menu-th")
    assert menus.menus[thai]["chatBarText"] == "เมนู สศอ."
    uploads = [request for request in line_env.requests if request.path.endswith("/content")]
    assert [request.headers["content-type"] for request in uploads] == ["image/png", "image/png"]
    assert all(request.headers["authorization"] == f"Bearer {ACCESS_TOKEN}" for request in uploads)


def test_installing_again_changes_nothing_and_a_new_design_replaces_the_old(line_env: FakeLineApi) -> None:
    assert main(["line", "rich-menu"]) == 0
    first = dict(line_env.rich_menus.aliases)
    created = paths(line_env, "POST").count("/v2/bot/richmenu")

    assert main(["line", "rich-menu"]) == 0
    assert line_env.rich_menus.aliases == first
    assert paths(line_env, "POST").count("/v2/bot/richmenu") == created  # nothing created again
    assert paths(line_env, "DELETE") == []

    # The public site moved: the menus change, the old ones go.
    line_env.requests.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PUBLIC_BASE_URL", "https://data.industry.example.go.th")
        assert main(["line", "rich-menu"]) == 0
    assert len(line_env.rich_menus.menus) == 2
    assert set(line_env.rich_menus.aliases.values()).isdisjoint(first.values())
    assert sorted(paths(line_env, "DELETE")) == sorted(f"/v2/bot/richmenu/{menu}" for menu in first.values())
    assert line_env.rich_menus.default == line_env.rich_menus.aliases["oie-menu-th"]


def test_without_line_configured_the_command_says_so(
    monkeypatch: pytest.MonkeyPatch, database: Database, database_url: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("LINE_CHANNEL_ACCESS_TOKEN", raising=False)
    assert main(["line", "rich-menu"]) == 1


def test_an_english_profile_is_greeted_in_english_with_the_english_menu(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    # What `python -m bot line rich-menu` does, then two new followers.
    menus = services_of(line_app).rich_menus
    assert menus is not None
    menus.install(_designs(), NAME_PREFIX, {})
    fake_line.rich_menus.profiles[ENGLISH_USER] = {"displayName": "Jo", "language": "en"}
    deliver(line_app, line_client, follow_event(ENGLISH_USER), follow_event(USER))

    greetings = sorted(reply.texts()[0].split("\n")[0] for reply in fake_line.sent(REPLY))
    assert greetings == ["Thank you for adding us as a friend.", "ขอบคุณที่เพิ่มเพื่อนครับ 🙏"]
    assert fake_line.rich_menus.linked == {ENGLISH_USER: fake_line.rich_menus.aliases["oie-menu-en"]}
    with database.session() as session:
        chosen = {
            row.user_id: row.menu_language for row in session.execute(select(LineUser.user_id, LineUser.menu_language))
        }
    assert chosen == {ENGLISH_USER: "en", USER: None}


def test_switching_menus_is_remembered_without_a_reply(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi, database: Database
) -> None:
    switch = postback_event("action=menu&lang=en")
    switch["postback"]["params"] = {"newRichMenuAliasId": "oie-menu-en", "status": "SUCCESS"}
    deliver(line_app, line_client, switch)
    assert fake_line.sent(REPLY) == []
    assert UserStore(database).menu_users() == {"en": [USER]}
    deliver(line_app, line_client, postback_event("action=menu&lang=th"))
    assert UserStore(database).menu_users() == {}


def test_loading_animation_while_a_chart_is_first_drawn_in_a_private_chat(
    line_app: Flask, line_client: FlaskClient, fake_line: FakeLineApi
) -> None:
    deliver(line_app, line_client, text_event("กราฟ MPI ย้อนหลัง 12 เดือน"))
    loading = fake_line.sent(LOADING)
    assert [request.body for request in loading] == [{"chatId": USER, "loadingSeconds": 20}]
    assert fake_line.requests.index(loading[0]) < fake_line.requests.index(fake_line.sent(REPLY)[0])

    deliver(line_app, line_client, text_event("กราฟ MPI ย้อนหลัง 12 เดือน"))  # drawn already: no wait
    deliver(line_app, line_client, text_event("MPI ล่าสุด"))  # no chart to draw
    deliver(line_app, line_client, in_group(text_event("สศอ กราฟ CAPU ย้อนหลัง 6 เดือน")))  # not in groups
    assert len(fake_line.sent(LOADING)) == 1
    assert len(fake_line.sent(REPLY)) == 4


def _designs() -> list[MenuDesign]:
    return [design("th", "https://industry.example.go.th"), design("en", "https://industry.example.go.th")]
