"""What a release file may be, checked before and while it is read, so a
careless or hostile file is refused with a message that names the limit,
in bounded time and memory: only regular files (no links, devices or pipes),
a size cap, for workbooks the uncompressed size and compression ratio from
the zip directory before any parsing, and caps on rows, columns and the
length of a cell. Error messages quote at most a short, cleaned excerpt."""

from __future__ import annotations

import errno
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from defusedxml.ElementTree import iterparse

MB = 1024 * 1024
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class ImportLimits:
    max_file_bytes: int = 20 * MB
    # A monthly release workbook unpacks to a few MB; 200 MB of small parts cost 26 s of CPU to read.
    max_uncompressed_bytes: int = 50 * MB
    max_compression_ratio: int = 100
    max_rows: int = 250_000
    max_columns: int = 500
    max_cell_chars: int = 500

    @classmethod
    def from_environment(cls) -> ImportLimits:
        """IMPORT_MAX_FILE_MB, IMPORT_MAX_UNCOMPRESSED_MB, IMPORT_MAX_COMPRESSION_RATIO,
        IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS, IMPORT_MAX_CELL_CHARS (defaults above)."""
        default = cls()

        def number(name: str, fallback: int, scale: int = 1) -> int:
            value = os.environ.get(name, "").strip()
            return int(value) * scale if value.isdigit() and int(value) > 0 else fallback

        return cls(
            number("IMPORT_MAX_FILE_MB", default.max_file_bytes, MB),
            number("IMPORT_MAX_UNCOMPRESSED_MB", default.max_uncompressed_bytes, MB),
            number("IMPORT_MAX_COMPRESSION_RATIO", default.max_compression_ratio),
            number("IMPORT_MAX_ROWS", default.max_rows),
            number("IMPORT_MAX_COLUMNS", default.max_columns),
            number("IMPORT_MAX_CELL_CHARS", default.max_cell_chars),
        )


@lru_cache(maxsize=1)
def limits() -> ImportLimits:
    return ImportLimits.from_environment()


def excerpt(value: object, length: int = 40) -> str:
    """A cell as an error message may quote it: short, without control characters."""
    text = _UNPRINTABLE.sub("", str(value))
    return repr(text if len(text) <= length else text[: length - 1] + "…")


class FileRefusedError(Exception):
    """Why a path cannot be read as a release file."""


def open_release_file(path: Path) -> BinaryIO:
    """Open a release file for reading, judging what was opened rather than
    the name (which could be swapped in between): the last part of the path
    is never followed as a link, a pipe never blocks, and only a regular file
    within the size limit is returned."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP or path.is_symlink():
            raise FileRefusedError("a link, not a file: copy the release file itself") from error
        raise FileRefusedError(f"cannot read file: {error.strerror}") from error
    status = os.fstat(descriptor)
    refusal = None
    if not stat.S_ISREG(status.st_mode):
        refusal = "not a regular file (a device, pipe or folder)"
    elif status.st_size > limits().max_file_bytes:
        refusal = oversize(status.st_size)
    if refusal is not None:
        os.close(descriptor)
        raise FileRefusedError(refusal)
    return os.fdopen(descriptor, "rb")


def oversize(size: int) -> str:
    return f"{size / MB:.1f} MB is over the limit of {limits().max_file_bytes // MB} MB (IMPORT_MAX_FILE_MB)"


def workbook_refusal(archive: zipfile.ZipFile) -> str | None:
    """A workbook whose parts would unpack too large, judged from the zip directory alone."""
    members = archive.infolist()
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits().max_uncompressed_bytes:
        return (
            f"unpacks to {unpacked / MB:.0f} MB, over the limit of {limits().max_uncompressed_bytes // MB} MB "
            "(IMPORT_MAX_UNCOMPRESSED_MB)"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MB and ratio > limits().max_compression_ratio:
            return (
                f"part {excerpt(member.filename)} is compressed {ratio:.0f} to 1, over the limit of "
                f"{limits().max_compression_ratio} (IMPORT_MAX_COMPRESSION_RATIO): not a workbook a program wrote"
            )
    return None


def formulas_without_values(archive: zipfile.ZipFile, sheet_part: str) -> list[str]:
    """Cells of one sheet's XML that hold a formula but no stored result
    (the workbook was never calculated and saved): their value is unknown.
    Read as a stream (defusedxml: no entity expansion), cell by cell."""
    found: list[str] = []
    with archive.open(sheet_part) as stream:
        for _, element in iterparse(stream, events=("end",), forbid_dtd=True):
            if element.tag.rsplit("}", 1)[-1] != "c":
                continue
            children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
            value = children.get("v")
            if "f" in children and (value is None or not (value.text or "").strip()):
                found.append(str(element.get("r", "?")))
            element.clear()
    return found
