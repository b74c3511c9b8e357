"""Reading one release file, whatever its format, into validated
observations. Every problem is collected with its place (file, line or
sheet!cell) so a rejected file can be fixed in one go."""

from __future__ import annotations

import codecs
import hashlib
from functools import cache
from pathlib import Path
from typing import BinaryIO

from bot.config import SAMPLE_DATA_DIR
from bot.ingest.csv_reader import read_csv
from bot.ingest.limits import FileRefusedError, limits, open_release_file, oversize
from bot.ingest.records import FileFacts, Problem, ReleaseFile, ReleaseFileError, duplicate_problems
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
            facts = _survey(handle)
            handle.seek(0)
        except OSError as error:
            raise ReleaseFileError(path, [Problem(path.name, f"cannot read file: {error.strerror}")]) from error
        except FileRefusedError as refusal:
            raise ReleaseFileError(path, [Problem(path.name, str(refusal))]) from None
        if not facts.has_content:
            raise ReleaseFileError(path, [Problem(path.name, "file is empty")])
        release = ReleaseFile(path=path, file_format="", sha256=facts.sha256)
        problems: list[Problem] = []
        suffix = path.suffix.lower()
        if suffix in {".xlsx", ".xlsm"}:
            release.file_format = "xlsx"
            read_workbook(path, handle, release, problems, progress)
        elif suffix in {".csv", ".txt"}:
            release.file_format = "csv"
            read_csv(path, handle, facts, release, problems, progress)
            release.looks_like_sample = _is_bundled_sample(path, release.sha256)
        else:
            problems.append(Problem(path.name, f"unsupported file type {suffix or '(none)'}: use .csv or .xlsx"))
    if not problems and not release.observations:
        problems.append(Problem(path.name, "no data rows found"))
    problems.extend(duplicate_problems(release.observations))
    if problems:
        raise ReleaseFileError(path, problems)
    return release


def _survey(handle: BinaryIO) -> FileFacts:
    """One read through the file, in chunks: its facts, and a refusal if it
    grew past the size limit since it was opened. Decoding as UTF-8 here
    means the CSV reader never meets a decoding error mid-row."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = lines = 0
    has_content = False
    undecodable_line = None
    while chunk := handle.read(CHUNK_BYTES):
        size += len(chunk)
        if size > limits().max_file_bytes:
            raise FileRefusedError(oversize(size))
        digest.update(chunk)
        has_content = has_content or bool(chunk.strip())
        if undecodable_line is None:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                undecodable_line = lines + chunk[: max(error.start, 0)].count(b"\n") + 1
        lines += chunk.count(b"\n")
    if undecodable_line is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            undecodable_line = lines + 1  # cut off inside a character at the end
    return FileFacts(digest.hexdigest(), has_content, lines, undecodable_line)


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
