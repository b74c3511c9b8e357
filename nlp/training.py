"""Training and measuring the intent model (scikit-learn, imported here only:
the service loads the trained arrays with numpy).

Examples come from three places: the hand-written labelled questions, the
questions generated from templates, and the phrasings staff taught in the
console. Follow-ups ("A >> B") train nothing (B's frame depends on A) but are
measured. Evaluation is honest in two ways: stratified k-fold cross-validation,
and a held-out-phrasing split that leaves whole families out (a round of
questions written together, a template family), as a new set of questions
written by other people would be."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nlp.corpus import FIELDS, Labelled, load_labelled, predicted
from nlp.intent_model import HEADS, Head, IntentModel, use_model
from nlp.intents import RULE_ONLY
from nlp.normalize import normalize
from nlp.parser import read
from nlp.templates import generate

GENERATED_WEIGHT = 0.5  # many and regular: they teach names and periods, not how people talk
TAUGHT_WEIGHT = 3.0  # checked by staff, and few
REGULARIZATION = 8.0  # scikit-learn's C, chosen on the held-out-phrasing split
MIN_DOCUMENTS = 2  # a feature seen once is noise, unless staff taught it


@dataclass(frozen=True)
class Example:
    question: str
    labels: dict[str, str | None]
    family: str
    source: str  # "labelled", "generated" or "taught"
    weight: float = 1.0

    @property
    def follow_up(self) -> bool:
        return ">>" in self.question


def labelled_examples(items: Sequence[Labelled] | None = None) -> list[Example]:
    return [
        Example(item.question, dict(item.expected), f"labelled: {item.family}", "labelled")
        for item in (items if items is not None else load_labelled())
    ]


def generated_examples() -> list[Example]:
    return [
        Example(made.question, dict(made.expected), f"template: {made.family}", "generated", GENERATED_WEIGHT)
        for made in generate()
    ]


def taught_example(question: str, labels: dict[str, str | None]) -> Example:
    return Example(question, {name: labels.get(name) for name in FIELDS}, "taught", "taught", TAUGHT_WEIGHT)


def corpus(taught: Sequence[Example] = ()) -> list[Example]:
    return [*labelled_examples(), *generated_examples(), *taught]


def _head_label(head: str, labels: dict[str, str | None]) -> str | None:
    intent = labels.get("intent")
    if head == "intent":
        return intent
    if head == "comparison":
        comparison = labels.get("comparison")
        return comparison if intent in ("change", "ranking") and comparison in ("yoy", "mom") else None
    return labels.get("order") if intent == "ranking" else None


def _fingerprint(examples: Sequence[Example], feature_names: Sequence[str]) -> str:
    """The version: what it was trained on and what it reads (a new keyword list is a new model)."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(f"{example.question}|{sorted(example.labels.items())}|{example.weight}\n".encode())
    digest.update("\n".join(feature_names).encode())
    return digest.hexdigest()[:12]


def _fit_temperature(scores: np.ndarray, truth: np.ndarray) -> float:
    """The temperature that makes the held-out probabilities most likely (Guo et al., 2017)."""
    best, best_loss = 1.0, math.inf
    for temperature in np.exp(np.linspace(math.log(0.2), math.log(5.0), 60)):
        scaled = scores / temperature
        if scaled.ndim == 1:  # two classes: one score, the second class's
            probability = 1.0 / (1.0 + np.exp(-scaled))
            likelihood = np.where(truth == 1, probability, 1.0 - probability)
        else:
            scaled = scaled - scaled.max(axis=1, keepdims=True)
            probabilities = np.exp(scaled)
            probabilities /= probabilities.sum(axis=1, keepdims=True)
            likelihood = probabilities[np.arange(len(truth)), truth]
        loss = -float(np.mean(np.log(np.clip(likelihood, 1e-12, 1.0))))
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best


