"""The public site in a real browser (Debian's chromium): every page in Thai
and English, at phone and desktop width, with axe-core finding no serious or
critical violations and the Thai text drawn in a Thai font; the screenshots
are kept as artifacts."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

from bot.announcements.drafting import import_releases
from bot.data.models import utcnow
from nlp.thaidate import YearMonth
from tests.e2e.conftest import LiveService, serious_violations, shoot
from tests.helpers import SAMPLE_DIR

PAGES = (
    "/",
    "/releases/2026-09",
    "/indicators",
    "/indicators/MPI?from=2025-01&to=2026-09",
    "/indicators/CAPU?sector=29",
    "/sectors",
    "/sectors/29",
    "/calendar",
    "/search?q=%E0%B8%A2%E0%B8%B2",
    "/subscribe",
    "/alerts",
    "/api/v1/",
)


def test_every_public_page_reads_well_and_is_accessible(browser: Any, live: LiveService) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    for path in PAGES:
        for language in ("th", "en"):
            joiner = "&" if "?" in path else "?"
            address = f"{live.base_url}{path}{joiner}lang=en" if language == "en" else f"{live.base_url}{path}"
            response = page.goto(address)
            assert response is not None
            assert response.status == 200, address
            problems += [f"{path} [{language}] {problem}" for problem in serious_violations(page)]
            broken = page.evaluate(
                "[...document.images].filter(image => !image.complete || image.naturalWidth === 0).map(i => i.src)"
            )
            assert broken == [], (address, broken)
            name = "public-" + (path.strip("/").split("?")[0].replace("/", "-") or "home")
            shoot(page, f"{name}-{language}")
    assert problems == []
    context.close()


def test_the_home_page_leads_to_the_release_and_its_sectors(browser: Any, live: LiveService) -> None:
    page = browser.new_page()
    page.goto(f"{live.base_url}/")
    assert "ข้อมูลตัวอย่าง" in page.inner_text("main")  # sample figures say so
    page.get_by_role("link", name="ข้อมูลเดือน ก.ย. 2569 ฉบับเต็ม").click()
    page.wait_for_url("**/releases/2026-09")
    assert page.locator("#divisions ~ table tr, section[aria-labelledby=divisions] tr").count() == 23
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/releases/2026-09?lang=en")
    assert "Every sector: MPI" in page.inner_text("main")
    page.close()


PHONE_PAGES = (*PAGES, "/no-such-page")
# A table may be wider than a phone only inside a box that scrolls it, its first column held in view.
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const pageWidth = document.documentElement.scrollWidth;
  if (pageWidth > width) problems.push(`page ${pageWidth} > ${width}`);
  for (const table of document.querySelectorAll("main table")) {
    const box = table.closest(".table-box");
    if (!box) {
      if (table.scrollWidth > table.parentElement.clientWidth) problems.push("a table without its box is clipped");
      continue;
    }
    if (getComputedStyle(box).overflowX !== "auto") problems.push("a table box does not scroll");
    const first = table.querySelector("tbody tr > :first-child");
    if (first && getComputedStyle(first).position !== "sticky") problems.push("a first column is not held in view");
    if (box.getBoundingClientRect().right > width + 1) problems.push("a table box is wider than the screen");
  }
  for (const element of document.querySelectorAll("main *")) {
    if (element.closest(".table-box")) continue;
    const name = `${element.tagName.toLowerCase()}.${element.className}`;
    if (element.getBoundingClientRect().right > width + 1) problems.push(`${name} sticks out`);
  }
  return problems;
}"""


