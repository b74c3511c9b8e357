"""Asking back instead of guessing: sales without an index named could be
our shipment index or units sold (another agency's count), so the bot asks,
with both as buttons, and answers the choice; no figure of ours before."""

from __future__ import annotations

import pytest

from bot.answers import Answerer
from nlp.parser import parse
from nlp.vocabulary import SECTOR_CODES


@pytest.mark.parametrize("question", ["ยอดขายรถยนต์ล่าสุด", "ยอดขายยาเดือนนี้เป็นไง", "car sales last month", "ยอดขายเดือนนี้"])
def test_sales_without_an_index_are_asked_back_with_choices(answerer: Answerer, question: str) -> None:
    answer = answerer.answer(question)
    contract = answer.contract(question)
    assert contract["intent"] == "clarify"
    assert contract["indicator"] is None
    assert len(contract["choices"]) == 2
    # No figure of ours: no change, and no source line (it comes with every figure).
    assert "%" not in answer.text
    assert "ที่มา" not in answer.text
    assert "Source" not in answer.text


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("sector", SECTOR_CODES)
def test_each_choice_is_understood_as_what_it_says(answerer: Answerer, sector: str, language: str) -> None:
    from bot.answers.intents.conversation import spoken_name

    word = spoken_name(sector, language)
    question = f"ยอดขาย{word}ล่าสุด" if language == "th" else f"{word} sales latest"
    answer = answerer.answer(question)
    assert answer.contract(question)["intent"] == "clarify", question
    ours, others = answer.contract(question)["choices"]
    ours_frame, others_frame = parse(ours["text"]), parse(others["text"])
    assert (ours_frame.intent, ours_frame.indicator, ours_frame.sector) == ("value", "SHIPMENT", sector), ours
    assert (others_frame.intent, others_frame.other_statistic) == ("other_statistic", "unit_sales"), others


@pytest.mark.parametrize(
    ("question", "statistic"),
    [
        ("โรงงานปิดกิจการเดือนนี้กี่แห่ง", "factories"),
        ("การใช้ไฟฟ้าภาคอุตสาหกรรมเดือนล่าสุด", "electricity"),
        ("ยอดจดทะเบียนรถใหม่เดือนนี้", "vehicle_registrations"),
        ("how many factories closed this year", "factories"),
        ("รถยนต์ขายได้กี่คัน", "unit_sales"),
        ("ยอดขายรถยนต์เดือนนี้กี่คัน", "unit_sales"),  # counted in cars: not our index
    ],
)
def test_other_agencies_statistics_get_the_agency_never_a_figure(question: str, statistic: str) -> None:
    frame = parse(question)
    assert frame.intent == "other_statistic"
    assert frame.other_statistic == statistic


def test_an_index_named_is_answered_at_once(answerer: Answerer) -> None:
    for question in ("ดัชนีการส่งสินค้ารถยนต์ล่าสุด", "shipment index of cars latest"):
        assert answerer.answer(question).contract(question)["intent"] == "value"


@pytest.mark.parametrize(
    ("question", "month"), [("ยอดขายรถยนต์ มิ.ย. 69", "2026-06"), ("car sales in June 2026", "2026-06")]
)
def test_the_choices_keep_the_month_asked(answerer: Answerer, question: str, month: str) -> None:
    choices = answerer.answer(question).contract(question)["choices"]
    ours, others = (offered["text"] for offered in choices)
    assert answerer.answer(ours).contract(ours)["period"] == month, ours
    assert ours.split()[-2:] == others.split()[-2:]  # the other agencies' count, asked for that month too
