"""The learned part of understanding: questions generated from templates, the
shipped intent model (reproducible from the corpus), and how rules and model
decide together (asking back rather than guessing)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from bot.answers import Answerer
from bot.data.db import Database
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files
from nlp.context import continue_from
from nlp.corpus import FIELDS, predicted
from nlp.decide import ASK_BACK, decide_choice, decide_intent
from nlp.intent_model import DEFAULT_MODEL, IntentModel, current_model, use_model
from nlp.intents import INTENTS, RULE_ONLY
from nlp.parser import parse, read
from nlp.templates import generate
from nlp.training import corpus, train
from tests.helpers import SAMPLE_DIR


@pytest.fixture
def answerer(database: Database) -> Answerer:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    return Answerer(IndicatorStore(database))


def test_templates_generate_every_intent_deterministically() -> None:
    questions = generate()
    assert questions == generate()
    assert len(questions) > 500
    assert len({item.question for item in questions}) == len(questions)
    intents = Counter(str(item.expected["intent"]) for item in questions)
    for intent in ("value", "change", "ranking", "overview", "why", "chart", "other_statistic", "subscribe"):
        assert intents[intent] >= 8, intent
    assert len({item.family for item in questions}) >= 10  # held out together when measuring


def test_the_service_understands_the_generated_questions() -> None:
    questions = generate()
    right = sum(all(predicted(item.question)[name] == item.expected.get(name) for name in FIELDS) for item in questions)
    assert right / len(questions) >= 0.95


def test_retraining_the_corpus_reproduces_the_shipped_model() -> None:
    """The shipped artifact is what `python -m bot nlu train --shipped` makes of the files
    in the repository: change the corpus, templates or features and this asks for a retrain."""
    shipped = IntentModel.load(DEFAULT_MODEL)
    retrained = train(corpus())
    assert retrained.version == shipped.version, "run: python -m bot nlu train --shipped"
    assert retrained.vocabulary == shipped.vocabulary
    for name, head in shipped.heads.items():
        assert retrained.heads[name].classes == head.classes
        np.testing.assert_allclose(retrained.heads[name].coef, head.coef, atol=1e-4)
        assert retrained.heads[name].temperature == pytest.approx(head.temperature, rel=1e-3)
    for question in ("ภาพรวมอุตสาหกรรมเดือนนี้", "which sector fell the most", "ส่งตัวเลขมาทุกเดือนได้ไหม"):
        vector = shipped.vector(read(question).features())
        for name in shipped.heads:
            expected = shipped.probabilities(name, vector)
            got = retrained.probabilities(name, retrained.vector(read(question).features()))
            assert got == pytest.approx(expected, abs=1e-3)


def test_the_shipped_model_carries_its_measured_accuracy() -> None:
    model = current_model()
    assert model is not None
    for split in ("cross_validation", "held_out_phrasing"):
        figures = model.metrics[split]
        assert figures["questions"] >= 800
        assert figures["frame_accuracy"] >= 0.95
        assert figures["confidently_wrong"] <= 0.03
        assert set(figures["per_intent"]) <= set(INTENTS)


def test_a_stored_model_reads_back_the_same() -> None:
    model = current_model()
    assert model is not None
    again = IntentModel.from_bytes(model.to_bytes())
    assert again.version == model.version
    vector = model.vector(read("ยอดผลิตรถยนต์ลดลงไหม").features())
    assert again.probabilities("intent", vector) == pytest.approx(model.probabilities("intent", vector), abs=1e-6)


def test_without_a_model_the_rules_still_answer() -> None:
    previous = current_model()
    try:
        use_model(None)
        frame = parse("MPI ก.ย. 69 เทียบปีก่อน")
        assert (frame.intent, frame.indicator, frame.comparison) == ("change", "MPI", "yoy")
    finally:
        use_model(previous)


@pytest.mark.parametrize("rules", sorted(RULE_ONLY))
def test_rule_evidence_of_negation_or_another_agency_is_never_overruled(rules: str) -> None:
    assert decide_intent(rules, {"value": 0.99, rules: 0.01}) == (rules, ())


def test_the_model_decides_only_where_the_rules_guessed() -> None:
    assert decide_intent("value", {"overview": 0.9, "value": 0.1}) == ("overview", ())
    assert decide_intent("change", {"overview": 0.9, "change": 0.1}) == ("change", ())  # a rule's evidence holds
    assert decide_intent("unknown", {"greeting": 0.55, "unknown": 0.45}) == ("greeting", ())  # harmless
    # Subscribing changes what a person receives: only when sure.
    assert decide_intent("unknown", {"subscribe": 0.75, "unknown": 0.25}) == ("clarify", ("subscribe",))
    assert decide_intent("unknown", {"subscribe": 0.85, "unknown": 0.15}) == ("subscribe", ())


def test_unsure_readings_are_asked_back_with_both_as_choices() -> None:
    assert decide_intent("value", {"change": 0.6, "value": 0.4}) == ("clarify", ("value", "change"))
    assert decide_intent("value", {"change": ASK_BACK - 0.01, "value": 0.3, "why": 0.3}) == ("value", ())
    assert decide_intent("ranking", {"overview": 0.97, "ranking": 0.03}) == ("clarify", ("ranking", "overview"))
    assert decide_intent("ranking", {"overview": 0.9, "ranking": 0.1}) == ("ranking", ())


def test_a_named_comparison_or_order_wins_over_the_model() -> None:
    assert decide_choice("mom", {"yoy": 0.99, "mom": 0.01}, 0.7) == "mom"
    assert decide_choice(None, {"yoy": 0.8, "mom": 0.2}, 0.7) == "yoy"
    assert decide_choice(None, {"yoy": 0.6, "mom": 0.4}, 0.7) is None


def test_an_uncertain_question_is_asked_back_and_each_choice_answers_as_it_says(answerer: Answerer) -> None:
    # "is the auto industry good this month": its figure, or how it is doing? Which question the model
    # is unsure of moves as the corpus grows ("ยานยนต์เดือนนี้ปังไหม" was, until round 13 was taught).
    question = "ยานยนต์เดือนนี้ดีไหม"
    assert parse(question).alternatives == ("value", "overview")
    contract = answerer.answer(question).contract(question)
    assert contract["intent"] == "clarify"
    assert len(contract["choices"]) == 2
    understood = {parse(choice["text"]).intent for choice in contract["choices"]}
    assert understood == {"value", "overview"}
    for choice in contract["choices"]:
        answer = answerer.answer(choice["text"])
        assert answer.frame is not None
        assert answer.frame.intent in understood


def test_an_unsure_follow_up_is_settled_by_the_question_before_it() -> None:
    # Alone, "how about inventories" might ask a figure or an overview; after a figure, a figure.
    # (Which follow-up the model is unsure of moves as the corpus grows: "how about capacity
    # utilization" was, until round 7 was taught.)
    alone = parse("how about inventories")
    assert alone.intent == "clarify"
    before = parse("latest MPI for cars")
    after = continue_from(before, alone, "how about inventories")
    assert (after.intent, after.indicator, after.sector, after.alternatives) == ("value", "INVENTORY", "29", ())
