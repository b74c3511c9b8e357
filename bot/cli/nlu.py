"""nlu: how questions are understood: measure it on the labelled corpus, train the intent model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from bot.cli.common import pass_settings
from bot.config import Settings
from nlp.corpus import FIELDS, evaluate, load_labelled
from nlp.intent_model import DEFAULT_MODEL, use_model
from nlp.training import Example, corpus, cross_validate, rules_alone


@click.command(
    "nlu",
    help="evaluate: the rules and the intent model on the labelled questions (nlp/data/labelled_questions.txt) "
    "and the template questions (nlp/data/question_templates.txt): in-sample, k-fold cross-validated and on "
    "held-out phrasings (whole families left out of training), each intent's precision and recall. train: the "
    "intent model from the corpus and what staff taught, stored in the database for the service to load "
    "(--shipped: from the files only, into nlp/data/intent_model.npz).",
    short_help="measure and train how questions are understood",
)
@click.argument("action", type=click.Choice(["evaluate", "train"]))
@click.option("--misses", type=int, default=20, show_default=True, help="how many wrong questions to list")
@click.option("--folds", type=int, default=5, show_default=True, help="cross-validation folds")
@click.option("--shipped", is_flag=True, help="train: write the model shipped with the code")
@click.option("--output", type=click.Path(path_type=Path), help="train --shipped: where to write (default nlp/data)")
@pass_settings
def nlu(settings: Settings, action: str, misses: int, folds: int, shipped: bool, output: Path | None) -> int:
    if action == "train":
        return _train(settings, shipped, output)
    return _evaluate(misses, folds)


def _train(settings: Settings, shipped: bool, output: Path | None) -> int:
    if shipped:
        from nlp.training import corpus, evaluation, train

        examples = corpus()
        model = train(examples)
        model.metrics = {"examples": len(examples), **evaluation(examples)}
        target = output or DEFAULT_MODEL
        model.save(target)
        print(f"intent model {model.version}: {len(model.vocabulary)} features, written to {target}")
        return 0
    from bot.answers.understanding import retrain
    from bot.cli.common import current_services
    from bot.data.audit import COMMAND_LINE

    with current_services(settings) as services:
        version = retrain(services.database, trained_by=COMMAND_LINE, measure=True)
    print(f"intent model {version.version} trained on {version.examples} examples and stored (id {version.id})")
    return 0


def _from(source: str) -> Callable[[Example], bool]:
    return lambda example: example.source == source


def _evaluate(misses: int, folds: int) -> int:

    found = evaluate(load_labelled())
    print(f"labelled questions: {found.questions} (in-sample: the rules were written from them)")
    print(f"whole frame right:  {found.frame_accuracy:.1%}")
    for name in FIELDS:
        print(f"  {name:<11} {found.field_accuracy[name]:.1%}")
    examples = corpus()
    generated = [example for example in examples if example.source == "generated"]
    print(f"template questions: {len(generated)}, rules alone {rules_alone(generated).frame_accuracy:.1%}")
    use_model(None)
    for by_family in (False, True):
        for source in ("labelled", "generated"):
            measured = cross_validate(examples, folds, by_family, measured_on=_from(source))
            summary = measured.summary()
            print(
                f"\n{measured.name}, {source} questions ({measured.questions}): "
                f"frames {summary['frame_accuracy']:.1%}, asked back {summary['asked_back']:.1%}, "
                f"confidently wrong {summary['confidently_wrong']:.1%}, "
                f"model's intent alone {summary['model_intent_accuracy']:.1%}"
            )
            if source == "labelled":
                print(f"  {'intent':<16} {'precision':>9} {'recall':>7} {'questions':>9}")
                for intent, figures in summary["per_intent"].items():
                    print(
                        f"  {intent:<16} {figures['precision']:>9.1%} {figures['recall']:>7.1%} "
                        f"{figures['questions']:>9}"
                    )
            confused = sorted(measured.confusion.items(), key=lambda pair: -pair[1])[:6]
            if confused:
                print(
                    "  most confused (labelled -> understood): " + ", ".join(f"{a}->{b} {n}" for (a, b), n in confused)
                )
    use_model(None)
    for item, got in found.misses[:misses]:
        wrong = {name: got[name] for name in FIELDS if got[name] != item.expected[name]}
        print(f"line {item.line}: {item.question!r} got {wrong}")
    return 0


COMMANDS = (nlu,)