def train(examples: Sequence[Example], metrics: dict[str, Any] | None = None) -> IntentModel:
    """A model from the examples (follow-ups skipped); taught phrasings also kept verbatim."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    usable = [example for example in examples if not example.follow_up]
    counted = [read(example.question).features() for example in usable]
    documents: Counter[str] = Counter(name for counts in counted for name in counts)
    taught_features = {
        name for example, counts in zip(usable, counted, strict=True) if example.source == "taught" for name in counts
    }
    names = sorted(name for name, count in documents.items() if count >= MIN_DOCUMENTS or name in taught_features)
    vocabulary = {name: index for index, name in enumerate(names)}
    idf = np.array([math.log((1 + len(counted)) / (1 + documents[name])) + 1.0 for name in names])
    model = IntentModel(_fingerprint(usable, names), vocabulary, idf, {}, metrics=metrics or {})
    rows, columns, values = [], [], []
    for row, counts in enumerate(counted):
        indices, weights = model.vector(counts)
        rows.extend([row] * len(indices))
        columns.extend(indices.tolist())
        values.extend(weights.tolist())
    matrix = csr_matrix((values, (rows, columns)), shape=(len(counted), len(names)))
    for head in HEADS:
        chosen = [row for row, example in enumerate(usable) if _head_label(head, example.labels) is not None]
        labels = [str(_head_label(head, usable[row].labels)) for row in chosen]
        if len(set(labels)) < 2:
            continue
        weights = np.array([usable[row].weight for row in chosen])
        classifier = LogisticRegression(C=REGULARIZATION, max_iter=3000)
        classes = sorted(set(labels))
        truth = np.array([classes.index(label) for label in labels])
        folds = min(3, min(Counter(labels).values()))
        temperature = 1.0
        if folds >= 2:
            scores = cross_val_predict(
                classifier,
                matrix[chosen],
                truth,
                cv=StratifiedKFold(folds, shuffle=True, random_state=0),
                method="decision_function",
                params={"sample_weight": weights},
            )
            temperature = _fit_temperature(scores, truth)
        classifier.fit(matrix[chosen], truth, sample_weight=weights)
        model.heads[head] = Head(tuple(classes), classifier.coef_, classifier.intercept_, temperature)
    model.taught = {
        normalize(example.question): {name: example.labels.get(name) for name in FIELDS}
        for example in usable
        if example.source == "taught"
    }
    return model


@dataclass
class Measured:
    """How the whole understanding (rules and model) does on questions it was not trained on."""

    name: str
    questions: int = 0
    frames_right: int = 0
    asked_back: int = 0
    wrong_intents: int = 0
    model_intent_right: int = 0
    model_questions: int = 0
    per_intent: dict[str, list[int]] = field(default_factory=dict)  # intent: [right, guessed, labelled]
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def frame_accuracy(self) -> float:
        return self.frames_right / self.questions if self.questions else 0.0

    @property
    def confidently_wrong(self) -> float:
        """Frames answered wrong without asking back."""
        return (self.questions - self.frames_right - self.asked_back) / self.questions if self.questions else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "questions": self.questions,
            "frame_accuracy": round(self.frame_accuracy, 4),
            "asked_back": round(self.asked_back / self.questions, 4) if self.questions else 0.0,
            "confidently_wrong": round(self.confidently_wrong, 4),
            "model_intent_accuracy": round(self.model_intent_right / self.model_questions, 4)
            if self.model_questions
            else 0.0,
            "per_intent": {
                intent: {
                    "precision": round(right / guessed, 4) if guessed else 0.0,
                    "recall": round(right / labelled, 4) if labelled else 0.0,
                    "questions": labelled,
                }
                for intent, (right, guessed, labelled) in sorted(self.per_intent.items())
            },
            "confusion": [[want, got, count] for (want, got), count in sorted(self.confusion.items())],
        }


def _measure_fold(model: IntentModel, tested: Sequence[Example], into: Measured) -> None:
    use_model(model)
    for example in tested:
        got = predicted(example.question)
        want = example.labels
        into.questions += 1
        asked_back = got["intent"] == "clarify" and want["intent"] != "clarify"
        into.asked_back += asked_back
        into.frames_right += all(got[name] == want.get(name) for name in FIELDS)
        for intent in {str(want["intent"]), str(got["intent"])}:
            into.per_intent.setdefault(intent, [0, 0, 0])
        into.per_intent[str(got["intent"])][1] += 1
        into.per_intent[str(want["intent"])][2] += 1
        if got["intent"] == want["intent"]:
            into.per_intent[str(want["intent"])][0] += 1
        else:
            into.confusion[(str(want["intent"]), str(got["intent"]))] += 1
        if not example.follow_up and want["intent"] not in RULE_ONLY:
            probabilities = model.probabilities("intent", model.vector(read(example.question).features()))
            into.model_questions += 1
            into.model_intent_right += max(probabilities, key=probabilities.__getitem__) == want["intent"]


def cross_validate(
    examples: Sequence[Example],
    folds: int = 5,
    by_family: bool = False,
    measured_on: Callable[[Example], bool] = lambda example: example.source == "labelled",
) -> Measured:
    """Train on all but one fold, measure the held-out fold's hand-written questions.
    `by_family`: a fold holds whole families (phrasings never seen in training)."""
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    measured = Measured("held-out phrasing" if by_family else f"{folds}-fold cross-validation")
    intents = [str(example.labels["intent"]) for example in examples]
    if by_family:
        splits = GroupKFold(folds).split(examples, intents, [example.family for example in examples])
    else:
        rare = {intent for intent, count in Counter(intents).items() if count < folds}
        strata = ["rare" if intent in rare else intent for intent in intents]
        splits = StratifiedKFold(folds, shuffle=True, random_state=0).split(examples, strata)
    previous = None
    try:
        from nlp.intent_model import current_model

        previous = current_model()
        for train_rows, test_rows in splits:
            model = train([examples[row] for row in train_rows])
            _measure_fold(model, [examples[row] for row in test_rows if measured_on(examples[row])], measured)
    finally:
        use_model(previous)
    return measured


def rules_alone(examples: Sequence[Example]) -> Measured:
    """The rules without a model, on the same questions: the baseline."""
    from nlp.intent_model import current_model

    previous = current_model()
    measured = Measured("rules alone")
    try:
        use_model(None)
        for example in examples:
            got = predicted(example.question)
            measured.questions += 1
            measured.frames_right += all(got[name] == example.labels.get(name) for name in FIELDS)
    finally:
        use_model(previous)
    return measured


def evaluation(examples: Sequence[Example]) -> dict[str, Any]:
    """What a model's version carries to the console's evaluation page: cross-validated
    and held-out-phrasing figures on the hand-written questions (about a minute)."""
    return {
        "cross_validation": cross_validate(examples).summary(),
        "held_out_phrasing": cross_validate(examples, by_family=True).summary(),
    }
