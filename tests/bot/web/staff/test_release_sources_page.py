"""Staff see how each release source's last fetch ended on the imports page."""

from __future__ import annotations

from bot.data.db import Database
from bot.data.models import ReleaseSource, utcnow
from tests.bot.web.staff.conftest import SignedIn


def test_a_failed_fetch_is_shown_with_its_reason(signed_in: SignedIn, database: Database) -> None:
    with database.session() as session:
        session.add(
            ReleaseSource(
                key="url:https://oie.example/files/mpi.csv",
                status="failed",
                detail="mpi.csv:2: month must be 1..12",
                checked_at=utcnow(),
            )
        )
    page = signed_in("viewer").get("/staff/imports").get_data(as_text=True)
    assert "แหล่งไฟล์ข้อมูลเผยแพร่" in page
    assert "url:https://oie.example/files/mpi.csv" in page
    assert "month must be 1..12" in page
