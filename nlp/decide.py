"""How the rules and the intent model decide together.

The rules are precise where they have evidence (a keyword list hit, a negation,
another agency's statistic) and guess where they have none (a topic with no
intent word is a value; nothing recognised is unknown). The model generalizes
to phrasings nobody wrote a rule for, with probabilities that mean what they
say (temperature-calibrated). So: the model decides where the rules guessed and
it is confident; where the rules guessed and the model is unsure, or where the
model is all but certain against a rule's evidence, the bot asks back with both
readings as buttons. The model never overrules a rule's evidence on its own:
on the held-out-phrasing split (whole families of phrasings unseen in
training) overruling cost more right frames than it won. The thresholds were
chosen on that split with `python -m bot nlu evaluate`: asking back is not
wrong, a confident wrong figure is."""

from __future__ import annotations

from collections.abc import Mapping

from nlp.intents import HARMLESS, OFFERABLE, RULE_ONLY, SIDE_EFFECTS

# What the rules answer when they found no intent word.
RULE_GUESSES = frozenset({"value", "unknown"})
# Which intents the rules alone decide, may be decided at lower confidence, change what
# the user receives, or may be offered as a button: declared with each intent (nlp.intents).

DECIDE_WHERE_RULES_GUESSED = 0.7
DECIDE_HARMLESS = 0.5
ASK_BACK = 0.45
ASK_BACK_AGAINST_EVIDENCE = 0.95
SIDE_EFFECT_CONFIDENCE = 0.8
COMPARISON_CONFIDENCE = 0.7
ORDER_CONFIDENCE = 0.9
# Suspecting another agency's statistic only from wording: a short follow-up
# ("ส่วนเหล็กล่ะ") looks alike, so higher than asking back between our readings.
OTHER_STATISTIC_SUSPECTED = 0.6


def decide_intent(
    rules: str, probabilities: Mapping[str, float] | None, definition_ruled_out: bool = False
) -> tuple[str, tuple[str, ...]]:
    """The intent, and the readings to offer when asking back (then the intent is "clarify").
    `definition_ruled_out`: a period or an indicator of a sector is named; a definition is of
    neither ("the latest MPI", "the utilization rate of refineries" are figures)."""
    if definition_ruled_out and rules == "definition":
        rules = "value"  # "what is the utilization rate of steel": the words of a definition, asking a figure
    if not probabilities or rules in RULE_ONLY:
        return rules, ()
    if definition_ruled_out and "definition" in probabilities:
        probabilities = {intent: p for intent, p in probabilities.items() if intent != "definition"}
    best = max(probabilities, key=probabilities.__getitem__)
    confidence = probabilities[best]
    if best == "other_statistic" and rules == "value" and confidence >= OTHER_STATISTIC_SUSPECTED:
        # Likely another agency's count ("โรงงานน้ำตาลปิดไปกี่แห่ง") with no name the rules know:
        # offer our index, and say the rest is someone else's; never a figure unasked.
        return "clarify", ("value", "other_statistic")
    if best == rules or best in RULE_ONLY:
        return rules, ()
    if rules in RULE_GUESSES:
        sure = DECIDE_HARMLESS if best in HARMLESS else DECIDE_WHERE_RULES_GUESSED
        if confidence >= sure and (best not in SIDE_EFFECTS or confidence >= SIDE_EFFECT_CONFIDENCE):
            return best, ()
        ask = ASK_BACK
    else:
        ask = ASK_BACK_AGAINST_EVIDENCE
    if confidence < ask or best not in OFFERABLE:
        return rules, ()
    if rules == "unknown":
        return "clarify", (best,)  # "did you mean …?", with that one reading as a button
    return ("clarify", (rules, best)) if rules in OFFERABLE else (rules, ())


def decide_choice(named: str | None, probabilities: Mapping[str, float] | None, threshold: float) -> str | None:
    """A comparison or a ranking's direction: what the question names, else the model's when it is sure."""
    if named is not None or not probabilities:
        return named
    best = max(probabilities, key=probabilities.__getitem__)
    return best if probabilities[best] >= threshold else None
