"""The console's rules: CSRF on every form, no self-approval, login
throttling that holds across processes, sessions that end, the audit log,
an import that stores nothing before confirmation, a simulator that touches
no real data, security headers and translations."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from bot.announcements.outbox import Outbox
from bot.announcements.recovery import DeliveryRecovery
from bot.app import create_app, services_of
from bot.config import Settings
from bot.data.audit import entries
from bot.data.db import Database
from bot.data.models import (
    Announcement,
    ConversationTurn,
    LineUser,
    LoginAttempt,
    OutboxItem,
    Subscription,
    utcnow,
)
from bot.staff.accounts import StaffAccounts
from bot.staff.roles import Role
from tests.bot.web.staff.conftest import PASSWORD, SignedIn, csrf_token, email_of, post, sign_in, upload
from tests.helpers import SAMPLE_DIR, production_settings, snapshot


def test_forms_without_the_csrf_token_are_refused(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("editor")
    before = services_of(console_app).announcements.list()
    response = client.post("/staff/announcements/new", data={"text": "ประกาศปลอม"})
    assert response.status_code == 400
    assert "แบบฟอร์มหมดอายุ" in response.get_data(as_text=True)
    forged = client.post("/staff/announcements/new", data={"text": "ประกาศปลอม", "csrf_token": "forged"})
    assert forged.status_code == 400
    assert services_of(console_app).announcements.list() == before
    assert post(client, "/staff/announcements/new", {"text": "ประกาศจริง"}) == 302


def test_nobody_approves_what_they_wrote(console_app: Flask, signed_in: SignedIn) -> None:
    approver = signed_in("approver")
    assert post(approver, "/staff/announcements/new", {"text": "ประกาศของผู้อนุมัติ", "channels": "console"}) == 302
    (mine,) = [item for item in services_of(console_app).announcements.list() if item["text"] == "ประกาศของผู้อนุมัติ"]
    page = approver.get(f"/staff/announcements/{mine['id']}").get_data(as_text=True)
    assert "ต้องให้ผู้อนุมัติคนอื่นอนุมัติ" in page  # no approve button for the author
    assert post(approver, f"/staff/announcements/{mine['id']}/approve") == 302  # the form is refused by the rule
    assert services_of(console_app).announcements.get(mine["id"])["state"] == "draft"
    other = signed_in("second.approver@oie.example")
    assert post(other, f"/staff/announcements/{mine['id']}/approve") == 302
    assert services_of(console_app).announcements.get(mine["id"])["state"] == "approved"


def test_login_throttling_holds_across_two_app_instances(
    settings: Settings, console_app: Flask, database: Database, tmp_path: object
) -> None:
    """Two web processes on one database: failures counted in one lock the other."""
    other = create_app(settings.with_overrides(CHARTS_DIR=str(tmp_path)))
    other.config["TESTING"] = True
    first, second = console_app.test_client(), other.test_client()
    email = email_of("editor")
    for _ in range(5):
        assert sign_in(first, email, "wrong password") == 401
    assert sign_in(second, email) == 429  # the right password, refused on the other instance
    refused = second.get("/staff/login")
    assert refused.status_code == 200
    # Fifteen minutes later the lock is over.
    with database.session() as session:
        session.execute(update(LoginAttempt).values(at=utcnow() - timedelta(minutes=16)))
    assert sign_in(second, email) == 302
    services_of(other).database.dispose()


def test_sessions_end_after_inactivity_and_after_a_role_change(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("editor")
    assert client.get("/staff/").status_code == 200
    with client.session_transaction() as session:
        session["last_active"] = time.time() - 31 * 60  # 31 minutes without a request
    response = client.get("/staff/imports")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")
    assert "ไม่มีการใช้งานนานเกินกำหนด" in client.get("/staff/login").get_data(as_text=True)
    assert client.get("/staff/").status_code == 302

    client = signed_in("editor")
    StaffAccounts(services_of(console_app).database).set_role(email_of("editor"), Role.VIEWER, by="admin@oie.example")
    assert client.get("/staff/").status_code == 302  # the old session carried the old role


def test_disabled_accounts_cannot_sign_in(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("viewer")
    StaffAccounts(services_of(console_app).database).disable(email_of("viewer"), by="admin@oie.example")
    assert client.get("/staff/").status_code == 302
    assert sign_in(console_app.test_client(), email_of("viewer")) == 401


def test_each_action_is_in_the_audit_log(console_app: Flask, signed_in: SignedIn) -> None:
    database = services_of(console_app).database
    editor, approver, admin = signed_in("editor"), signed_in("approver"), signed_in("admin")
    batch_path = upload(editor, "next-release.csv", (SAMPLE_DIR / "next-release.csv").read_bytes())
    assert post(editor, f"{batch_path}/confirm") == 302
    release = max(item["id"] for item in services_of(console_app).announcements.list())
    assert post(editor, f"/staff/announcements/{release}/edit", {"text": "ข้อความใหม่", "channels": "console"}) == 302
    assert post(approver, f"/staff/announcements/{release}/approve") == 302
    assert post(editor, f"/staff/announcements/{release}/schedule", {"now": "1", "confirmed": "1"}) == 302
    assert post(editor, "/staff/announcements/new", {"text": "จะยกเลิก", "channels": "console"}) == 302
    cancelled = max(item["id"] for item in services_of(console_app).announcements.list())
    assert post(editor, f"/staff/announcements/{cancelled}/cancel") == 302
    new_user = {"email": "new.person@oie.example", "role": "editor", "password": "a long password here"}
    assert post(admin, "/staff/users", new_user) == 302
    person = StaffAccounts(database).by_email("new.person@oie.example")
    assert person is not None
    assert post(admin, f"/staff/users/{person.id}", {"action": "role", "role": "approver"}) == 302
    assert post(admin, f"/staff/users/{person.id}", {"action": "disable"}) == 302
    recorded = {(entry.actor, entry.action) for entry in entries(database)}
    assert {
        ("editor@oie.example", "login"),
        ("editor@oie.example", "import"),
        ("editor@oie.example", "edit"),
        ("approver@oie.example", "approve"),
        ("editor@oie.example", "schedule"),
        ("editor@oie.example", "create"),
        ("editor@oie.example", "cancel"),
        ("admin@oie.example", "user_add"),
        ("admin@oie.example", "user_role"),
        ("admin@oie.example", "user_disable"),
    } <= recorded
    page = admin.get("/staff/audit?action=approve").get_data(as_text=True)
    assert f"ประกาศ #{release}" in page  # the target in words, not "announcement:7"
    assert "ผู้ใช้ new.person@oie.example" not in page  # filtered out: not an approval


def _failed_on_the_console(console_app: Flask, last_error: str) -> int:
    """An approved announcement whose one console request failed for good with this error."""
    services = services_of(console_app)
    announcements = services.announcements
    new_id = announcements.create("ประกาศที่ส่งไม่สำเร็จ", channels=["console"], created_by=email_of("editor"))
    announcements.approve(new_id, by=email_of("approver"))
    announcements.schedule(new_id, utcnow() - timedelta(seconds=1), by=email_of("editor"))
    Outbox(services.database).enqueue_due()
    with services.database.session() as session:
        session.execute(update(OutboxItem).values(state="failed", retryable=False, last_error=last_error))
    assert DeliveryRecovery(services.database).reconcile() == 1
    return new_id


def test_a_failed_delivery_is_retried_from_its_page(console_app: Flask, signed_in: SignedIn) -> None:
    services = services_of(console_app)
    announcements = services.announcements
    new_id = _failed_on_the_console(console_app, "401 refused")  # as a revoked token would leave it
    approver, viewer = signed_in("approver"), signed_in("viewer")
    retry = f"/staff/announcements/{new_id}/deliveries/console/retry"
    assert f'action="{retry}"' in approver.get(f"/staff/announcements/{new_id}").get_data(as_text=True)
    assert f'action="{retry}"' not in viewer.get(f"/staff/announcements/{new_id}").get_data(as_text=True)
    assert post(approver, retry) == 302
    page = approver.get(f"/staff/announcements/{new_id}").get_data(as_text=True)
    assert "นำคำขอ 1 รายการกลับเข้าคิวส่งแล้ว" in page
    assert announcements.get(new_id)["state"] == "sending"
    services.worker(threads=1).run(until_idle=True)
    assert announcements.get(new_id)["state"] == "sent"


def test_a_failure_is_told_in_plain_words_with_the_next_step(console_app: Flask, signed_in: SignedIn) -> None:
    """Staff read what went wrong and what to do; the raw error is behind a toggle, for administrators."""
    raw = "ServerError: HTTPSConnectionPool(host='api.example', port=443): Max retries exceeded (ProxyError)"
    new_id = _failed_on_the_console(console_app, raw)
    editor_page = signed_in("editor").get(f"/staff/announcements/{new_id}").get_data(as_text=True)
    assert "ติดต่อ คอนโซล (ช่องทางทดสอบ) ไม่ได้" in editor_page
    assert "ฝ่ายไอที" in editor_page  # the next step
    assert "HTTPSConnectionPool" not in editor_page
    admin_page = signed_in("admin").get(f"/staff/announcements/{new_id}").get_data(as_text=True)
    assert "รายละเอียดทางเทคนิค" in admin_page
    assert "HTTPSConnectionPool" in admin_page


def test_an_import_preview_stores_nothing_until_confirmed(console_app: Flask, signed_in: SignedIn) -> None:
    database = services_of(console_app).database
    client = signed_in("editor")
    before = snapshot(database)
    preview_path = upload(client, "next-release.csv", (SAMPLE_DIR / "next-release.csv").read_bytes())
    preview = client.get(preview_path).get_data(as_text=True)
    assert "สิ่งที่การนำเข้าจะเปลี่ยน" in preview
    assert "ต.ค. 2569" in preview  # the new month
    assert "จะร่างประกาศเผยแพร่ข้อมูลเดือน ต.ค. 2569" in preview
    assert snapshot(database) == before  # nothing stored
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Announcement)) == 0
    assert post(client, f"{preview_path}/cancel") == 302
    assert snapshot(database) == before

    bad = b"indicator,tsic,year,month,value,preliminary\nMPI,99,2569,10,1.00,1\n"
    report = client.get(upload(client, "bad.csv", bad)).get_data(as_text=True)
    assert "bad.csv:2" in report
    assert "unknown sector code" in report
    assert snapshot(database) == before


@pytest.mark.parametrize(
    "name", ["..", "../../etc/passwd", "\u200b", "a\x00b.csv", "x" * 300 + ".csv", "C:\\tmp\\..\\"]
)
def test_hostile_upload_names_are_previewed_as_plain_files(console_app: Flask, signed_in: SignedIn, name: str) -> None:
    """A name that is a folder, or empty once cleaned, or far too long: the
    file is still previewed (as `upload`, or shortened keeping its extension)."""
    client = signed_in("editor")
    before = snapshot(services_of(console_app).database)
    preview = client.get(upload(client, name, (SAMPLE_DIR / "next-release.csv").read_bytes()))
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "x" * 300 not in page
    assert "/etc/" not in page
    if name.endswith(".csv"):
        assert "สิ่งที่การนำเข้าจะเปลี่ยน" in page  # read as the CSV it is
    assert snapshot(services_of(console_app).database) == before


def test_the_simulator_touches_no_real_data(console_app: Flask, signed_in: SignedIn) -> None:
    database = services_of(console_app).database
    client = signed_in("viewer")
    page = client.post(
        "/staff/simulator", data={"text": "ติดตาม MPI", "csrf_token": csrf_token(client, "/staff/simulator")}
    ).get_data(as_text=True)
    assert "ติดตามMPIแล้ว" in page
    button = {"postback": "action=subscriptions", "display": "ติดตามอะไรอยู่บ้าง"}
    listing = client.post("/staff/simulator", data={**button, "csrf_token": csrf_token(client, "/staff/")})
    assert "หัวข้อที่ติดตามอยู่" in listing.get_data(as_text=True)
    with database.session() as session:
        for table in (Subscription, ConversationTurn, LineUser):
            assert session.scalar(select(func.count()).select_from(table)) == 0


def test_security_headers(console_app: Flask, settings: Settings, tmp_path: Path) -> None:
    response = console_app.test_client().get("/staff/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # not in development
    production = create_app(production_settings(settings, tmp_path))
    secure = production.test_client().get("/staff/login", base_url="https://bot.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Secure" in (secure.headers.get("Set-Cookie") or "Secure")
    # In production the web process only acknowledges events: `python -m bot worker` answers them.
    assert services_of(production).web_event_pool is None
    services_of(production).database.dispose()


def test_thai_by_default_english_on_request(console_app: Flask) -> None:
    client = console_app.test_client()
    assert "เข้าสู่ระบบ" in client.get("/staff/login").get_data(as_text=True)
    client.get("/language/en?next=/staff/login")
    page = client.get("/staff/login").get_data(as_text=True)
    assert "Sign in" in page
    assert 'lang="en"' in page
    for elsewhere in ("https://evil.example/", "//evil.example", "/\\evil.example", "/%09/evil.example"):
        # (%09, a tab, is dropped by browsers: "/\t/evil.example" is "//evil.example")
        assert client.get(f"/language/en?next={elsewhere}").headers["Location"] == "/", elsewhere


def test_the_password_is_never_stored_in_clear(console_app: Flask) -> None:
    from bot.data.models import StaffUser

    with services_of(console_app).database.session() as session:
        hashes = list(session.scalars(select(StaffUser.password_hash)))
    assert all(value.startswith("$argon2id$") and PASSWORD not in value for value in hashes)


def test_an_import_preview_is_worked_out_once_per_state_of_the_store(
    console_app: Flask, signed_in: SignedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.web.staff.imports as imports_page
    from bot.announcements import drafting

    client = signed_in("editor")
    where = upload(client, "next.csv", (SAMPLE_DIR / "next-release.csv").read_bytes())
    calls: list[str] = []

    def counted(*arguments: Any) -> Any:
        calls.append("x")
        return drafting.preview_releases(*arguments)

    monkeypatch.setattr(imports_page, "preview_releases", counted)
    pages = [client.get(where) for _ in range(3)]
    assert all(page.status_code == 200 for page in pages)
    assert len({page.get_data(as_text=True).count("2569") for page in pages}) == 1
    assert calls == ["x"]  # reopened and reloaded: read once


def test_a_huge_announcement_text_is_refused_before_any_work(console_app: Flask, signed_in: SignedIn) -> None:
    """The report: 200,000 characters cost 25 s of CPU in a web thread before refusal."""
    client = signed_in("editor")
    huge = "ดัชนีผลผลิต " * 16_667  # 200,004 characters
    before = services_of(console_app).announcements.list()
    started = time.perf_counter()
    assert post(client, "/staff/announcements/new", {"text": huge, "channels": ["line", "x"]}) == 400
    token = csrf_token(client, "/staff/")
    preview = client.post("/staff/announcements/preview", data={"text": huge, "csrf_token": token})
    assert preview.status_code == 413
    assert time.perf_counter() - started < 3
    assert services_of(console_app).announcements.list() == before


def test_an_approver_who_changed_a_draft_sees_no_approve_button(console_app: Flask, signed_in: SignedIn) -> None:
    editor, approver = signed_in("editor"), signed_in("approver")
    assert post(editor, "/staff/announcements/new", {"text": "ร่างของผู้แก้ไข", "channels": "console"}) == 302
    (draft,) = [item for item in services_of(console_app).announcements.list() if item["text"] == "ร่างของผู้แก้ไข"]
    services_of(console_app).announcements.edit(draft["id"], by="approver@oie.example", text="ผู้อนุมัติเขียนใหม่")
    page = approver.get(f"/staff/announcements/{draft['id']}").get_data(as_text=True)
    assert "ต้องให้ผู้อนุมัติคนอื่นอนุมัติ" in page
    assert post(approver, f"/staff/announcements/{draft['id']}/approve") == 302
    assert services_of(console_app).announcements.get(draft["id"])["state"] == "draft"


NOTHING_RECORDED = "ยังไม่มีบันทึก"


def test_the_audit_log_is_filtered_by_days_and_downloaded_as_csv(console_app: Flask, signed_in: SignedIn) -> None:
    admin = signed_in("admin")
    today = utcnow().astimezone(ZoneInfo("Asia/Bangkok")).date()
    chosen = {"from-day": str(today.day), "from-month": str(today.month), "from-year": str(today.year)}
    page = admin.get("/staff/audit", query_string=chosen).get_data(as_text=True)
    assert "<td>เข้าสู่ระบบ</td>" in page  # today's sign-ins, in words
    assert f"{today.year + 543}" in page
    earlier = today - timedelta(days=400)
    old = {"to-day": str(earlier.day), "to-month": str(earlier.month), "to-year": str(earlier.year)}
    assert NOTHING_RECORDED in admin.get("/staff/audit", query_string=old).get_data(as_text=True)
    download = admin.get("/staff/audit", query_string={**chosen, "format": "csv"})
    assert download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    rows = download.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert rows[0] == "id,at,actor,action,target,details"
    assert any(",admin@oie.example,login,user:admin@oie.example," in row for row in rows[1:]), rows
    assert all("+07:00" in row.split(",")[1] for row in rows[1:])  # local times, with their offset


def test_an_expected_release_that_has_not_come_is_flagged_overdue(console_app: Flask, signed_in: SignedIn) -> None:
    """The sample data ends in September 2026; October's figures were expected on a working day in November."""
    page = signed_in("viewer").get("/staff/release-dates").get_data(as_text=True)
    row = page.split("ต.ค. 2569", 1)[1].split("</tr>", 1)[0]
    assert "30 พ.ย. 2569" in row  # 28 November 2026 is a Saturday: the Monday after
    assert "เลยกำหนด: ยังไม่ได้นำเข้า" in row


def test_announcements_are_found_by_words(console_app: Flask, signed_in: SignedIn) -> None:
    service = services_of(console_app).announcements
    service.create("สัมมนาเศรษฐกิจอุตสาหกรรม", title="สัมมนา", channels=["line"], created_by=email_of("editor"))
    service.create("ดัชนี MPI เดือนตุลาคม", title="ข่าว MPI", channels=["line"], created_by=email_of("editor"))
    page = signed_in("viewer").get("/staff/announcements", query_string={"q": "สัมมนา"}).get_data(as_text=True)
    assert "สัมมนา</a>" in page
    assert "ข่าว MPI" not in page
