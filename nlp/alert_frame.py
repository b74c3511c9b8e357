"""The frame of a message about alerts (`nlp.alert_condition` reads the
condition): what it watches is named as in any question."""

from __future__ import annotations

from typing import Literal

from nlp.alert_condition import alert_action, alert_comparison
from nlp.entities import Entities
from nlp.frame import Frame


def alert_frame(
    text: str,
    language: Literal["th", "en"],
    entities: Entities,
    scanned_comparison: str | None,
) -> Frame | None:
    """The frame when the message sets, lists or removes alerts; None otherwise.
    Only rules read it: a condition is numbers and the words beside them."""
    found = alert_action(text)
    if found is None:
        return None
    action, condition = found
    comparison = scanned_comparison if scanned_comparison in ("yoy", "mom") else alert_comparison(text)
    named = (
        ("indicator", entities.indicator is not None),
        ("sector", entities.sector is not None),
        ("comparison", comparison is not None),
    )
    return Frame(
        intent="alert",
        indicator=entities.indicator,
        sector=entities.sector,
        comparison=comparison,
        language=language,
        text=text,
        corrections=tuple(entities.corrections),
        alert_action=action,
        condition=condition,
        named=frozenset(part for part, present in named if present),
    )
