"""Every role against every action of the console: allowed where its role
has the permission, refused (403) everywhere else."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest
from flask import Flask

from bot.app import Services, services_of
from bot.staff.roles import ROLE_ORDER, Permission, Role, permissions_of
from tests.bot.web.staff.conftest import PASSWORD, SignedIn, csrf_token, email_of
from tests.helpers import SAMPLE_DIR


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    path: str
    permission: Permission
    data: dict[str, object] = field(default_factory=dict)
    upload: bool = False


ACTIONS = (
    Action("see the dashboard", "GET", "/staff/", Permission.VIEW),
    Action("see imports", "GET", "/staff/imports", Permission.VIEW),
    Action("see an import", "GET", "/staff/imports/1", Permission.VIEW),
    Action("see a figure's history", "GET", "/staff/observations?indicator=MPI&sector=TOTAL", Permission.VIEW),
    Action("see announcements", "GET", "/staff/announcements", Permission.VIEW),
    Action("see the calendar", "GET", "/staff/announcements/calendar", Permission.VIEW),
    Action("see an announcement", "GET", "/staff/announcements/{id}", Permission.VIEW),
    Action("see its delivery", "GET", "/staff/announcements/{id}/status", Permission.VIEW),
    Action("preview", "POST", "/staff/announcements/preview", Permission.VIEW, {"text": "x", "channels": "console"}),
    Action("see release dates", "GET", "/staff/release-dates", Permission.VIEW),
    Action("open the simulator", "GET", "/staff/simulator", Permission.VIEW),
    Action("use the simulator", "POST", "/staff/simulator", Permission.VIEW, {"text": "MPI ล่าสุด"}),
    Action("see insights", "GET", "/staff/insights", Permission.VIEW),
    Action("see how well the bot understands", "GET", "/staff/understanding", Permission.VIEW),
    Action("open the teaching form", "GET", "/staff/understanding/teach?q=hi", Permission.TEACH),
    Action(
        "teach a phrasing",
        "POST",
        "/staff/understanding/teach",
        Permission.TEACH,
        {"question": "hi", "intent": "greeting"},
    ),
    Action("export the corpus", "GET", "/staff/understanding/corpus.txt", Permission.TEACH),
    Action("retrain the intent model", "POST", "/staff/understanding/retrain", Permission.RETRAIN),
    Action("upload release files", "POST", "/staff/imports", Permission.IMPORT, upload=True),
    Action("open the compose form", "GET", "/staff/announcements/new", Permission.COMPOSE),
    Action("write an announcement", "POST", "/staff/announcements/new", Permission.COMPOSE, {"text": "ประกาศ"}),
    Action("edit an announcement", "POST", "/staff/announcements/{id}/edit", Permission.COMPOSE, {"text": "แก้"}),
    Action(
        "set a release date",
        "POST",
        "/staff/release-dates",
        Permission.COMPOSE,
        {"indicator": "MPI", "period": "2026-10", "date": "2026-11-27"},
    ),
    Action("approve", "POST", "/staff/announcements/{id}/approve", Permission.APPROVE),
    Action(
        "schedule", "POST", "/staff/announcements/{id}/schedule", Permission.SCHEDULE, {"now": "1", "confirmed": "1"}
    ),
    Action("cancel", "POST", "/staff/announcements/{id}/cancel", Permission.SCHEDULE),
    Action("mark a delivery sent", "POST", "/staff/announcements/{id}/deliveries/console/mark-sent", Permission.SETTLE),
    Action("send a delivery again", "POST", "/staff/announcements/{id}/deliveries/console/resend", Permission.SETTLE),
    Action("retry failed requests", "POST", "/staff/announcements/{id}/deliveries/console/retry", Permission.SETTLE),
    Action("see users", "GET", "/staff/users", Permission.MANAGE_USERS),
    Action(
        "add a user",
        "POST",
        "/staff/users",
        Permission.MANAGE_USERS,
        {"email": "new.person@oie.example", "role": "viewer", "password": "a long password here"},
    ),
    Action("change a user", "POST", "/staff/users/1", Permission.MANAGE_USERS, {"action": "role", "role": "viewer"}),
    Action("read the audit log", "GET", "/staff/audit", Permission.AUDIT),
    Action("see partner webhooks", "GET", "/staff/partners", Permission.MANAGE_PARTNERS),
    Action(
        "add a partner webhook",
        "POST",
        "/staff/partners",
        Permission.MANAGE_PARTNERS,
        {"url": "https://127.0.0.1/hook", "events": "release.published"},
    ),
    Action("see a partner's deliveries", "GET", "/staff/partners/1", Permission.MANAGE_PARTNERS),
    Action("send a partner a test event", "POST", "/staff/partners/1", Permission.MANAGE_PARTNERS, {"action": "test"}),
)


@pytest.mark.parametrize("role", ROLE_ORDER)
def test_every_role_against_every_action(role: Role, console_app: Flask, signed_in: SignedIn) -> None:
    services: Services = services_of(console_app)
    client = signed_in(role)
    outcomes: list[str] = []
    for action in ACTIONS:
        # A fresh draft by someone else for each action, so earlier actions change nothing here.
        announcement = services.announcements.create(
            "ประกาศทดสอบ", channels=["console"], created_by="other@oie.example"
        )
        path = action.path.format(id=announcement)
        if action.method == "GET":
            status = client.get(path).status_code
        else:
            data: dict[str, object] = {"csrf_token": csrf_token(client, "/staff/simulator"), **action.data}
            if action.upload:
                data["files"] = (io.BytesIO((SAMPLE_DIR / "next-release.csv").read_bytes()), "next-release.csv")
            status = client.post(path, data=data, content_type="multipart/form-data").status_code
        allowed = action.permission in permissions_of(role)
        if (allowed and status == 403) or (not allowed and status != 403) or status >= 500:
            outcomes.append(f"{role} {action.name}: {status} ({'allowed' if allowed else 'refused'} expected)")
    assert outcomes == []


def test_signed_out_visitors_are_sent_to_the_login(console_app: Flask) -> None:
    client = console_app.test_client()
    for path in ("/staff/", "/staff/users", "/staff/announcements/1", "/staff/simulator"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/staff/login?next=")
    assert client.post("/staff/simulator", data={"text": "MPI"}).status_code in (302, 400)


def test_after_signing_in_no_next_address_leads_to_another_site(console_app: Flask) -> None:
    for elsewhere in ("https://evil.example/", "//evil.example", "/\\evil.example", "/%09/evil.example"):
        client = console_app.test_client()
        body = {"email": email_of("viewer"), "password": PASSWORD, "csrf_token": csrf_token(client)}
        response = client.post(f"/staff/login?next={elsewhere}", data=body)
        assert response.status_code == 302
        assert response.headers["Location"] == "/staff/", elsewhere
