"""Before an import is confirmed, staff see each revised figure old -> new and
values unlike their series, which must be ticked as checked; files in Thai
digits are read."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask

from bot.app import services_of
from nlp.thaidate import YearMonth
from tests.bot.web.staff.conftest import SignedIn, post, upload

HEADER = "indicator,tsic,year,month,value,preliminary\n"


def test_revised_values_and_an_outlier_are_shown_and_must_be_checked(console_app: Flask, signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    # September revised (100.62 -> 100.95); October's automotive index typed ten times too large.
    body = HEADER + "MPI,TOTAL,2569,9,100.95,1\nMPI,29,2569,10,1146.00,1\n"
    preview_path = upload(editor, "revision.csv", body.encode())
    page = editor.get(preview_path).get_data(as_text=True)
    assert "ค่าที่ปรับปรุง 1 ค่า" in page
    for shown in ("100.62", "100.95", "+0.33"):  # old -> new, and by how much
        assert shown in page
    assert "โปรดตรวจค่าเหล่านี้" in page
    assert "1,146.00" in page
    assert "เท่าของระดับปกติ" in page
    assert 'name="values_checked"' in page
    snapshot = services_of(console_app).store.snapshot()
    assert post(editor, f"{preview_path}/confirm") == 302  # refused: the values were not ticked as checked
    assert services_of(console_app).store.snapshot().point("MPI", "29", YearMonth(2026, 10)) is None
    assert snapshot.point("MPI", "TOTAL", YearMonth(2026, 9)).value == Decimal("100.62")  # type: ignore[union-attr]
    assert post(editor, f"{preview_path}/confirm", {"values_checked": "1"}) == 302
    stored = services_of(console_app).store.snapshot().point("MPI", "29", YearMonth(2026, 10))
    assert stored is not None
    assert stored.value == Decimal("1146.00")


def test_a_file_in_thai_digits_is_read(console_app: Flask, signed_in: SignedIn) -> None:
    editor = signed_in("editor")
    body = HEADER + "MPI,๒๙,๒๕๖๙,๑๐,๑๑๔.๖๐,๑\n"
    page = editor.get(upload(editor, "thai-digits.csv", body.encode())).get_data(as_text=True)
    assert "สิ่งที่การนำเข้าจะเปลี่ยน" in page
    assert "ต.ค. 2569" in page


def test_the_import_history_is_narrowed_by_file_name_dataset_and_revisions(
    console_app: Flask, signed_in: SignedIn
) -> None:
    editor = signed_in("editor")
    body = HEADER + "MPI,TOTAL,2569,9,100.95,1\n"
    assert post(editor, f"{upload(editor, 'revision-september.csv', body.encode())}/confirm") == 302
    every = editor.get("/staff/imports").get_data(as_text=True)
    assert "revision-september.csv" in every
    assert "indicators.csv" in every  # the history the console was started with

    def shown(query: str) -> tuple[bool, bool]:
        page = editor.get(f"/staff/imports?{query}").get_data(as_text=True).split('id="history"', 1)[1]
        return "revision-september.csv" in page, "indicators.csv" in page

    assert shown("q=SEPTEMBER") == (True, False)
    assert shown("revised=1") == (True, False)
    assert shown("q=indicators") == (False, True)
    assert shown("dataset=OIE") == (True, False)  # the console's upload is official, the start-up history sample
    assert shown("dataset=sample") == (False, True)
    assert "ไม่มีการนำเข้าที่ตรงกับตัวกรองนี้" in editor.get("/staff/imports?q=nothing-like-it").get_data(as_text=True)
    assert editor.get("/staff/imports?q=" + "%25_" * 60).status_code == 200  # LIKE wildcards are plain text
