"""The tidy CSV format: `indicator,tsic,year,month,value,preliminary`, one
observation per row (see data/README.md)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from bot.ingest.progress import progress_bar
from bot.ingest.records import CSV_COLUMNS, Problem, ReleaseFile, validated_row


def read_csv(path: Path, raw: bytes, release: ReleaseFile, problems: list[Problem], progress: bool) -> None:
    name = path.name
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem(f"{name}:{line}", "not UTF-8 text (save the file as CSV UTF-8)"))
        return
    reader = csv.reader(io.StringIO(text, newline=""))
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
        rows = progress_bar(rows, total=text.count("\n"), label=name)
    for row in rows:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        release.rows_read += 1
        place = f"{name}:{line}"
        if len(row) != len(columns):
            problems.append(Problem(place, f"expected {len(columns)} fields, found {len(row)}"))
            continue
        cells = {column: row[index].strip() for column, index in position.items()}
        observation = validated_row(place, cells, problems)
        if observation is not None:
            release.observations.append(observation)
