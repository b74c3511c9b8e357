"""Benchmark: questions per second for parsing alone and for parse + answer
on SQLite, both with the chat's context (the previous question) looked up and
applied as the service does, against the floor of bare nlpo3 segmentation of
the same questions, all in this process on one core.

    .venv/bin/python -m tests.benchmarks.bench_questions [--seconds 3]

Also what the intent model costs: parsing with the rules alone, the model's
load time, and the resident memory it adds to a process that already parses.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import nlpo3

from bot.answers import Answerer
from bot.chat.context import ContextStore
from bot.data.db import Database
from bot.data.migrate import init_database
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files
from nlp.context import continue_from, keeps_context
from nlp.corpus import load_labelled
from nlp.entities import _closest_name, _name_inside, _typo_suspect, warm_up
from nlp.intent_model import DEFAULT_MODEL, IntentModel, current_model, use_model
from nlp.parser import parse
from nlp.tokenizer import DICT_NAME
from tests.helpers import SAMPLE_DIR


def rate(action: Callable[[str], object], questions: list[str], seconds: float) -> float:
    """Questions per second, cycling through the set for about `seconds`."""
    for question in questions:  # warm caches and code paths once
        action(question)
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for question in questions:
            action(question)
        done += len(questions)
    return done / (time.perf_counter() - start)


# Run in a fresh interpreter: resident memory of a process that parses, before and after the model.
MEMORY_PROBE = """
import resource
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20
import nlp.intent_model as m
from nlp.parser import parse
m.use_model(None)  # parse without the model first
parse("MPI ยานยนต์ล่าสุด")
before = rss()
m.use_model(m.IntentModel.load(m.DEFAULT_MODEL))
parse("MPI ยานยนต์ล่าสุด")
print(before, rss())
"""


def model_load_seconds() -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        IntentModel.load(DEFAULT_MODEL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def model_memory_mb() -> tuple[float, float]:
    output = subprocess.run([sys.executable, "-c", MEMORY_PROBE], capture_output=True, text=True, check=True)
    before, after = (float(value) for value in output.stdout.split())
    return before, after


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    seconds = parser.parse_args().seconds
    # A follow-up line "A >> B" counts as its last question.
    questions = [item.question.split(">>")[-1].strip() for item in load_labelled()]
    warm_up()
    previous = parse("MPI ยานยนต์ล่าสุด")

    floor = rate(lambda q: nlpo3.segment(q, DICT_NAME), questions, seconds)
    parsing = rate(lambda q: continue_from(previous, parse(q), q), questions, seconds)
    model = current_model()
    use_model(None)
    rules_alone = rate(lambda q: continue_from(previous, parse(q), q), questions, seconds)
    use_model(model)

    def parse_cold(question: str) -> object:
        # No help from words and fragments seen in earlier messages.
        _closest_name.cache_clear()
        _typo_suspect.cache_clear()
        _name_inside.cache_clear()
        return parse(question)

    parsing_cold = rate(parse_cold, questions, seconds)
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        init_database(database)
        import_files(database, [SAMPLE_DIR / "indicators.csv"])
        answerer = Answerer(IndicatorStore(database))
        contexts = ContextStore(database, timedelta(minutes=10))

        def answer_in_context(question: str) -> object:
            """As the chat service does it: recall (when the question may be a
            follow-up), answer, keep a question about figures."""
            answer = answerer.answer(question, recall=lambda: contexts.recall("Ubench"))
            if answer.frame is not None and keeps_context(answer.frame.frame):
                contexts.keep("Ubench", answer.frame.frame)
            return answer

        answering = rate(answer_in_context, questions, seconds)
        database.dispose()

    print(f"questions: {len(questions)} (labelled set), {seconds:.0f} s per measurement, one process")
    rows = [
        ("floor: bare nlpo3 segmentation", floor, ""),
        ("parse (frame, with context)", parsing, "target >= 20,000"),
        ("parse, rules alone (no model)", rules_alone, ""),
        ("parse, word caches cleared", parsing_cold, ""),
        ("parse + answer + context (SQLite)", answering, "target >=  2,000"),
    ]
    for label, per_second, target in rows:
        print(f"{label:<32}{per_second:10,.0f} questions/s  {target:<17} {per_second / floor:.3f} x floor")
    print(f"the model costs {1 - parsing / rules_alone:.1%} of parsing speed")
    before, after = model_memory_mb()
    print(f"intent model load: {model_load_seconds():.3f} s (target < 2 s)")
    print(f"resident memory: {before:.0f} MB parsing without the model, {after:.0f} MB with it")


if __name__ == "__main__":
    main()
