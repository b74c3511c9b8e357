"""Staff upload an announcement's image: it is checked, encoded again and
served from the service's own address, which the preview shows; anything
else is refused with the text kept."""

from __future__ import annotations

import io

from flask import Flask
from PIL import Image

from bot.app import services_of
from tests.bot.web.staff.conftest import SignedIn, csrf_token


def _png(width: int = 640, height: int = 400) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (11, 110, 79)).save(out, format="PNG")
    return out.getvalue()


def _upload(client: object, content: bytes, name: str) -> str:
    data = {
        "csrf_token": csrf_token(client, "/staff/announcements/new"),  # type: ignore[arg-type]
        "text": "งานสัมมนาเศรษฐกิจอุตสาหกรรม",
        "upload": "1",
        "image_file": (io.BytesIO(content), name),
    }
    response = client.post("/staff/announcements/new", data=data, content_type="multipart/form-data")  # type: ignore[attr-defined]
    return str(response.get_data(as_text=True))


def test_an_uploaded_image_is_served_from_our_address_and_previewed(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("editor")
    page = _upload(client, _png(), "seminar.png")
    assert "งานสัมมนาเศรษฐกิจอุตสาหกรรม" in page  # the text is kept: nothing saved yet
    found = services_of(console_app).settings.public_base_url + "/media/"
    assert found in page  # the image address the channels will use
    path = page.split('src="/media/', 1)[1].split('"', 1)[0]
    served = client.get(f"/media/{path}")
    assert served.status_code == 200
    assert served.mimetype == "image/png"
    assert Image.open(io.BytesIO(served.get_data())).size == (640, 400)
    assert services_of(console_app).announcements.list() == []


def test_a_large_photo_is_scaled_down_and_anything_else_refused(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("editor")
    big = io.BytesIO()
    Image.new("RGB", (4000, 3000), (200, 30, 30)).save(big, format="JPEG")
    page = _upload(client, big.getvalue(), "photo.jpg")
    path = page.split('src="/media/', 1)[1].split('"', 1)[0]
    assert path.endswith(".jpg")
    assert max(Image.open(io.BytesIO(client.get(f"/media/{path}").get_data())).size) == 2048
    refused = _upload(client, b"%PDF-1.4 not an image", "report.pdf")
    assert "PNG หรือ JPEG" in refused
    assert "งานสัมมนาเศรษฐกิจอุตสาหกรรม" in refused
    assert client.get("/media/../../etc/passwd").status_code == 404


def test_a_chart_of_the_latest_months_can_be_picked_as_the_image(console_app: Flask, signed_in: SignedIn) -> None:
    client = signed_in("editor")
    form = client.get("/staff/announcements/new").get_data(as_text=True)
    assert 'name="chart_indicator"' in form
    data = {
        "csrf_token": csrf_token(client, "/staff/announcements/new"),
        "text": "ยานยนต์เดือนนี้",
        "use_chart": "1",
        "chart_indicator": "MPI",
        "chart_sector": "29",
    }
    page = client.post("/staff/announcements/new", data=data).get_data(as_text=True)
    assert "ยานยนต์เดือนนี้" in page  # the text is kept
    image = page.split('id="image_url" name="image_url" type="url" value="', 1)[1].split('"', 1)[0]
    assert "/charts/MPI_29_2024-10_2026-09_" in image
    path = "/" + image.split("://", 1)[1].split("/", 1)[1]  # the address without the host
    assert client.get(path).status_code == 200
    refused = client.post("/staff/announcements/new", data={**data, "chart_indicator": "GDP"})
    assert "ไม่มีตัวเลขสำหรับกราฟนั้น" in refused.get_data(as_text=True)