def test_no_page_scrolls_sideways_on_a_phone(browser: Any, live: LiveService) -> None:
    problems: list[str] = []
    for width in (360, 390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for path in PHONE_PAGES:
            for language in ("th", "en"):
                joiner = "&" if "?" in path else "?"
                page.goto(f"{live.base_url}{path}{joiner}lang={language}")
                problems += [f"{width}px {path} [{language}]: {problem}" for problem in page.evaluate(SIDEWAYS)]
        if width == 360:
            page.goto(f"{live.base_url}/sectors")
            shoot(page, "public-sectors-phone-360")
        context.close()
    assert problems == [], "\n".join(problems)


def test_a_thai_month_address_and_an_unknown_one(browser: Any, live: LiveService) -> None:
    page = browser.new_page()
    page.goto(f"{live.base_url}/releases/2569-09")
    assert page.url.endswith("/releases/2026-09")
    assert "ก.ย. 2569" in page.inner_text("h1")
    response = page.goto(f"{live.base_url}/releases/2569-12")
    assert response is not None
    assert response.status == 404
    assert page.inner_text("h1") == "ไม่พบหน้าที่ต้องการ"
    assert serious_violations(page) == []
    shoot(page, "public-not-found")
    page.get_by_role("search").last.get_by_role("searchbox").fill("โรงสีข้าว")
    page.get_by_role("search").last.get_by_role("button").click()
    page.wait_for_url("**/search?q=*")
    page.get_by_role("link", name="ผลิตภัณฑ์อาหาร").click()
    page.wait_for_url("**/sectors/10")
    page.close()


def test_a_chart_shows_a_months_value_on_tap_and_by_keyboard(browser: Any, live: LiveService) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800}, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live.base_url}/sectors/29")
    chart = page.locator(".live-chart")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] <= 360
    page.touchscreen.tap(box["x"] + box["width"] - 30, box["y"] + box["height"] / 2)
    readout = page.locator(".chart-readout")
    assert re.fullmatch(r"(ก\.ค\.|ส\.ค\.|ก\.ย\.) 2569: \d+\.\d\d( \(ตัวเลขเบื้องต้น\))?", readout.inner_text())
    chart.focus()
    page.keyboard.press("End")
    latest = live.services.store.series("MPI", "29", YearMonth(2026, 9), YearMonth(2026, 9))[0]
    assert readout.inner_text() == f"ก.ย. 2569: {latest.value:.2f} (ตัวเลขเบื้องต้น)"
    page.keyboard.press("Home")
    assert readout.inner_text().startswith("ต.ค. 2567: ")
    # The same figures are in a table behind the chart, and the PNG stays for those without script.
    page.get_by_text("ตัวเลขของกราฟในรูปตาราง").click()
    assert page.locator(".chart-data tbody tr").count() == 24
    assert page.locator("figure.chart-figure noscript").count() == 1
    shoot(page, "public-sector-chart-tapped")
    assert serious_violations(page) == []
    assert errors == []  # nothing refused by the content security policy either
    context.close()


def test_pages_stay_within_the_phone_budget(browser: Any, live: LiveService) -> None:
    """Each page under 200 KB over the wire with the chart library in the browser's cache,
    and its first text painted within 1.5 s from the local server."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{live.base_url}/releases/2026-09")  # fills the cache with the shared files
    sizes: list[int] = []
    page.on("requestfinished", lambda request: sizes.append(max(0, request.sizes()["responseBodySize"])))
    report = []
    for path in PHONE_PAGES:
        sizes.clear()
        page.goto(f"{live.base_url}{path}")
        page.wait_for_load_state("networkidle")
        paint = page.evaluate(
            "performance.getEntriesByType('paint').find(entry => entry.name === 'first-contentful-paint')?.startTime"
        )
        report.append((path, sum(sizes), paint))
    over = [(path, size, paint) for path, size, paint in report if size > 200_000 or paint is None or paint > 1500]
    assert over == [], report
    context.close()


def test_an_email_sign_up_is_confirmed_by_its_link_and_then_gets_the_release(browser: Any, live: LiveService) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(f"{live.base_url}/")
    page.get_by_role("link", name="รับข้อมูลเผยแพร่ทางอีเมล").first.click()
    page.get_by_label("อีเมลของคุณ").fill("somsri@example.org")
    assert page.get_by_label("ทุกการเผยแพร่ (ทุกดัชนีและทุกสาขา)").is_checked()
    assert serious_violations(page) == []
    shoot(page, "public-subscribe")
    page.get_by_role("button", name="ส่งลิงก์ยืนยันให้ฉัน").click()
    assert "somsri@example.org" in page.inner_text("main")
    (confirmation,) = [item for item in live.smtp.received if item.recipients == ["somsri@example.org"]]
    link = re.search(r"https?://\S+/subscribe/confirm\?\S+", confirmation.message.get_content())
    assert link is not None
    page.goto(link.group(0))
    page.get_by_role("button", name="ยืนยัน").click()
    assert page.inner_text("h1") == "สมัครรับเรียบร้อยแล้ว"
    shoot(page, "public-subscribed")
    page.close()

    services = live.services
    _, (drafted,) = import_releases(services.database, [SAMPLE_DIR / "next-release.csv"], services.settings)
    services.announcements.approve(drafted, by="approver@oie.example")
    services.announcements.schedule(drafted, utcnow() + timedelta(seconds=2), by="approver@oie.example")
    deadline = time.monotonic() + 30
    while not [item for item in live.smtp.received if item.recipients == ["somsri@example.org"]][1:]:
        assert time.monotonic() < deadline, "the release did not reach the new subscriber"
        time.sleep(0.2)
    release = [item for item in live.smtp.received if item.recipients == ["somsri@example.org"]][1].message
    assert "ต.ค. 2569" in release["Subject"] or "ตุลาคม 2569" in release["Subject"]
    assert release["List-Unsubscribe"]
