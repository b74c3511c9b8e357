"""One answer function per intent, found by the intent's name."""

from __future__ import annotations

from collections.abc import Callable

from bot.answers.compose import Composition
from bot.answers.intents.calendar import answer_calendar
from bot.answers.intents.chart import answer_chart
from bot.answers.intents.conversation import (
    answer_clarify,
    answer_greeting,
    answer_help,
    answer_other_statistic,
    answer_subscribe,
    answer_unknown,
    answer_unsubscribe,
)
from bot.answers.intents.definition import answer_definition
from bot.answers.intents.figures import answer_figure
from bot.answers.intents.overview import answer_overview, answer_why
from bot.answers.intents.ranking import answer_ranking
from bot.answers.model import Answer
from nlp.intents import INTENTS, Intent

IntentAnswer = Callable[[Composition], Answer]

ANSWERS: dict[Intent, IntentAnswer] = {
    # A value comes with its year-on-year change, OIE's headline comparison.
    "value": answer_figure,
    "change": answer_figure,
    "ranking": answer_ranking,
    "overview": answer_overview,
    "why": answer_why,
    "chart": answer_chart,
    "definition": answer_definition,
    "calendar": answer_calendar,
    "subscribe": answer_subscribe,
    "unsubscribe": answer_unsubscribe,
    "greeting": answer_greeting,
    "help": answer_help,
    "other_statistic": answer_other_statistic,
    "clarify": answer_clarify,
    "unknown": answer_unknown,
}
assert set(ANSWERS) == set(INTENTS), "every intent the parser knows has an answer"
