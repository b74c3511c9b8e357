"""Malformed release files are rejected whole, with the place and the reason,
and the database is left exactly as it was."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from bot.data.db import Database
from bot.ingest.importer import import_files
from bot.ingest.records import ReleaseFileError
from tests.helpers import SAMPLE_DIR, snapshot

HEADER = "indicator,tsic,year,month,value,preliminary\n"
GOOD_ROW = "MPI,TOTAL,2569,10,101.50,1\n"


@pytest.fixture
def loaded(database: Database) -> Database:
    """A store holding the sample history, so "unchanged" means something."""
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    return database


def reject(database: Database, path: Path) -> ReleaseFileError:
    before = snapshot(database)
    with pytest.raises(ReleaseFileError) as caught:
        import_files(database, [path])
    assert snapshot(database) == before
    return caught.value


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(
    ("rows", "place", "reason"),
    [
        ("MPI,99,2569,10,101.50,1\n", ":3", "unknown sector code '99'"),
        ("MPI,18,2569,10,101.50,1\n", ":3", "unknown sector code '18'"),
        ("GDP,TOTAL,2569,10,101.50,1\n", ":3", "unknown indicator 'GDP'"),
        ("MPI,10,2569,13,101.50,1\n", ":3", "month '13' is not 1-12"),
        ("MPI,10,2569,0,101.50,1\n", ":3", "month '0' is not 1-12"),
        ("MPI,10,2569,10,n/a,1\n", ":3", "value 'n/a' is not a number"),
        ("MPI,10,2569,10,,1\n", ":3", "value '' is not a number"),
        ("MPI,10,2569,10,101.505,1\n", ":3", "more than 2 decimal places"),
        ("MPI,10,2569,10,-1.00,1\n", ":3", "negative"),
        ("CAPU,10,2569,10,101.00,1\n", ":3", "above 100 percent"),
        ("MPI,10,2026,10,101.50,1\n", ":3", "looks like a Common-Era year"),
        ("MPI,10,2569,10,101.50,yes\n", ":3", "preliminary 'yes' must be 0 or 1"),
        ("MPI,10,2569,10,101.50\n", ":3", "expected 6 fields, found 5"),
        (GOOD_ROW, ":3", "duplicate of next.csv:2 (MPI TOTAL 2569-10)"),
    ],
)
def test_invalid_row_rejects_the_whole_file(
    loaded: Database, tmp_path: Path, rows: str, place: str, reason: str
) -> None:
    path = write(tmp_path, "next.csv", HEADER + GOOD_ROW + rows)
    error = reject(loaded, path)
    assert any(str(problem).startswith("next.csv" + place) for problem in error.problems), error
    assert reason in str(error)


def test_every_problem_is_listed(loaded: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "next.csv", HEADER + "MPI,99,2569,10,1,1\nMPI,10,2569,13,x,1\n")
    error = reject(loaded, path)
    places = [problem.place for problem in error.problems]
    assert places == ["next.csv:2", "next.csv:3", "next.csv:3"]


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("indicator,sector,year,month,value,preliminary\n", "missing tsic; unexpected 'sector'"),
        ("indicator,tsic,year,month,value\n", "missing preliminary"),
        ("MPI,TOTAL,2569,9,100.62,1\n", "wrong header"),
    ],
)
def test_wrong_header(loaded: Database, tmp_path: Path, header: str, reason: str) -> None:
    error = reject(loaded, write(tmp_path, "bad.csv", header + GOOD_ROW))
    assert error.problems[0].place == "bad.csv:1"
    assert reason in str(error)


def test_empty_file(loaded: Database, tmp_path: Path) -> None:
    error = reject(loaded, write(tmp_path, "empty.csv", ""))
    assert "file is empty" in str(error)


def test_header_only_file(loaded: Database, tmp_path: Path) -> None:
    error = reject(loaded, write(tmp_path, "header.csv", HEADER))
    assert "no data rows" in str(error)


def test_non_utf8_csv_names_the_line(loaded: Database, tmp_path: Path) -> None:
    content = (HEADER + GOOD_ROW).encode("utf-8") + "MPI,10,2569,10,101.00,1,ข้อมูล\n".encode("tis-620")
    error = reject(loaded, write(tmp_path, "thai-ansi.csv", content))
    assert error.problems[0].place == "thai-ansi.csv:3"
    assert "not UTF-8" in str(error)


def test_unsupported_extension(loaded: Database, tmp_path: Path) -> None:
    error = reject(loaded, write(tmp_path, "release.pdf", "%PDF-1.4"))
    assert "unsupported file type .pdf" in str(error)


def test_one_bad_file_keeps_good_files_out_too(loaded: Database, tmp_path: Path) -> None:
    good = write(tmp_path, "good.csv", HEADER + GOOD_ROW)
    bad = write(tmp_path, "bad.csv", HEADER + "MPI,10,2569,10,n/a,1\n")
    before = snapshot(loaded)
    with pytest.raises(ReleaseFileError):
        import_files(loaded, [good, bad])
    assert snapshot(loaded) == before


# --- workbooks -------------------------------------------------------------------


def edited_workbook(tmp_path: Path, edit: Callable[[openpyxl.Workbook], None]) -> Path:
    workbook = openpyxl.load_workbook(SAMPLE_DIR / "oie-style.xlsx")
    edit(workbook)
    path = tmp_path / "edited.xlsx"
    workbook.save(path)
    return path


def test_truncated_workbook(loaded: Database, tmp_path: Path) -> None:
    data = (SAMPLE_DIR / "oie-style.xlsx").read_bytes()
    error = reject(loaded, write(tmp_path, "cut.xlsx", data[: len(data) // 2]))
    assert error.problems[0].place == "cut.xlsx"
    assert "not a readable .xlsx workbook" in str(error)


def test_corrupt_workbook(loaded: Database, tmp_path: Path) -> None:
    error = reject(loaded, write(tmp_path, "junk.xlsx", b"PK\x03\x04 this is not a zip" * 10))
    assert "not a readable .xlsx workbook" in str(error)


def test_workbook_text_value_names_the_cell(loaded: Database, tmp_path: Path) -> None:
    def edit(workbook: openpyxl.Workbook) -> None:
        workbook["CAPU"]["D7"] = "n/a"

    error = reject(loaded, edited_workbook(tmp_path, edit))
    assert [str(p) for p in error.problems] == ["edited.xlsx!CAPU!D7: value 'n/a' is not a number"]


def test_workbook_unknown_sector_row(loaded: Database, tmp_path: Path) -> None:
    def edit(workbook: openpyxl.Workbook) -> None:
        workbook["MPI"]["A8"] = "TSIC : 99 ไม่มีสาขานี้"

    error = reject(loaded, edited_workbook(tmp_path, edit))
    assert str(error.problems[0]) == "edited.xlsx!MPI!A8: unknown sector code '99'"


def test_workbook_duplicate_sector_row(loaded: Database, tmp_path: Path) -> None:
    def edit(workbook: openpyxl.Workbook) -> None:
        workbook["MPI"]["A8"] = "TSIC : 10 การผลิตผลิตภัณฑ์อาหาร"  # row 8 is division 11

    error = reject(loaded, edited_workbook(tmp_path, edit))
    assert "duplicate of edited.xlsx!MPI!C7" in str(error)


def test_workbook_without_month_table(loaded: Database, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "nothing to see"
    buffer = io.BytesIO()
    workbook.save(buffer)
    error = reject(loaded, write(tmp_path, "notes.xlsx", buffer.getvalue()))
    assert "no sheet with a table of months" in str(error)


def test_workbook_header_rows_are_found_by_content(database: Database, tmp_path: Path) -> None:
    """Extra rows above the table and a shifted layout still import."""

    def edit(workbook: openpyxl.Workbook) -> None:
        for sheet in workbook.worksheets:
            sheet.insert_rows(1, amount=3)
            sheet["A1"] = "สำนักงานเศรษฐกิจอุตสาหกรรม"
            sheet.insert_cols(1)

    (summary,) = import_files(database, [edited_workbook(tmp_path, edit)])
    assert summary.rows_read == 6348
    assert summary.total("new") == 6348
