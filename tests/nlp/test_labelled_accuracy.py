"""Frame accuracy on the labelled question set; fails below 97%."""

from __future__ import annotations

from collections import Counter

from nlp.corpus import FIELDS, load_labelled, predicted, score
from nlp.intents import INTENTS

MINIMUM_ACCURACY = 0.97


def test_labelled_set_is_large_and_varied() -> None:
    items = load_labelled()
    assert len(items) >= 750
    intents = Counter(item.expected["intent"] for item in items)
    assert set(intents) == set(INTENTS)  # every intent the parser knows is measured
    assert sum(">>" in item.question for item in items) >= 50  # follow-ups, with their context
    english = sum(1 for item in items if item.question.isascii())
    assert 30 <= english < len(items) / 2


def test_frame_accuracy(capsys: object) -> None:
    items = load_labelled()
    accuracy, misses = score(items)
    per_field = dict.fromkeys(FIELDS, 0)
    for item in items:
        got = predicted(item.question)
        for name in FIELDS:
            per_field[name] += got[name] == item.expected[name]
    report = ", ".join(f"{name} {count / len(items):.1%}" for name, count in per_field.items())
    print(f"\nframe accuracy {accuracy:.1%} on {len(items)} questions ({report})")
    for item, got in misses:
        print(f"  line {item.line}: {item.question!r} expected {item.expected} got {got}")
    assert accuracy >= MINIMUM_ACCURACY
