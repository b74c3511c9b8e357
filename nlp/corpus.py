"""The labelled questions: what people write, and what each asks (the frame
the parser must give). The source of truth of how questions are understood,
kept as data in `data/labelled_questions.txt`; the tests hold the parser to
it and `python -m bot nlu evaluate` reports it per field and per intent.

The file's format (one question a line; `#` starts a comment line):

    question | intent | indicator | sector | period | comparison [| order]

- `intent`: one of `nlp.intents.INTENTS`;
- `indicator`: MPI, SHIPMENT, INVENTORY or CAPU; several as `MPI+CAPU`;
- `sector`: `TOTAL` or a two-digit TSIC division;
- `period`: the resolved period as `ask --json` writes it (`2026-09`,
  `2026-Q3`, `2026`, `2026-01..2026-09`, `ytd:2026-09`), against LATEST below;
- `comparison`: yoy, mom or ytd;
- `order`: top or bottom, for a ranking (may be left out on other lines);
- `-` for none. A comment line starting `# ---` (or a round's heading) starts a
  family of questions written together: the held-out-phrasing evaluation
  leaves whole families out. `A >> B` is B asked right after A in one chat (a follow-up):
  the labels are B's."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.context import continue_from, next_context
from nlp.frame import Frame
from nlp.parser import parse
from nlp.resolve import resolve_frame
from nlp.thaidate import YearMonth

LABELLED_FILE = Path(__file__).resolve().parent / "data" / "labelled_questions.txt"
LATEST = YearMonth(2026, 9)  # the sample indicators.csv ends in September 2569
FIELDS = ("intent", "indicator", "sector", "period", "comparison", "order")


@dataclass(frozen=True)
class Labelled:
    line: int
    question: str
    expected: dict[str, Any]
    family: str = ""


def load_labelled(path: Path = LABELLED_FILE) -> list[Labelled]:
    items = []
    family = "first round"
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.startswith("# ---") or raw.lower().startswith(("# second round", "# third round", "# fourth round")):
            family = raw.strip("#- ").split("(")[0].split(":")[0].strip()
        if not raw.strip() or raw.startswith("#"):
            continue
        question, *values = (part.strip() for part in raw.split("|"))
        if len(values) == len(FIELDS) - 1:
            values.append("-")  # no order: not a ranking
        if len(values) != len(FIELDS):
            raise ValueError(f"{path.name}:{number}: expected {len(FIELDS)} or {len(FIELDS) + 1} fields")
        expected = {name: (None if value == "-" else value) for name, value in zip(FIELDS, values, strict=True)}
        items.append(Labelled(number, question, expected, family))
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
    # Several indicators or sectors are labelled as one column, "MPI+CAPU", "29+10".
    contract["indicator"] = "+".join(contract.pop("indicators")) or None
    contract["sector"] = "+".join(contract.pop("sectors")) or None
    contract.pop("choices", None)
    return contract


def score(items: list[Labelled]) -> tuple[float, list[tuple[Labelled, dict[str, Any]]]]:
    misses = []
    for item in items:
        got = predicted(item.question)
        if got != item.expected:
            misses.append((item, got))
    return 1 - len(misses) / len(items), misses


@dataclass(frozen=True)
class Evaluation:
    questions: int
    frame_accuracy: float
    field_accuracy: dict[str, float]
    # intent: (precision, recall, how many questions are labelled with it)
    per_intent: dict[str, tuple[float, float, int]]
    misses: list[tuple[Labelled, dict[str, Any]]]


def evaluate(items: list[Labelled]) -> Evaluation:
    """The whole frame, each field, and each intent's precision and recall."""
    got = [predicted(item.question) for item in items]
    fields = {name: sum(g[name] == i.expected[name] for g, i in zip(got, items, strict=True)) for name in FIELDS}
    labelled: Counter[str] = Counter(item.expected["intent"] for item in items)
    guessed: Counter[str] = Counter(g["intent"] for g in got)
    right: Counter[str] = Counter(
        g["intent"] for g, i in zip(got, items, strict=True) if g["intent"] == i.expected["intent"]
    )
    per_intent = {
        intent: (right[intent] / guessed[intent] if guessed[intent] else 0.0, right[intent] / count, count)
        for intent, count in sorted(labelled.items())
    }
    misses = [(item, g) for item, g in zip(items, got, strict=True) if g != item.expected]
    return Evaluation(
        questions=len(items),
        frame_accuracy=1 - len(misses) / len(items),
        field_accuracy={name: count / len(items) for name, count in fields.items()},
        per_intent=per_intent,
        misses=misses,
    )
