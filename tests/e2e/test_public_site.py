"""The public site in a real browser (Debian's chromium): every page in Thai
and English, at phone and desktop width, with axe-core finding no serious or
critical violations and the Thai text drawn in a Thai font; the screenshots
are kept as artifacts."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import LiveService, serious_violations, shoot

PAGES = (
    "/",
    "/releases/2026-09",
    "/indicators",
    "/indicators/MPI?from=2025-01&to=2026-09",
    "/indicators/CAPU?sector=29",
    "/sectors",
    "/sectors/29",
    "/calendar",
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
