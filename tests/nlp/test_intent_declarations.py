"""Each intent is declared once (nlp/intents.py); what reads the declarations
agrees with them, and every reading the bot may offer when it asks back is
understood as that reading when the button sends it."""

from __future__ import annotations

import pytest

from bot.answers.intents import ANSWERS
from nlp.intents import BY_NAME, DECLARATIONS, INTENTS, OFFERABLE, PERIOD_INTENTS, TIMELESS_INTENTS, choice
from nlp.parser import parse


def test_every_declared_intent_has_an_answer_and_names_for_staff() -> None:
    assert set(ANSWERS) == set(INTENTS)
    for declaration in DECLARATIONS:
        assert declaration.title_en
        assert declaration.title_th
        assert (declaration.choice_th is None) == (declaration.choice_en is None), declaration.name


def test_periods_split_the_intents() -> None:
    assert set(INTENTS) == PERIOD_INTENTS | TIMELESS_INTENTS
    assert not PERIOD_INTENTS & TIMELESS_INTENTS


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("intent", sorted(OFFERABLE))
def test_each_offered_reading_is_understood_as_itself(intent: str, language: str) -> None:
    topic = "MPI ยานยนต์" if language == "th" else "MPI cars"
    when = "ก.ย. 69" if language == "th" else "September 2026"
    for named in (topic, ""):
        label, question = choice(intent, language, named, when)
        assert label
        assert parse(question).intent == intent, question


def test_a_reading_never_offered_cannot_be_made_a_button() -> None:
    never = [name for name in INTENTS if BY_NAME[name].choice_th is None]
    assert "unsubscribe" in never  # leaving is never one tap away from a guess
    with pytest.raises(ValueError, match="not offered"):
        choice("unsubscribe", "th", "", "")
