"""Alerts read from words: the condition (level or change, above or below,
the signed line), what it watches, and questions with numbers that are not alerts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nlp.parser import parse

ALERTS = [
    # message, indicator, sector, measure, direction, threshold, comparison
    ("แจ้งเตือนเมื่อ MPI ยานยนต์ลดลงเกิน 5% เทียบปีก่อน", "MPI", "29", "change", "below", "-5", "yoy"),
    ("alert me when capacity utilization goes above 70%", "CAPU", None, "level", "above", "70", None),
    ("เตือนด้วยถ้าอัตราการใช้กำลังการผลิตต่ำกว่า ๖๐ เปอร์เซ็นต์", "CAPU", None, "level", "below", "60", None),
    ("notify me if the steel MPI falls more than 3% month on month", "MPI", "24", "change", "below", "-3", "mom"),
    ("tell me when the auto mpi drops below 90", "MPI", "29", "level", "below", "90", None),
    ("แจ้งเตือนเมื่อ MPI ติดลบ", "MPI", None, "change", "below", "0", None),
    ("แจ้งฉันเมื่อดัชนีอาหารขยายตัวมากกว่า 10%", "MPI", "10", "change", "above", "10", None),
    ("alert me when MPI rises by over 2.5 percent", "MPI", None, "change", "above", "2.5", None),
    ("alert me when rubber products fall 10% on last month", None, "22", "change", "below", "-10", "mom"),
    ("บอกด้วยถ้ากำลังการผลิตลดลงต่ำกว่า 55", "CAPU", None, "level", "below", "55", None),
]


@pytest.mark.parametrize(("message", "indicator", "sector", "measure", "direction", "threshold", "comparison"), ALERTS)
def test_an_alert_is_read_from_words(
    message: str,
    indicator: str | None,
    sector: str | None,
    measure: str,
    direction: str,
    threshold: str,
    comparison: str | None,
) -> None:
    frame = parse(message)
    assert (frame.intent, frame.alert_action) == ("alert", "set")
    assert frame.condition is not None
    found = (frame.indicator, frame.sector, frame.condition.measure, frame.condition.direction, frame.comparison)
    assert found == (indicator, sector, measure, direction, comparison)
    assert frame.condition.threshold == Decimal(threshold)


@pytest.mark.parametrize(
    ("message", "action"),
    [("การแจ้งเตือนของฉัน", "list"), ("my alerts", "list"), ("ลบการแจ้งเตือน", "remove"), ("remove my alerts", "remove")],
)
def test_alerts_are_listed_and_removed_in_words(message: str, action: str) -> None:
    frame = parse(message)
    assert (frame.intent, frame.alert_action) == ("alert", action)


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("บอกหน่อย MPI ลดลง 5% ไหม", "change"),  # a question, not a request to be told
        ("MPI ยานยนต์ลดลงเกิน 5% หรือยัง", "change"),
        ("แจ้งเตือนข่าวใหม่", "subscribe"),  # no condition: every release
        ("ยกเลิกการแจ้งเตือน", "unsubscribe"),
        ("capacity utilization above 70 in which sectors", "ranking"),
    ],
)
def test_questions_with_numbers_are_not_alerts(message: str, intent: str) -> None:
    assert parse(message).intent == intent
