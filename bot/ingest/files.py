"""Reading one release file, whatever its format, into validated
observations. Every problem is collected with its place (file, line or
sheet!cell) so a rejected file can be fixed in one go."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import BinaryIO

from bot.config import SAMPLE_DATA_DIR
from bot.ingest.csv_reader import read_csv
from bot.ingest.limits import FileRefusedError, limits, open_release_file, oversize
from bot.ingest.records import Problem, ReleaseFile, ReleaseFileError, duplicate_problems
from bot.ingest.workbook_reader import read_workbook

CHUNK_BYTES = 1024 * 1024


def read_release_file(path: Path, progress: bool = False) -> ReleaseFile:
    """Parse and validate one file; raise ReleaseFileError listing every problem.
    The file is opened once and read as a stream, so memory stays flat
    whatever its size."""
    try:
        handle = open_release_file(path)
    except FileRefusedError as refusal:
        raise ReleaseFileError(path, [Problem(path.name, str(refusal))]) from None
    with handle:
        try:
            sha256, has_content = _digest(handle)
            handle.seek(0)
        except OSError as error:
            raise ReleaseFileError(path, [Problem(path.name, f"cannot read file: {error.strerror}")]) from error
        except FileRefusedError as refusal:
            raise ReleaseFileError(path, [Problem(path.name, str(refusal))]) from None
        if not has_content:
            raise ReleaseFileError(path, [Problem(path.name, "file is empty")])
        release = ReleaseFile(path=path, file_format="", sha256=sha256)
        problems: list[Problem] = []
        suffix = path.suffix.lower()
        if suffix in {".xlsx", ".xlsm"}:
            release.file_format = "xlsx"
            read_workbook(path, handle, release, problems, progress)
        elif suffix in {".csv", ".txt"}:
            release.file_format = "csv"
            read_csv(path, handle, release, problems, progress)
            release.looks_like_sample = _is_bundled_sample(path, release.sha256)
        else:
            problems.append(Problem(path.name, f"unsupported file type {suffix or '(none)'}: use .csv or .xlsx"))
    if not problems and not release.observations:
        problems.append(Problem(path.name, "no data rows found"))
    problems.extend(duplicate_problems(release.observations))
    if problems:
        raise ReleaseFileError(path, problems)
    return release


def _digest(handle: BinaryIO) -> tuple[str, bool]:
    """The file's SHA-256 and whether it holds anything but white space,
    read in chunks; a file that grew past the limit since it was opened is refused."""
    digest = hashlib.sha256()
    size = 0
    has_content = False
    while chunk := handle.read(CHUNK_BYTES):
        size += len(chunk)
        if size > limits().max_file_bytes:
            raise FileRefusedError(oversize(size))
        digest.update(chunk)
        has_content = has_content or bool(chunk.strip())
    return digest.hexdigest(), has_content


def _is_bundled_sample(path: Path, sha256: str) -> bool:
    """A file of the bundled sample folder, or a byte-identical copy of one
    (uploaded through the console, say): synthetic data wherever it comes from."""
    if sha256 in _sample_hashes():
        return True
    try:
        return path.resolve().is_relative_to(SAMPLE_DATA_DIR.resolve())
    except OSError:
        return False


@cache
def _sample_hashes() -> frozenset[str]:
    return frozenset(hashlib.sha256(path.read_bytes()).hexdigest() for path in SAMPLE_DATA_DIR.glob("*.*"))
