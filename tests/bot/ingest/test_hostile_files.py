"""Hostile and careless release files, generated here (small bombs that
exceed the limits, and the reported ones at full size, imported in a child
process with an address-space limit): each refused with a message naming
the limit, quickly, in bounded memory, quoting nothing of a file it should
not, and the database unchanged."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.data.db import Database
from bot.ingest import limits as import_limits
from bot.ingest.importer import import_files
from bot.ingest.records import ReleaseFileError
from bot.ingest.watched_folder import import_folder
from tests.helpers import PROJECT_ROOT, SAMPLE_DIR, snapshot

HEADER = "indicator,tsic,year,month,value,preliminary\n"


@pytest.fixture
def loaded(database: Database) -> Database:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    return database


@pytest.fixture
def tight_limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in {
        "IMPORT_MAX_ROWS": "100",
        "IMPORT_MAX_UNCOMPRESSED_MB": "2",
        "IMPORT_MAX_CELL_CHARS": "200",
    }.items():
        monkeypatch.setenv(name, value)
    import_limits.limits.cache_clear()
    yield
    import_limits.limits.cache_clear()


def refused(database: Database, path: Path) -> str:
    before = snapshot(database)
    started = time.perf_counter()
    with pytest.raises(ReleaseFileError) as error:
        import_files(database, [path])
    assert time.perf_counter() - started < 10
    assert snapshot(database) == before
    return str(error.value)


def zipped(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_shared_strings_bomb_is_refused_from_the_zip_directory(loaded: Database, tmp_path: Path) -> None:
    bomb = zipped(
        tmp_path / "bomb.xlsx",
        {"[Content_Types].xml": b"<Types/>", "xl/sharedStrings.xml": b"<sst>" + b"A" * 8_000_000},
    )
    assert os.path.getsize(bomb) < 100_000
    message = refused(loaded, bomb)
    assert "IMPORT_MAX_COMPRESSION_RATIO" in message


def test_a_workbook_that_unpacks_too_large_is_refused(loaded: Database, tmp_path: Path, tight_limits: None) -> None:
    noise = os.urandom(3 * 1024 * 1024)  # incompressible: the ratio is fine, the size is not
    message = refused(loaded, zipped(tmp_path / "big.xlsx", {"xl/worksheets/sheet1.xml": noise}))
    assert "IMPORT_MAX_UNCOMPRESSED_MB" in message


def test_formula_cells_without_a_stored_result_are_named(loaded: Database, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["", "ม.ค. 69", "ก.พ. 69"])
    sheet.append(["รวมทั้งหมด", 100.5, "=B2*1.01"])  # openpyxl stores the formula, never its result
    path = tmp_path / "formulas.xlsx"
    workbook.save(path)
    message = refused(loaded, path)
    assert "formula cells without a stored result (C2)" in message


def test_csv_limits_rows_fields_and_numbers(loaded: Database, tmp_path: Path, tight_limits: None) -> None:
    many = tmp_path / "many.csv"
    many.write_text(HEADER + "MPI,TOTAL,2569,10,100.00,1\n" * 150, encoding="utf-8")
    assert "more than 100 rows (IMPORT_MAX_ROWS)" in refused(loaded, many)
    wide = tmp_path / "wide.csv"
    wide.write_text(HEADER + "MPI,TOTAL,2569,10," + "9" * 200_000 + ",1\n", encoding="utf-8")
    message = refused(loaded, wide)
    assert "IMPORT_MAX_CELL_CHARS" in message
    assert len(message) < 1000  # the field is not quoted back
    odd = tmp_path / "odd.csv"
    odd.write_text(HEADER + "MPI,TOTAL,2569,10,+1e2,1\nMPI,10,2569,10,NaN,1\n", encoding="utf-8")
    message = refused(loaded, odd)
    assert "value '+1e2' is not a number" in message
    assert "value 'NaN' is not a number" in message


def test_links_and_devices_are_refused_without_reading_them(loaded: Database, tmp_path: Path) -> None:
    secret = tmp_path / "environ"
    secret.write_text("LINE_CHANNEL_SECRET=canary-secret-4411\n", encoding="utf-8")
    (tmp_path / "environ.csv").symlink_to(secret)
    message = refused(loaded, tmp_path / "environ.csv")
    assert "a link, not a file" in message
    assert "canary-secret" not in message
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    assert "a link, not a file" in refused(loaded, tmp_path / "zero.csv")


def test_the_watched_folder_sets_aside_each_bad_file_and_imports_the_rest(loaded: Database, tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "a-broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "b-link.csv").symlink_to(SAMPLE_DIR / "next-release.csv")
    (folder / "c-release.csv").write_bytes((SAMPLE_DIR / "next-release.csv").read_bytes())
    old = time.time() - 60
    for path in folder.iterdir():
        os.utime(path, (old, old), follow_symlinks=False)
    run = import_folder(folder, lambda paths: ([*import_files(loaded, paths)], []))
    assert (run.imported, run.set_aside) == (1, 2)
    assert sorted(path.name for path in (folder / "done").iterdir()) == ["c-release.csv"]
    rejected = folder / "rejected"
    assert {path.name for path in rejected.iterdir()} >= {"a-broken.xlsx", "b-link.csv", "b-link.csv.errors.txt"}
    report = rejected / "b-link.csv.errors.txt"
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert "not a regular file" in report.read_text(encoding="utf-8")


def refused_in_a_child(bomb: Path, database_url: str, address_space_mb: int) -> str:
    """`python -m bot import` in a child process limited to `address_space_mb`
    of address space: the file is refused, not the process killed, within a minute."""

    def limit_memory() -> None:
        limit = address_space_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "bot", "import", str(bomb)],
        cwd=PROJECT_ROOT, env={**os.environ, "DATABASE_URL": database_url}, capture_output=True, text=True,
        timeout=120, preexec_fn=limit_memory,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr[-2000:]
    assert "MemoryError" not in result.stderr
    assert time.perf_counter() - started < 60
    return result.stdout + result.stderr


def test_a_sheet_bomb_is_refused_in_bounded_memory(loaded: Database, tmp_path: Path, database_url: str) -> None:
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n) for n in range(1, 400_000)
    )
    bomb = zipped(
        tmp_path / "sheet-bomb.xlsx",
        {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>"},
    )
    before = snapshot(loaded)
    assert "rejected" in refused_in_a_child(bomb, database_url, address_space_mb=1536)
    assert snapshot(loaded) == before


def shared_strings_bomb(folder: Path) -> Path:
    """As reported: a few MB that unpack to 1.1 GB of shared strings."""
    path = folder / "shared-strings-bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(b"<sst>")
            chunk = b"<si><t>" + b"A" * 1000 + b"</t></si>"
            for _ in range(1_100_000):
                part.write(chunk)
    return path


def link_to_dev_zero(folder: Path) -> Path:
    path = folder / "zero.csv"
    path.symlink_to("/dev/zero")
    return path


def two_million_rows(folder: Path) -> Path:
    path = folder / "two-million.csv"
    path.write_bytes(HEADER.encode() + b"MPI,TOTAL,2569,10,100.00,1\n" * 2_000_000)
    return path


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (shared_strings_bomb, "unpacks to 1066 MB, over the limit of 50 MB (IMPORT_MAX_UNCOMPRESSED_MB)"),
        (link_to_dev_zero, "a link, not a file"),
        (two_million_rows, "IMPORT_MAX_FILE_MB"),
    ],
)
def test_the_reported_files_at_full_size_are_refused_in_bounded_memory(
    loaded: Database, tmp_path: Path, database_url: str, build: Callable[[Path], Path], reason: str
) -> None:
    """The files of the report, as large as reported (1.1 GB unpacked, an
    endless device, 2,000,000 rows), each refused in a child process
    limited to 800 MB of address space."""
    before = snapshot(loaded)
    assert reason in refused_in_a_child(build(tmp_path), database_url, address_space_mb=800)
    assert snapshot(loaded) == before


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("XXX,TOTAL,2569,10,100.00,1", "stopped reading after 1,000 problems"),
        ("MPI,TOTAL,2569,10,100.00,1", "more than 250,000 rows (IMPORT_MAX_ROWS)"),
    ],
)
def test_a_csv_at_the_size_limit_is_read_as_a_stream(
    loaded: Database, tmp_path: Path, database_url: str, row: str, reason: str
) -> None:
    """19 MB of rows, read row by row in 800 MB of address space (Python and
    its libraries take about half): the file is never held whole, and
    neither are a million complaints about it."""
    path = tmp_path / "huge.csv"
    line = (row + "\n").encode()
    path.write_bytes(HEADER.encode() + line * (19 * 1024 * 1024 // len(line)))
    before = snapshot(loaded)
    output = refused_in_a_child(path, database_url, address_space_mb=800)
    assert reason in output
    assert snapshot(loaded) == before


def test_a_workbook_of_many_small_parts_is_refused_unread(loaded: Database, tmp_path: Path) -> None:
    """The reported file: thousands of small parts adding up past the default
    limit cost 26 s of CPU to read; the zip directory alone now refuses it."""
    import_limits.limits.cache_clear()
    path = tmp_path / "many-parts.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(700):
            archive.writestr(f"xl/worksheets/sheet{number}.xml", b"<c/>" * 25_000)  # 100 kB each
    started = time.perf_counter()
    message = refused(loaded, path)
    assert "unpacks to 67 MB, over the limit of 50 MB" in message
    assert time.perf_counter() - started < 2
