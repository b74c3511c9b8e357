"""Rankings over a quarter or the year to date are computed over that span,
capacity utilization ranks by the rate itself when no change is asked, and a
percentage asked of capacity utilization is its value: figures computed here
from the sample CSV."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from bot.answers import Answerer
from nlp.thaidate import YearMonth
from tests.bot.answers.test_answers import DATA, LATEST, average, two, value

DIVISIONS = sorted({sector for (_, sector, _) in DATA if sector != "TOTAL"})


def _rounded(number: Decimal) -> str:
    moved = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"+{moved}" if moved > 0 else str(moved)


def test_a_ranking_over_a_quarter_ranks_the_quarters_averages(answerer: Answerer) -> None:
    quarter = [YearMonth(2026, month) for month in (4, 5, 6)]
    earlier = [month.shift(-12) for month in quarter]
    changes = {
        sector: (average("MPI", sector, quarter) / average("MPI", sector, earlier) - 1) * 100 for sector in DIVISIONS
    }
    worst = sorted(changes, key=changes.__getitem__)[:5]
    answer = answerer.answer("สาขาไหนหดตัวหนักสุดไตรมาส 2 ปี 69")
    assert answer.frame is not None
    assert answer.frame.contract()["period"] == "2026-Q2"
    assert answer.frame.contract()["order"] == "bottom"
    head, *lines = answer.text.splitlines()
    assert "ไตรมาส 2" in head
    assert "ช่วงเดียวกันของปีก่อน" in head
    for line, sector in zip(lines[:5], worst, strict=True):
        assert f"{_rounded(changes[sector])}%" in line


def _changes_january_to_september_2026() -> dict[str, Decimal]:
    """Each division's MPI change, its average of January to September 2026 against 2025's."""
    span = [YearMonth(2026, month) for month in range(1, 10)]
    earlier = [month.shift(-12) for month in span]
    return {sector: (average("MPI", sector, span) / average("MPI", sector, earlier) - 1) * 100 for sector in DIVISIONS}


def test_a_ranking_over_the_year_to_date(answerer: Answerer) -> None:
    changes = _changes_january_to_september_2026()
    best = max(changes, key=changes.__getitem__)
    answer = answerer.answer("สาขาไหนโตมากสุดตั้งแต่ต้นปี")
    assert f"{_rounded(changes[best])}%" in answer.text.splitlines()[1]


def test_a_ranking_over_a_year_still_running_ranks_its_months_so_far(answerer: Answerer) -> None:
    """ "This year" in September: the nine months published, never "no sector data"."""
    changes = _changes_january_to_september_2026()
    worst = min(changes, key=changes.__getitem__)
    answer = answerer.answer("which sectors fell most this year")
    assert answer.frame is not None
    assert answer.frame.contract()["period"] == "2026"
    head, first, *_ = answer.text.splitlines()
    assert "Jan-Sep 2026" in head
    assert f"{_rounded(changes[worst])}%" in first
    assert "averaged over the months available" in answer.text


@pytest.mark.parametrize(
    ("question", "bottom"),
    [("which sector runs closest to full capacity", False), ("สาขาไหนใช้กำลังการผลิตต่ำสุด", True)],
)
def test_capacity_utilization_ranks_by_the_rate_when_no_change_is_asked(
    answerer: Answerer, question: str, bottom: bool
) -> None:
    rates = {sector: value("CAPU", sector, LATEST) for sector in DIVISIONS}
    ordered = sorted(rates, key=rates.__getitem__, reverse=not bottom)[:5]
    answer = answerer.answer(question)
    contract = answer.contract(question)
    assert (contract["intent"], contract["indicator"], contract["comparison"]) == ("ranking", "CAPU", None)
    for line, sector in zip(answer.text.splitlines()[1:6], ordered, strict=True):
        assert two(rates[sector]) in line
        assert "%" not in line.split(two(rates[sector]))[0]  # the rate, no change before it


def test_a_change_in_capacity_utilization_still_ranks_changes(answerer: Answerer) -> None:
    question = "กำลังการผลิตสาขาไหนเพิ่มขึ้นมากที่สุด"
    assert answerer.answer(question).contract(question)["comparison"] == "yoy"


@pytest.mark.parametrize("question", ["อัตราการใช้กำลังการผลิตยานยนต์กี่เปอร์เซ็นต์", "กำลังการผลิตอาหารใช้ไปกี่ %"])
def test_how_many_percent_of_capacity_is_its_value(answerer: Answerer, question: str) -> None:
    contract = answerer.answer(question).contract(question)
    assert (contract["intent"], contract["indicator"], contract["comparison"]) == ("value", "CAPU", None)


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("MPI สะสม 5 เดือนแรกปีนี้", "2026-05"),
        ("ตั้งแต่ต้นปีถึง พ.ค. MPI ขยายตัวเท่าไร", "2026-05"),
        ("ม.ค.-พ.ค. 69 เทียบช่วงเดียวกันปีก่อน", "2026-05"),
    ],
)
def test_year_to_date_phrasings_end_in_the_month_they_name(answerer: Answerer, question: str, period: str) -> None:
    contract = answerer.answer(question).contract(question)
    assert (contract["period"], contract["comparison"]) == (period, "ytd")
