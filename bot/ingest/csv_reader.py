"""The tidy CSV format: `indicator,tsic,year,month,value,preliminary`, one
observation per row (see data/README.md)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from bot.ingest.limits import ImportLimits, excerpt, limits
from bot.ingest.progress import progress_bar
from bot.ingest.records import CSV_COLUMNS, FileFacts, Problem, ReleaseFile, stop_reading, validated_row


def read_csv(
    path: Path, handle: BinaryIO, facts: FileFacts, release: ReleaseFile, problems: list[Problem], progress: bool
) -> None:
    name = path.name
    if facts.undecodable_line is not None:
        problems.append(Problem(f"{name}:{facts.undecodable_line}", "not UTF-8 text (save the file as CSV UTF-8)"))
        return
    cap = limits()
    # The csv module refuses a longer field itself (csv.Error), instead of holding it.
    csv.field_size_limit(cap.max_cell_chars)
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        _read_rows(name, facts.lines, reader, release, problems, progress, cap)
    except csv.Error as error:
        limit = " (IMPORT_MAX_CELL_CHARS)" if "field larger" in str(error) else ""
        problems.append(Problem(f"{name}:{reader.line_num}", f"not readable as CSV: {excerpt(error, 80)}{limit}"))
    finally:
        text.detach()  # the caller owns and closes the file


def _read_rows(
    name: str,
    lines: int,
    reader: Any,
    release: ReleaseFile,
    problems: list[Problem],
    progress: bool,
    cap: ImportLimits,
) -> None:
    header = next(reader, None)
    columns = [column.strip().lower() for column in header or []]
    missing = [column for column in CSV_COLUMNS if column not in columns]
    unexpected = [column for column in columns if column not in CSV_COLUMNS]
    if missing or unexpected or len(set(columns)) != len(columns):
        details = []
        if missing:
            details.append("missing " + ", ".join(missing))
        if unexpected:
            details.append("unexpected " + ", ".join(repr(c) for c in unexpected))
        if len(set(columns)) != len(columns):
            details.append("repeated column names")
        problems.append(Problem(f"{name}:1", f"wrong header ({'; '.join(details)}); expected {','.join(CSV_COLUMNS)}"))
        return
    position = {column: columns.index(column) for column in CSV_COLUMNS}
    rows: Iterator[list[str]] = reader
    if progress:
        rows = progress_bar(rows, total=lines, label=name)
    for row in rows:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        release.rows_read += 1
        if release.rows_read > cap.max_rows:
            problems.append(Problem(f"{name}:{line}", f"more than {cap.max_rows:,} rows (IMPORT_MAX_ROWS)"))
            return
        place = f"{name}:{line}"
        if stop_reading(place, problems):
            return
        if len(row) != len(columns):
            problems.append(Problem(place, f"expected {len(columns)} fields, found {len(row)}"))
            continue
        cells = {column: row[index].strip() for column, index in position.items()}
        observation = validated_row(place, cells, problems)
        if observation is not None:
            release.observations.append(observation)
