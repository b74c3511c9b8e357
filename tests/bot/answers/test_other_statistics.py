"""Questions about statistics other agencies publish: the answer says who
publishes them, and never carries a figure of ours."""

from __future__ import annotations

import re

import pytest

from bot.answers import Answerer
from bot.data.db import Database
from bot.data.migrate import init_database
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files
from nlp.corpus import load_labelled
from nlp.frame import Frame
from nlp.parser import parse
from nlp.vocabulary import TOTAL
from tests.helpers import SAMPLE_DIR, read_sample_csv

QUESTIONS = [item.question for item in load_labelled() if item.expected["intent"] == "other_statistic"]
# Every figure the sample data holds, as the answers would write it ("100.62").
OUR_FIGURES = {str(value) for value, _preliminary in read_sample_csv("indicators.csv").values()}
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    database = Database(f"sqlite:///{tmp_path_factory.mktemp('other')}/store.sqlite3")
    init_database(database)
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    return Answerer(IndicatorStore(database))


def test_the_labelled_set_asks_about_many_other_statistics() -> None:
    assert len(QUESTIONS) >= 80


@pytest.mark.parametrize("question", QUESTIONS)
def test_no_figure_of_ours_answers_a_question_about_something_else(answerer: Answerer, question: str) -> None:
    *earlier, last = (step.strip() for step in question.split(">>"))  # "A >> B": B asked right after A
    previous: Frame | None = None
    for step in earlier:
        asked = answerer.answer(step)
        previous = asked.frame.frame if asked.frame is not None else None
    answer = answerer.answer(last, previous=previous)
    assert answer.frame is not None
    assert answer.frame.intent == "other_statistic"
    assert answer.card is None
    assert answer.chart is None
    numbers = set(NUMBER.findall(answer.text)) - {"22"}  # "22 sectors" is what we publish
    assert not numbers & OUR_FIGURES
    assert not numbers, f"a number in the answer to {question!r}: {numbers}"
    assert answer.suggestions  # what we do publish, one tap away


@pytest.mark.parametrize(
    ("question", "publisher"),
    [
        ("เงินเฟ้อเดือนนี้เท่าไร", "สำนักงานนโยบายและยุทธศาสตร์การค้า"),
        ("จีดีพีปีนี้โตกี่เปอร์เซ็นต์", "สศช."),
        ("อัตราการว่างงานล่าสุด", "สำนักงานสถิติแห่งชาติ"),
        ("ค่าเงินบาทวันนี้", "ธนาคารแห่งประเทศไทย"),
        ("ดอกเบี้ยนโยบายล่าสุด", "ธนาคารแห่งประเทศไทย"),
        ("มูลค่าการส่งออกเดือนล่าสุด", "กรมศุลกากร"),
        ("what is the baht exchange rate", "Bank of Thailand"),
        ("thai inflation september 2026", "Trade Policy and Strategy Office"),
        ("GDP growth 2025", "NESDC"),
        ("unemployment rate thailand", "National Statistical Office"),
        # Restaurants cook food, but are a service: not our food index.
        ("ธุรกิจร้านอาหารเป็นยังไงบ้าง", "สำนักงานสถิติแห่งชาติ"),
    ],
)
def test_the_answer_names_who_publishes_it(answerer: Answerer, question: str, publisher: str) -> None:
    assert publisher in answer_text(answerer, question)


def answer_text(answerer: Answerer, question: str) -> str:
    return answerer.answer(question).text


def test_our_own_indicators_are_still_answered(answerer: Answerer) -> None:
    for question in ("MPI ล่าสุด", "ดัชนีการส่งสินค้าล่าสุด", "สต็อกสินค้าล่าสุด", "latest stock index"):
        assert answerer.answer(question).frame.intent == "value", question  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "question",
    [
        "งานพิมพ์ สิ่งพิมพ์ ดัชนีเท่าไหร่",
        "โรงพิมพ์เดือนที่แล้วโตไหม",
        "กราฟสิ่งพิมพ์ย้อนหลัง 6 เดือน",
        "ติดตามข่าวโรงพิมพ์ทุกเดือน",
        "printing industry output last month",
        "ship repair capacity utilization",
    ],
)
def test_a_division_oie_publishes_no_index_for_gets_no_figure(answerer: Answerer, question: str) -> None:
    """Printing (TSIC 18) and repair (33) are manufacturing but have no index of their own:
    never the total's figure as if it were theirs, nor a subscription to it; the total one tap away."""
    answer = answerer.answer(question)
    assert answer.frame is not None
    assert answer.frame.intent == "other_statistic"
    assert answer.card is None
    assert answer.chart is None
    assert not set(NUMBER.findall(answer.text)) - {"22"}
    assert "ไม่ได้เผยแพร่ดัชนี" in answer.text or "does not publish a separate index" in answer.text
    offered: list[Frame] = [parse(suggestion.text) for suggestion in answer.suggestions]
    assert ("value", TOTAL) in [(frame.intent, frame.sector) for frame in offered]


@pytest.mark.parametrize(
    ("question", "national"),
    [
        ("MPI จังหวัดระยอง", ("MPI", TOTAL)),
        ("กำลังการผลิตโรงงานน้ำตาลในภาคอีสาน", ("CAPU", "10")),
        ("capacity utilization of car factories in Rayong", ("CAPU", "29")),
        ("EEC manufacturing output", ("MPI", TOTAL)),
    ],
)
def test_a_region_or_province_gets_no_figure_and_the_national_one_a_tap_away(
    answerer: Answerer, question: str, national: tuple[str, str]
) -> None:
    """OIE's indices are national: a province's question never gets the country's figure as its own."""
    answer = answerer.answer(question)
    assert answer.frame is not None
    assert answer.frame.intent == "other_statistic"
    assert answer.card is None
    assert not set(NUMBER.findall(answer.text)) - {"22"}
    assert "ธนาคารแห่งประเทศไทย" in answer.text or "Bank of Thailand" in answer.text
    first = parse(answer.suggestions[0].text)
    assert (first.intent, first.indicator, first.sector) == ("value", *national)
    assert len({suggestion.text for suggestion in answer.suggestions}) == len(answer.suggestions)
