"""All the catalog's Thai, by English message: the web's, the public site's,
the console's sending and checking, its partner page, the staff accounts', the understanding
pages', the chat's, and each answer's own (the `THAI` beside its messages in
bot/answers/intents/). A message said in two places is translated once; two
different translations of one message are an error, as the catalog could hold
only one of them."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.catalog.thai_accounts import ACCOUNTS
from bot.catalog.thai_alerts import ALERTS
from bot.catalog.thai_chat import CHAT
from bot.catalog.thai_console import CONSOLE
from bot.catalog.thai_partners import PARTNERS
from bot.catalog.thai_site import SITE
from bot.catalog.thai_understanding import UNDERSTANDING
from bot.catalog.thai_web import WEB

ANSWER_MODULES = Path(__file__).resolve().parent.parent / "answers" / "intents"


def beside_the_answers(folder: Path = ANSWER_MODULES) -> dict[str, str | tuple[str]]:
    """The `THAI = {...}` of each answer module, read from its source as Babel
    reads the messages: the catalog sits below the answers and never imports them."""
    found: dict[str, str | tuple[str]] = {}
    for module in sorted(folder.glob("*.py")):
        for statement in ast.parse(module.read_text(encoding="utf-8")).body:
            if isinstance(statement, ast.AnnAssign):
                targets: list[ast.expr] = [statement.target]
                value = statement.value
            elif isinstance(statement, ast.Assign):
                targets, value = statement.targets, statement.value
            else:
                continue
            if value is not None and any(isinstance(target, ast.Name) and target.id == "THAI" for target in targets):
                found.update(_merged(found, ast.literal_eval(value), module.name))
    return found


def _merged(
    into: dict[str, str | tuple[str]], part: dict[str, str | tuple[str]], name: str
) -> dict[str, str | tuple[str]]:
    clashes = [message for message, thai in part.items() if into.get(message, thai) != thai]
    if clashes:
        raise ValueError(f"messages translated twice, differently ({name}): {clashes}")
    return part


THAI: dict[str, str | tuple[str]] = {}
for _name, _part in (
    ("web", WEB),
    ("site", SITE),
    ("console", CONSOLE),
    ("partners", PARTNERS),
    ("alerts", ALERTS),
    ("accounts", ACCOUNTS),
    ("understanding", UNDERSTANDING),
    ("chat", CHAT),
    ("answers", beside_the_answers()),
):
    THAI.update(_merged(THAI, _part, _name))
