"""When the next figures are expected, from the release calendar."""

from __future__ import annotations

from bot.answers.compose import Composition, suggestions
from bot.answers.model import Answer


def answer_calendar(c: Composition) -> Answer:
    indicator = c.frame.indicator or "MPI"
    latest = c.snapshot.latest
    assert latest is not None
    held = c.snapshot.latest_by_indicator.get(indicator, latest)
    release = c.calendar.expected(indicator, held.shift(1))
    body = c.texts.calendar_answer(c.indicator_name(indicator), held, release)
    return c.finish(body, suggestions(c.texts.calendar_suggestions(c.asked_name(indicator))))
