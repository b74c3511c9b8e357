"""The labelled question set (tests/data/labelled_questions.txt) and its scoring."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.context import continue_from, next_context
from nlp.parser import Frame, parse
from nlp.resolve import resolve_frame
from nlp.thaidate import YearMonth

LABELLED_FILE = Path(__file__).resolve().parent.parent / "data" / "labelled_questions.txt"
LATEST = YearMonth(2026, 9)  # the sample indicators.csv ends in September 2569
FIELDS = ("intent", "indicator", "sector", "period", "comparison")


@dataclass(frozen=True)
class Labelled:
    line: int
    question: str
    expected: dict[str, Any]


def load_labelled() -> list[Labelled]:
    items = []
    for number, raw in enumerate(LABELLED_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        question, *values = (part.strip() for part in raw.split("|"))
        if len(values) != len(FIELDS):
            raise ValueError(f"{LABELLED_FILE.name}:{number}: expected {len(FIELDS) + 1} fields")
        expected = {name: (None if value == "-" else value) for name, value in zip(FIELDS, values, strict=True)}
        items.append(Labelled(number, question, expected))
    return items


def predicted(question: str) -> dict[str, Any]:
    """The frame of a question; "A >> B" is B asked right after A in one chat
    (a follow-up), and the frame is B's."""
    previous: Frame | None = None
    frame: Frame | None = None
    for step in question.split(">>"):
        frame = continue_from(previous, parse(step.strip()), step.strip())
        previous = next_context(previous, frame)
    assert frame is not None
    contract = resolve_frame(frame, LATEST).contract()
    # Several indicators are labelled as one column, "MPI+CAPU".
    contract["indicator"] = "+".join(contract.pop("indicators")) or None
    return contract


def score(items: list[Labelled]) -> tuple[float, list[tuple[Labelled, dict[str, Any]]]]:
    misses = []
    for item in items:
        got = predicted(item.question)
        if got != item.expected:
            misses.append((item, got))
    return 1 - len(misses) / len(items), misses
