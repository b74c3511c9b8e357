"""A progress bar for long imports, shown only on a terminal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def progress_bar(rows: Iterator[Any], total: int, label: str) -> Iterator[Any]:
    from tqdm import tqdm

    # tqdm writes to stderr and only when it is a terminal (disable=None).
    return iter(tqdm(rows, total=total, desc=label, unit="row", disable=None, leave=False))
