"""nlu: how well questions are understood, measured on the labelled corpus."""

from __future__ import annotations

import argparse

from bot.cli.common import add_command
from bot.config import Settings
from nlp.corpus import FIELDS, evaluate, load_labelled


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    nlu = add_command(
        commands,
        "nlu",
        cmd_nlu,
        "measure how questions are understood",
        "evaluate: the parser on the labelled questions (nlp/data/labelled_questions.txt): the whole "
        "frame, each field, each intent's precision and recall, and the questions it gets wrong.",
    )
    nlu.add_argument("action", choices=["evaluate"])
    nlu.add_argument("--misses", type=int, default=20, help="how many wrong questions to list (default 20)")


def cmd_nlu(args: argparse.Namespace, settings: Settings) -> int:
    found = evaluate(load_labelled())
    print(f"labelled questions: {found.questions}")
    print(f"whole frame right:  {found.frame_accuracy:.1%}")
    for name in FIELDS:
        print(f"  {name:<11} {found.field_accuracy[name]:.1%}")
    print(f"{'intent':<16} {'precision':>9} {'recall':>7} {'questions':>9}")
    for intent, (precision, recall, count) in found.per_intent.items():
        print(f"{intent:<16} {precision:>9.1%} {recall:>7.1%} {count:>9}")
    for item, got in found.misses[: args.misses]:
        wrong = {name: got[name] for name in FIELDS if got[name] != item.expected[name]}
        print(f"line {item.line}: {item.question!r} got {wrong}")
    return 0
