"""Follow-ups that shift one thing and keep the rest, as a chat does: the
month after, a year to compare with, another indicator, a chart, the whole
country, the past year."""

from __future__ import annotations

from typing import Any

from bot.answers import Answerer
from nlp.context import next_context
from nlp.frame import Frame


def _conversation(answerer: Answerer, questions: list[str]) -> list[dict[str, Any]]:
    kept: Frame | None = None
    contracts = []
    for question in questions:

        def recall(remembered: Frame | None = kept) -> Frame | None:
            return remembered

        answer = answerer.answer(question, recall=recall)
        assert answer.frame is not None, question
        kept = next_context(kept, answer.frame.frame)
        contracts.append(answer.contract(question))
    return contracts


def test_each_follow_up_changes_only_what_it_names(answerer: Answerer) -> None:
    asked = [
        "MPI ยานยนต์ ส.ค. 69",
        "เดือนถัดไปล่ะ",
        "เทียบปี 66 ล่ะ",
        "แล้วยอดส่งสินค้าล่ะ",
        "ขอเป็นกราฟ",
        "ของรวมทั้งประเทศล่ะ",
        "ขอย้อนหลังทั้งปีด้วย",
    ]
    got = [(c["intent"], c["indicator"], c["sector"], c["period"]) for c in _conversation(answerer, asked)]
    assert got == [
        ("value", "MPI", "29", "2026-08"),
        ("value", "MPI", "29", "2026-09"),  # the month after August
        ("change", "MPI", "29", "2026-09"),  # against September 2566 (2023)
        ("change", "SHIPMENT", "29", "2026-09"),
        ("chart", "SHIPMENT", "29", "2026-09"),
        ("chart", "SHIPMENT", "TOTAL", "2026-09"),
        ("chart", "SHIPMENT", "TOTAL", "2025-10..2026-09"),
    ]


def test_a_year_to_compare_with_is_the_base_not_the_period(answerer: Answerer) -> None:
    answer = answerer.answer("MPI เทียบปี 66")
    assert answer.frame is not None
    assert answer.frame.contract()["period"] == "2026-09"
    assert "กันยายน 2566" in answer.text


def test_a_chat_corrects_asks_again_in_the_other_language_and_follows_what_it_saw(answerer: Answerer) -> None:
    asked = [
        "MPI อาหาร ก.ค. 69",
        "ไม่ใช่ ฉันหมายถึงเครื่องดื่ม",  # a correction: beverages, the rest kept
        "in English please",  # the same answer, in English
        "ติดตามหมวดนี้",  # the news of "this" division
    ]
    contracts = _conversation(answerer, asked)
    got = [(c["intent"], c["indicator"], c["sector"], c["period"]) for c in contracts]
    assert got == [
        ("value", "MPI", "10", "2026-07"),
        ("value", "MPI", "11", "2026-07"),
        ("value", "MPI", "11", "2026-07"),
        ("subscribe", None, "11", None),
    ]
    assert "July 2026" in contracts[2]["answer"]
    assert "กรกฎาคม 2569" in contracts[1]["answer"]


def test_a_place_in_the_ranking_shown_keeps_its_end(answerer: Answerer) -> None:
    contracts = _conversation(answerer, ["สาขาไหนหดตัวมากสุด", "อันดับสองคืออะไร"])
    assert [(c["intent"], c["order"]) for c in contracts] == [("ranking", "bottom"), ("ranking", "bottom")]


def test_a_chart_asked_longer_or_for_years_and_then_its_figure(answerer: Answerer) -> None:
    longer, years, figure = (
        _conversation(answerer, ["กราฟ MPI ยานยนต์", follow_up])[1]
        for follow_up in ("ขอย้อนหลังยาวกว่านี้", "3 ปี", "ตัวเลขล่าสุดเท่าไหร่")
    )
    assert (longer["intent"], longer["period"]) == ("chart", "2021-10..2026-09")
    assert (years["intent"], years["period"]) == ("chart", "2023-10..2026-09")
    assert (figure["intent"], figure["sector"], figure["period"]) == ("value", "29", "2026-09")
