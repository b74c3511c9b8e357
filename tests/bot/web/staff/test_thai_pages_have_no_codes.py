"""Every console and public page, read in Thai, says things in Thai: no
untranslated English words and no raw codes (`user_add`, `sector:27`,
`TOTAL`, `sample`, CE dates), outside an allow-list of names that stay as
they are (brands, abbreviations Thai readers use, file formats)."""

from __future__ import annotations

import html
import re

from flask import Flask

from bot.app import services_of
from tests.bot.web.staff.conftest import SignedIn, post, upload
from tests.helpers import SAMPLE_DIR, console_pages, first_import

PUBLIC_PAGES = (
    "/",
    "/releases/2026-10",
    "/indicators",
    "/indicators/MPI?from=2025-01&to=2026-10",
    "/indicators/CAPU?sector=29",
    "/sectors",
    "/sectors/29",
    "/calendar",
    "/search?q=ยา",
    "/subscribe",
    "/alerts",
)
# Names Thai readers read as they are.
ALLOWED = {
    "MPI", "TSIC", "LINE", "X", "Facebook", "Page", "OIE", "English", "CSV", "xlsx", "csv", "sha256", "API",
    "JSON", "RSS", "Atom", "PNG", "QR", "Google", "Microsoft", "Authenticator", "FreeOTP", "YoY", "MoM", "YTD",
    "OpenAPI", "Q3", "ISIC", "Rev", "CC", "BY", "CapU", "Excel", "XLSX", "SDMX", "ics", "JPEG", "MB",
    "HTTPS", "Standard", "Webhooks",  # a protocol and a standard, by their names
    "webhook", "id", "xx",  # the header webhook-id and the status class 2xx that partners' developers look for
    "p",  # the preliminary mark of statistical tables, explained beside each ("p: ตัวเลขเบื้องต้น")
}  # fmt: skip
# Examples of questions people may type, shown as such; the fixtures' own actor.
EXAMPLES = {"latest", "test"}


def visible_words(page: str) -> list[str]:
    """Latin words a reader sees: text and the attributes read aloud, without e-mail
    addresses, web addresses, file names and hexadecimal digests."""
    # Scripts, styles and code shown as code (the embed snippet) are not prose.
    page = re.sub(r"(?s)<(script|style|textarea|code|pre)[^>]*>.*?</\1>", " ", page)
    spoken = " ".join(re.findall(r'(?:alt|title|aria-label|placeholder)="([^"]*)"', page))
    text = html.unescape(re.sub(r"(?s)<[^>]+>", " ", page) + " " + spoken)
    text = re.sub(
        r"\S+@\S+|https?://\S+|\b[\w.-]+\.(?:csv|xlsx|png|json|ics)\b|\b[0-9a-fA-F]{10,}\b|\b[A-Z2-7]{32}\b", " ", text
    )
    return re.findall(r"[A-Za-z_][A-Za-z0-9_:]*[A-Za-z0-9]|\b[A-Za-z]\b", text)


def strays(words: list[str]) -> set[str]:
    return {word for word in words if word not in ALLOWED and word not in EXAMPLES}


def test_every_page_in_thai_has_no_english_and_no_codes(console_app: Flask, signed_in: SignedIn) -> None:
    admin = signed_in("admin")
    batch = upload(admin, "next-release.csv", (SAMPLE_DIR / "next-release.csv").read_bytes())
    assert post(admin, f"{batch}/confirm") == 302
    announcement = services_of(console_app).announcements.create(
        "ข่าวยา", audience="topics", topics=["sector:21"], channels=["line"], created_by="editor@oie.example"
    )
    admin.get("/language/th?next=/staff/")
    found = {}
    for path in console_pages(
        console_app, batch=first_import(services_of(console_app).database), announcement=announcement
    ):
        response = admin.get(path)
        assert response.status_code == 200, path
        if left := strays(visible_words(response.get_data(as_text=True))):
            found[path] = sorted(left)
    public = console_app.test_client()
    for path in PUBLIC_PAGES:
        response = public.get(path)
        assert response.status_code == 200, path
        if left := strays(visible_words(response.get_data(as_text=True))):
            found[path] = sorted(left)
    assert found == {}, "\n".join(f"{path}: {words}" for path, words in found.items())
    # Dates read in the Buddhist era, never a bare Common-Era date.
    for path in ("/staff/audit", "/staff/release-dates", "/staff/imports"):
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", admin.get(path).get_data(as_text=True).split("<main", 1)[-1])
