"""The console's points staff must be able to trust, walked in a real browser
in Thai at phone width (each page photographed at phone and desktop width):
an unusual value in an import is flagged and revised values show old -> new;
an edit after approval shows the approver what changed; "send now" asks
first and can still be stopped; a topic nobody follows is not "sent"; the X
thread is cut at line ends; the release card on LINE carries the link to
the release page; an uploaded image shows in the preview; no Common-Era date
on the pages staff read."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from PIL import Image

from bot.announcements.drafting import import_releases
from tests.e2e.conftest import LiveService, serious_violations, shoot
from tests.e2e.test_staff_story import sign_in, sign_out
from tests.helpers import SAMPLE_DIR

HEADER = "indicator,tsic,year,month,value,preliminary\n"
CE_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def phone(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Cancel this announcement?" and the like
    return page


def approved(live: LiveService, text: str, **options: Any) -> int:
    """An announcement an editor wrote and an approver approved."""
    service = live.services.announcements
    number = service.create(text, created_by="editor@oie.example", **options)
    service.approve(number, by="approver@oie.example")
    return number


def review_send_now(page: Any, live: LiveService, number: int) -> None:
    """As the approver, ask to send now: the confirmation page, nothing scheduled yet."""
    sign_in(page, live.base_url, "approver@oie.example")
    page.goto(f"{live.base_url}/staff/announcements/{number}")
    page.get_by_label("ส่งทันที").check()
    page.get_by_role("button", name="ตรวจทานก่อนส่ง").click()
    assert page.get_by_role("heading", name="ตรวจทานก่อนส่ง").is_visible()


def wait_for_state(live: LiveService, announcement: int, channel: str, wanted: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        deliveries = live.services.announcements.get(announcement)["deliveries"]
        states = {item["channel"]: item["state"] for item in deliveries}
        if states.get(channel) == wanted:
            return
        time.sleep(0.3)
    raise AssertionError(f"{channel} never became {wanted}: {states}")


def test_an_import_shows_revisions_and_flags_an_unusual_value(browser: Any, live: LiveService, tmp_path: Path) -> None:
    page = phone(browser)
    sign_in(page, live.base_url, "editor@oie.example")
    release = tmp_path / "revision.csv"
    release.write_text(HEADER + "MPI,TOTAL,2569,9,100.95,1\nMPI,29,2569,10,1146.00,1\n", encoding="utf-8")
    page.goto(f"{live.base_url}/staff/imports")
    page.set_input_files("#files", str(release))
    page.get_by_role("button", name="ตรวจไฟล์").click()
    page.wait_for_url(re.compile(r".*/staff/imports/preview/"))
    text = page.inner_text("main")
    assert "100.62" in text
    assert "100.95" in text
    assert "1,146.00" in text
    assert "เท่าของระดับปกติ" in text
    assert not CE_DATE.search(text)
    shoot(page, "walk-01-import-outlier")
    assert serious_violations(page) == []


def test_an_edit_after_approval_shows_what_changed(browser: Any, live: LiveService) -> None:
    number = approved(live, "ประชุมชี้แจงตัวเลข 10 ธ.ค.", channels=["line"])
    page = phone(browser)
    sign_in(page, live.base_url, "editor@oie.example")
    page.goto(f"{live.base_url}/staff/announcements/{number}/edit")
    page.fill("#text", "ประชุมชี้แจงตัวเลข 11 ธ.ค.")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(re.compile(rf".*/staff/announcements/{number}$"))
    sign_out(page)
    sign_in(page, live.base_url, "approver@oie.example")
    page.goto(f"{live.base_url}/staff/announcements/{number}")
    assert page.get_by_text("สิ่งที่เปลี่ยนไปหลังอนุมัติ").is_visible()
    assert page.locator(".diff-removed del").first.inner_text().strip() != ""
    assert "11" in page.locator(".diff-added ins").first.inner_text()
    shown = page.inner_text("section.diff")
    assert "หัวเรื่อง: ประชุมชี้แจงตัวเลข" in shown  # the e-mail's own version, its fields named in Thai
    assert "subject:" not in shown
    shoot(page, "walk-02-diff-after-approval")


def test_send_now_asks_first_and_can_be_stopped(browser: Any, live: LiveService) -> None:
    service = live.services.announcements
    number = approved(live, "ทดสอบส่งทันที", channels=["line"])
    page = phone(browser)
    review_send_now(page, live, number)
    assert service.get(number)["state"] == "approved"  # asking sends nothing
    page.get_by_role("button", name="ยืนยัน: ส่งทันที").click()
    assert page.get_by_text("ก่อนถึงเวลานั้นกด").is_visible()
    page.get_by_role("button", name="ยกเลิก").click()  # within the window
    page.wait_for_load_state()
    assert service.get(number)["state"] == "cancelled"
    time.sleep(4)  # past the window (SEND_NOW_DELAY_SECONDS=3 here): still nothing sent
    assert all(item["state"] == "cancelled" for item in service.get(number)["deliveries"])
    shoot(page, "walk-03-stopped")


def test_a_topic_nobody_follows_is_not_sent(browser: Any, live: LiveService) -> None:
    # Every LINE friend here follows everything; the one e-mail subscriber follows the MPI only.
    number = approved(live, "ข่าวสาขายา", audience="topics", topics=["sector:21"], channels=["email"])
    page = phone(browser)
    review_send_now(page, live, number)
    assert "ไม่มีผู้ติดตาม" in page.inner_text("main")  # warned before sending
    page.get_by_role("button", name="ยืนยัน: ส่งทันที").click()
    wait_for_state(live, number, "email", "no_recipients")
    page.goto(f"{live.base_url}/staff/announcements/{number}")
    delivery = page.inner_text("#delivery")
    assert "ไม่มีผู้รับ" in delivery
    assert "ส่งแล้ว" not in delivery
    shoot(page, "walk-04-no-recipients")


def test_the_thread_and_the_card_and_an_uploaded_image(browser: Any, live: LiveService, tmp_path: Path) -> None:
    page = phone(browser)
    sign_in(page, live.base_url, "editor@oie.example")
    lines = [f"• สาขาที่ {number}: ยานยนต์ รถพ่วงและรถกึ่งรถพ่วง +13.80% เทียบปีก่อน" for number in range(1, 9)]
    page.goto(f"{live.base_url}/staff/announcements/new")
    page.fill("#text", "\n".join(lines))
    page.wait_for_selector("#preview-body section[aria-label='X'] .post >> nth=1")
    posts = page.locator("#preview-body section[aria-label='X'] .post")
    for index in range(posts.count()):
        # Without the "n of 280" line and the thread's "(1/2)" numbering.
        body = re.sub(r"\s*\(\d+/\d+\)$", "", posts.nth(index).inner_text().rsplit("\n", 1)[0])
        assert all(line.strip() in lines for line in body.splitlines() if line.strip()), body  # whole lines only
    picture = tmp_path / "seminar.png"
    Image.new("RGB", (600, 400), (11, 110, 79)).save(picture)
    page.set_input_files("#image_file", str(picture))
    page.get_by_role("button", name="อัปโหลดรูปภาพ").click()
    page.wait_for_selector("#preview-body section[aria-label='LINE'] img")
    shown = page.evaluate(
        "[...document.querySelectorAll(\"#preview-body section[aria-label='LINE'] img\")]"
        ".every(image => image.complete && image.naturalWidth > 0)"
    )
    assert shown
    shoot(page, "walk-05-thread-and-image")
    # The release card on LINE links to the release page.
    _, (drafted,) = import_releases(live.services.database, [SAMPLE_DIR / "next-release.csv"], live.services.settings)
    page.goto(f"{live.base_url}/staff/announcements/{drafted}")
    button = page.locator("section[aria-label='LINE'] .flex-bubble a[href$='/releases/2026-10']")
    assert button.inner_text().strip() == "อ่านฉบับเต็ม"
    shoot(page, "walk-06-release-card-link")


def test_staff_pages_write_dates_the_thai_way(browser: Any, live: LiveService) -> None:
    page = phone(browser)
    sign_in(page, live.base_url, "admin@oie.example")
    for path in ("/staff/", "/staff/imports", "/staff/announcements", "/staff/release-dates", "/staff/audit"):
        page.goto(f"{live.base_url}{path}")
        assert not CE_DATE.search(page.inner_text("main")), path
