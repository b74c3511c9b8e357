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
