"""The staff story in a real browser: sign in, upload the next release,
check the preview, confirm, open the drafted announcement, change its X text
and watch the thread's split change, have a second person approve it,
schedule it for now and watch every channel reach "sent", then ask the chat
simulator. Every console page is checked with axe-core and photographed at
phone and desktop width."""

from __future__ import annotations

import re
import time
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, LiveService, serious_violations, shoot
from tests.helpers import SAMPLE_DIR, console_pages, first_import

CHANNELS = ("line", "x", "facebook", "email", "console")


def sign_in(page: Any, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/staff/login")
    page.get_by_label("อีเมล").fill(email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(re.compile(r".*/staff/$"))


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url(re.compile(r".*/staff/login"))


def x_posts_in_preview(page: Any) -> int:
    return int(page.locator("#preview-body section[aria-label='X'] .post").count())


def test_the_staff_story(browser: Any, live: LiveService) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    base = live.base_url

    sign_in(page, base, "editor@oie.example")
    shoot(page, "01-dashboard")

    page.get_by_role("link", name="นำเข้าข้อมูล").click()
    page.set_input_files("#files", str(SAMPLE_DIR / "next-release.csv"))
    page.get_by_role("button", name="ตรวจไฟล์").click()
    page.wait_for_url(re.compile(r".*/staff/imports/preview/"))
    assert page.get_by_text("สิ่งที่การนำเข้าจะเปลี่ยน").is_visible()
    assert page.get_by_text("จะร่างประกาศเผยแพร่ข้อมูลเดือน ต.ค. 2569").is_visible()
    shoot(page, "02-import-preview")
    page.get_by_role("button", name="ยืนยันการนำเข้า").click()
    page.wait_for_url(re.compile(r".*/staff/announcements/\d+$"))
    announcement_id = int(page.url.rsplit("/", 1)[1])
    assert page.get_by_text("ร่างประกาศเผยแพร่ข้อมูลเดือนใหม่ให้แล้ว").is_visible()
    shoot(page, "03-drafted-announcement")

    page.get_by_role("link", name="แก้ไข").click()
    page.wait_for_selector("#preview-body section[aria-label='X'] .post")
    thread_before = x_posts_in_preview(page)
    assert thread_before >= 2  # the release is longer than one post
    page.fill("#version-x-text", "ดัชนีผลผลิตอุตสาหกรรม ต.ค. 69 อยู่ที่ 101.48 https://oie.example/release")
    # The split changes as the text does (the preview follows typing).
    expect(page.locator("#preview-body section[aria-label='X'] .post")).to_have_count(1)
    shoot(page, "04-compose-preview")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(re.compile(rf".*/staff/announcements/{announcement_id}$"))
    assert live.services.announcements.get(announcement_id)["versions"]["x"] == [
        "ดัชนีผลผลิตอุตสาหกรรม ต.ค. 69 อยู่ที่ 101.48 https://oie.example/release"
    ]
    assert page.get_by_text("รอผู้มีบทบาทผู้อนุมัติอนุมัติ").is_visible()  # the editor cannot approve
    sign_out(page)

    sign_in(page, base, "approver@oie.example")
    page.goto(f"{base}/staff/announcements/{announcement_id}")
    page.get_by_role("button", name="อนุมัติ").click()
    assert page.get_by_text("อนุมัติแล้ว").first.is_visible()
    page.get_by_label("ส่งทันที").check()
    shoot(page, "05-schedule")
    page.get_by_role("button", name="ตรวจทานก่อนส่ง").click()
    # Asked first: when (Thai date, 24-hour), who each channel reaches, what a phone shows.
    assert page.get_by_role("heading", name="ตรวจทานก่อนส่ง").is_visible()
    assert page.get_by_text(re.compile(r"\d{1,2} [ก-๙.]+ 25\d\d \d\d:\d\d น\.")).first.is_visible()
    assert page.get_by_text("ผู้ติดตาม 3 คน").first.is_visible()
    assert live.services.announcements.get(announcement_id)["state"] == "approved"  # nothing sent by asking
    shoot(page, "05-confirm")
    page.get_by_role("button", name="ยืนยัน: ส่งทันที").click()
    assert page.get_by_text("ก่อนถึงเวลานั้นกด").is_visible()  # the window to stop it
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if live.services.announcements.get(announcement_id)["state"] == "sent":
            break
        time.sleep(0.5)
    item = live.services.announcements.get(announcement_id)
    assert {delivery["channel"]: delivery["state"] for delivery in item["deliveries"]} == dict.fromkeys(
        CHANNELS, "sent"
    )
    # The page follows on its own, without a reload.
    page.wait_for_selector("#delivery h2 .state-sent", timeout=15_000)
    for channel in ("LINE", "X", "Facebook Page", "อีเมล", "คอนโซล"):  # channels by their Thai names
        assert page.locator("#delivery h3", has_text=channel).locator(".state-sent").count() == 1
    shoot(page, "06-sent")
    assert len(live.fake_x.posts) == 1  # staff's one-post version
    assert len(live.fake_graph.posts) == 1
    assert len(live.smtp.received) == 1
    assert len(live.fake_line.delivered()) == 3

    page.goto(f"{base}/staff/simulator")
    page.fill("#sim-text", "MPI ยานยนต์ล่าสุด")
    page.get_by_role("button", name="ส่ง", exact=True).click()
    card = page.locator("#sim-log .flex-bubble").first
    card.wait_for()
    assert "TSIC 29" in card.inner_text()
    quick = page.locator("#sim-log .quick button")
    assert quick.count() >= 3
    assert "ดูกราฟ" in quick.all_inner_texts()
    shoot(page, "07-simulator")
    page.fill("#sim-text", "กราฟ MPI และ CAPU ย้อนหลัง 6 เดือน")
    page.get_by_role("button", name="ส่ง", exact=True).click()
    charts = page.locator("#sim-log img.chart")
    charts.nth(1).wait_for()
    assert charts.count() == 2  # one image per indicator
    # Polled from here: wait_for_function evaluates a string, which the console's CSP (no unsafe-eval) may refuse.
    deadline = time.monotonic() + 15
    while not charts.evaluate_all("images => images.every(image => image.naturalWidth > 0)"):
        assert time.monotonic() < deadline, "the chart images did not load"
        time.sleep(0.2)
    shoot(page, "07-simulator-two-charts")
    page.goto(f"{base}/staff/")
    shoot(page, "08-dashboard-after")
    assert console_errors == []
    context.close()


def test_every_console_page_is_accessible(browser: Any, live: LiveService) -> None:
    announcement = live.services.announcements.create(
        "สัมมนาเศรษฐกิจอุตสาหกรรม 5 ธ.ค. https://oie.example/seminar",
        channels=["line", "x"],
        created_by="editor@oie.example",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live.base_url}/staff/login")
    shoot(page, "00-login")
    problems = serious_violations(page)
    sign_in(page, live.base_url, "admin@oie.example")
    for path in console_pages(live.app, batch=first_import(live.services.database), announcement=announcement):
        for language in ("th", "en"):
            page.goto(f"{live.base_url}/language/{language}?next={path}")
            assert page.url.endswith(path), page.url
            problems += [f"{path} [{language}] {problem}" for problem in serious_violations(page)]
            if language == "th":
                shoot(page, "page-" + (path.strip("/").replace("/", "-") or "root"))
    assert problems == []
    context.close()


def test_typed_text_survives_an_expired_session(browser: Any, live: LiveService) -> None:
    """The session ends while an editor writes: what was typed is there again after signing in."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    base = live.base_url
    sign_in(page, base, "editor@oie.example")
    page.goto(f"{base}/staff/announcements/new")
    typed = "สัมมนาเศรษฐกิจอุตสาหกรรม วันที่ 5 ธ.ค. ที่กระทรวงอุตสาหกรรม ลงทะเบียนได้ที่ลิงก์นี้"
    page.fill("#text", typed)
    page.fill("#title", "สัมมนา")
    context.clear_cookies()  # the session ends while the text is being written
    page.get_by_role("button", name="บันทึก").click()
    assert live.services.announcements.list() == []  # refused without a session: nothing was saved
    sign_in(page, base, "editor@oie.example")
    page.goto(f"{base}/staff/announcements/new")
    expect(page.locator("#text")).to_have_value(typed)
    expect(page.locator("#title")).to_have_value("สัมมนา")
    assert page.get_by_text("กู้คืนข้อความที่ยังไม่ได้บันทึกให้แล้ว").is_visible()
    shoot(page, "09-draft-restored")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(re.compile(r".*/staff/announcements/\d+$"))
    page.goto(f"{base}/staff/announcements/new")
    expect(page.locator("#text")).to_have_value("")  # saved: the kept copy is gone
    context.close()
