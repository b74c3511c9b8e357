"""Reading one release file, whatever its format, into validated
observations. Every problem is collected with its place (file, line or
sheet!cell) so a rejected file can be fixed in one go."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from bot.config import SAMPLE_DATA_DIR
from bot.ingest.csv_reader import read_csv
from bot.ingest.limits import file_refusal
from bot.ingest.records import Problem, ReleaseFile, ReleaseFileError, duplicate_problems
from bot.ingest.workbook_reader import read_workbook


def read_release_file(path: Path, progress: bool = False) -> ReleaseFile:
    """Parse and validate one file; raise ReleaseFileError listing every problem."""
    refused = file_refusal(path)
    if refused is not None:
        raise ReleaseFileError(path, [Problem(path.name, refused)])
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ReleaseFileError(path, [Problem(str(path), f"cannot read file: {error.strerror}")]) from error
    if not raw.strip():
        raise ReleaseFileError(path, [Problem(str(path), "file is empty")])
    suffix = path.suffix.lower()
    release = ReleaseFile(path=path, file_format="", sha256=hashlib.sha256(raw).hexdigest())
    problems: list[Problem] = []
    if suffix in {".xlsx", ".xlsm"}:
        release.file_format = "xlsx"
        read_workbook(path, raw, release, problems, progress)
    elif suffix in {".csv", ".txt"}:
        release.file_format = "csv"
        read_csv(path, raw, release, problems, progress)
        release.looks_like_sample = _is_bundled_sample(path, release.sha256)
    else:
        problems.append(Problem(str(path), f"unsupported file type {suffix or '(none)'}: use .csv or .xlsx"))
    if not problems and not release.observations:
        problems.append(Problem(str(path), "no data rows found"))
    problems.extend(duplicate_problems(release.observations))
    if problems:
        raise ReleaseFileError(path, problems)
    return release


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
