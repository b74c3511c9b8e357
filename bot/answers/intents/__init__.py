"""One answer function per intent, registered with `@answers(...)` in the
modules of this package; importing the package imports them all, so a new
intent's module is found without being listed anywhere."""

from __future__ import annotations

import importlib
import pkgutil

from bot.answers.compose import ANSWERS, IntentAnswer
from nlp.intents import INTENTS

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

assert set(ANSWERS) == set(INTENTS), f"intents without an answer: {set(INTENTS) - set(ANSWERS)}"

__all__ = ["ANSWERS", "IntentAnswer"]
