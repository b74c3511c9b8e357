from __future__ import annotations

from flask.testing import FlaskClient

from bot.data.db import Database
from bot.ingest.importer import import_files
from tests.helpers import SAMPLE_DIR


def test_health_on_an_empty_store(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "latest_month": None, "observations": 0}
    assert "ยังไม่มีการเผยแพร่ตัวเลข" in client.get("/").get_data(as_text=True)


def test_pages_show_the_latest_figures(client: FlaskClient, database: Database) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv", SAMPLE_DIR / "next-release.csv"])
    assert client.get("/healthz").get_json()["latest_month"] == "2026-10"
    page = client.get("/").get_data(as_text=True)
    assert "ข้อมูลล่าสุด: ต.ค. 2569" in page
    assert "ข้อมูลตัวอย่าง" in page
    assert "Latest release: October 2026" in client.get("/?lang=en").get_data(as_text=True)
    deprecated = client.get("/api/latest")
    assert deprecated.headers["Deprecation"] == "true"
    latest = deprecated.get_json()
    assert latest["period"] == "2026-10"
    assert latest["values"]["MPI"]["preliminary"] is True
    series = client.get("/api/series/capu?sector=29&months=3").get_json()
    assert [point["period"] for point in series["points"]] == ["2026-08", "2026-09", "2026-10"]
    assert client.get("/api/series/GDP").status_code == 404
