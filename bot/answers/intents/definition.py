"""What an indicator means (unit, definition, comparisons), or what a TSIC
division is and how much it weighs in the MPI."""

from __future__ import annotations

from bot.answers.compose import Composition, suggestions
from bot.answers.model import Answer


def answer_definition(c: Composition) -> Answer:
    texts = c.texts
    frame = c.frame
    if frame.indicator is None and frame.sector is not None:
        sector = c.snapshot.sectors[frame.sector]
        subject = c.sector_short(sector.code)
        return c.finish(texts.sector_definition(sector), suggestions([texts.sector_latest_suggestion(subject)]))
    indicator = frame.indicator or "MPI"
    row = c.snapshot.indicators[indicator]
    asked = c.asked_name(indicator)
    return c.finish(texts.indicator_definition(row), suggestions(texts.definition_suggestions(asked)))
