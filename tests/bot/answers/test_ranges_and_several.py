"""Ranges ("ปี 2565 ถึง 2568", "ม.ค.-มี.ค. 69", "ย้อนหลัง 6 เดือน") and several
indicators or sectors in one question, against figures computed here from the sample CSV."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from bot.answers import Answer, Answerer
from nlp.thaidate import YearMonth
from tests.bot.answers.test_answers import average, pct, two, value


def months(first: YearMonth, last: YearMonth) -> list[YearMonth]:
    return [YearMonth.from_index(i) for i in range(first.index(), last.index() + 1)]


def points(current: Decimal, base: Decimal) -> str:
    moved = (current - base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"+{moved} จุด" if moved > 0 else f"{moved} จุด"


def test_a_range_of_years_is_charted_with_its_average_and_change(answerer: Answerer) -> None:
    answer = answerer.answer("ดัชนีผลผลิตอาหารปี 2565 ถึง 2568")
    span = months(YearMonth(2022, 1), YearMonth(2025, 12))
    assert answer.frame is not None
    assert answer.frame.contract()["period"] == "2022-01..2025-12"
    assert answer.shows_chart
    assert answer.chart is not None
    assert (answer.chart.start, answer.chart.end) == (span[0], span[-1])
    assert "ม.ค. 65 - ธ.ค. 68 (48 เดือน)" in answer.text
    assert f"ค่าเฉลี่ยช่วงนี้: {two(average('MPI', '10', span))}" in answer.text
    assert pct(value("MPI", "10", span[-1]), value("MPI", "10", span[0])) in answer.text
    # Four years are not compared with the four before.
    assert "ช่วงเดียวกันของปีก่อน" not in answer.text


def test_a_range_of_months_compares_its_average_with_a_year_earlier(answerer: Answerer) -> None:
    answer = answerer.answer("MPI ม.ค.-มี.ค. 69")
    span = months(YearMonth(2026, 1), YearMonth(2026, 3))
    earlier = [month.shift(-12) for month in span]
    assert answer.frame is not None
    assert answer.frame.contract()["period"] == "2026-01..2026-03"
    current = average("MPI", "TOTAL", span)
    assert f"ค่าเฉลี่ยช่วงนี้: {two(current)}" in answer.text
    assert pct(current, average("MPI", "TOTAL", earlier)) + " เมื่อเทียบกับช่วงเดียวกันของปีก่อน" in answer.text
    assert pct(value("MPI", "TOTAL", span[-1]), value("MPI", "TOTAL", span[0])) in answer.text


def test_capacity_over_a_range_moves_in_points(answerer: Answerer) -> None:
    answer = answerer.answer("กำลังการผลิต ย้อนหลัง 6 เดือน")
    span = months(YearMonth(2026, 4), YearMonth(2026, 9))
    assert answer.frame is not None
    assert answer.frame.contract()["period"] == "2026-04..2026-09"
    assert f"ร้อยละ {two(average('CAPU', 'TOTAL', span))}" in answer.text
    assert points(value("CAPU", "TOTAL", span[-1]), value("CAPU", "TOTAL", span[0])) in answer.text


def test_a_range_in_english(answerer: Answerer) -> None:
    answer = answerer.answer("MPI from Jan 2025 to Jun 2025")
    span = months(YearMonth(2025, 1), YearMonth(2025, 6))
    assert "Jan 2025 - Jun 2025 (6 months)" in answer.text
    assert f"Average over these months: {two(average('MPI', 'TOTAL', span))}" in answer.text


def test_a_range_beyond_the_data_is_cut_to_the_months_held(answerer: Answerer) -> None:
    answer = answerer.answer("MPI ปี 2568 ถึง 2570")
    assert answer.chart is not None
    assert answer.chart.end == YearMonth(2026, 9)
    assert "ม.ค. 68 - ก.ย. 69 (21 เดือน)" in answer.text


def test_january_to_a_month_asked_as_growth_is_year_to_date(answerer: Answerer) -> None:
    answer = answerer.answer("MPI ม.ค.-มี.ค. 69 ขยายตัวเท่าไร")
    assert answer.frame is not None
    assert answer.frame.contract()["comparison"] == "ytd"
    assert not answer.shows_chart


def test_several_indicators_are_each_answered_with_the_source_once(answerer: Answerer) -> None:
    answer = answerer.answer("MPI กับ CAPU ล่าสุด")
    month = YearMonth(2026, 9)
    assert answer.frame is not None
    assert answer.frame.contract()["indicators"] == ["MPI", "CAPU"]
    assert two(value("MPI", "TOTAL", month)) in answer.text
    assert f"ร้อยละ {two(value('CAPU', 'TOTAL', month))}" in answer.text
    assert pct(value("MPI", "TOTAL", month), value("MPI", "TOTAL", month.shift(-12))) in answer.text
    assert points(value("CAPU", "TOTAL", month), value("CAPU", "TOTAL", month.shift(-12))) in answer.text
    assert answer.text.count("ที่มา:") == 1
    assert answer.card is None  # a card holds one figure; the text holds both
    labels = [suggestion.label for suggestion in answer.suggestions]
    assert len(labels) == len(set(labels))


def test_several_indicators_over_a_range(answerer: Answerer) -> None:
    answer = answerer.answer("shipment and inventory index of cars, last 3 months")
    span = months(YearMonth(2026, 7), YearMonth(2026, 9))
    assert answer.frame is not None
    assert answer.frame.contract()["indicators"] == ["SHIPMENT", "INVENTORY"]
    assert two(average("SHIPMENT", "29", span)) in answer.text
    assert two(average("INVENTORY", "29", span)) in answer.text
    assert answer.shows_chart
    assert answer.chart is not None
    assert answer.chart.indicator == "SHIPMENT"


def answered_after(answerer: Answerer, first_question: str, follow_up: str) -> Answer:
    """The answer to `follow_up` asked right after `first_question` in one chat."""
    first = answerer.answer(first_question)
    assert first.frame is not None
    again = answerer.answer(follow_up, previous=first.frame.frame)
    assert again.frame is not None
    return again


def test_also_adds_an_indicator_to_the_last_question(answerer: Answerer) -> None:
    again = answered_after(answerer, "MPI ยานยนต์ ส.ค. 69", "CAPU ด้วย")
    assert again.frame is not None
    assert again.frame.contract()["indicators"] == ["MPI", "CAPU"]
    assert again.frame.contract()["period"] == "2026-08"
    assert f"ร้อยละ {two(value('CAPU', '29', YearMonth(2026, 8)))}" in again.text


def test_several_sectors_are_each_answered(answerer: Answerer) -> None:
    answer = answerer.answer("ยานยนต์ เทียบ อาหาร ล่าสุด")
    month = YearMonth(2026, 9)
    assert answer.frame is not None
    assert answer.frame.contract()["sectors"] == ["29", "10"]
    assert answer.frame.contract()["sector"] == "29"  # the first named, as before
    for sector in ("29", "10"):
        assert two(value("MPI", sector, month)) in answer.text
        assert pct(value("MPI", sector, month), value("MPI", sector, month.shift(-12))) in answer.text
    assert answer.text.index("(TSIC 29)") < answer.text.index("(TSIC 10)")
    assert answer.text.count("ที่มา:") == 1


def test_products_of_two_divisions_answer_both(answerer: Answerer) -> None:
    # Air conditioners are machinery (ISIC 2819), refrigerators electrical equipment (2750).
    answer = answerer.answer("fridges and air conditioners capacity utilization august 2026")
    month = YearMonth(2026, 8)
    assert answer.frame is not None
    assert answer.frame.contract()["sectors"] == ["27", "28"]
    assert f"{two(value('CAPU', '27', month))}%" in answer.text
    assert f"{two(value('CAPU', '28', month))}%" in answer.text


def test_also_adds_a_sector_and_a_chart_keeps_both(answerer: Answerer) -> None:
    both = answered_after(answerer, "MPI ยานยนต์ ส.ค. 69", "อาหารด้วย")
    assert both.frame is not None
    assert both.frame.contract()["sectors"] == ["29", "10"]
    assert two(value("MPI", "10", YearMonth(2026, 8))) in both.text
    chart = answerer.answer("ขอเป็นกราฟ", previous=both.frame.frame)
    assert chart.frame is not None
    assert chart.frame.contract()["sectors"] == ["29", "10"]
    assert chart.chart is not None
    assert chart.more_charts
    assert {chart.chart.sector, *(spec.sector for spec in chart.more_charts)} == {"29", "10"}
    # Naming one sector again asks about that one alone.
    alone = answerer.answer("แล้วเหล็กล่ะ", previous=both.frame.frame)
    assert alone.frame is not None
    assert alone.frame.contract()["sectors"] == ["24"]


def test_a_division_not_published_among_several_gets_no_figure(answerer: Answerer) -> None:
    answer = answerer.answer("ดัชนีผลผลิตสิ่งพิมพ์กับกระดาษ ล่าสุด")
    assert answer.frame is not None
    assert answer.frame.contract()["sectors"] == ["18", "17"]
    assert two(value("MPI", "17", YearMonth(2026, 9))) in answer.text
    assert "ไม่ได้เผยแพร่ดัชนีของการพิมพ์" in answer.text


def test_production_beside_another_index_is_the_mpi_beside_it(answerer: Answerer) -> None:
    answer = answerer.answer("ผลผลิตกับการส่งสินค้ายานยนต์เดือนล่าสุด")
    assert answer.frame is not None
    assert answer.frame.contract()["indicators"] == ["MPI", "SHIPMENT"]
    for indicator in ("MPI", "SHIPMENT"):
        assert two(value(indicator, "29", YearMonth(2026, 9))) in answer.text


def test_every_index_asked_at_once_answers_all_four(answerer: Answerer) -> None:
    answer = answerer.answer("ขอตัวเลข ก.ย. 69 อาหาร ทุกดัชนี")
    assert answer.frame is not None
    assert answer.frame.contract()["indicators"] == ["MPI", "SHIPMENT", "INVENTORY", "CAPU"]
    for indicator in ("MPI", "SHIPMENT", "INVENTORY", "CAPU"):
        assert two(value(indicator, "10", YearMonth(2026, 9))) in answer.text


def test_a_sector_left_out_is_said_not_published_and_shown_apart(answerer: Answerer) -> None:
    answer = answerer.answer("MPI ไม่รวมปิโตรเลียม")
    assert answer.text.startswith("สศอ. ไม่ได้เผยแพร่ดัชนีที่ไม่รวมสาขาการผลิตผลิตภัณฑ์ถ่านโค้ก")
    month = YearMonth(2026, 9)
    total, refining = value("MPI", "TOTAL", month), value("MPI", "19", month)
    assert answer.text.index(two(total)) < answer.text.index(two(refining))


def test_a_ranking_turned_the_other_way_keeps_its_month(answerer: Answerer) -> None:
    again = answered_after(answerer, "อันดับสาขาที่โตสุด ส.ค. 69", "เอาแบบลดลงบ้าง")
    assert again.frame is not None
    assert (again.frame.intent, again.frame.ranking_order) == ("ranking", "bottom")
    assert again.frame.contract()["period"] == "2026-08"


def test_the_highest_asked_after_a_figure_is_that_series_peak(answerer: Answerer) -> None:
    again = answered_after(answerer, "อัตราการใช้กำลังการผลิตอาหาร", "สูงสุดปีนี้เท่าไหร่")
    assert again.frame is not None
    assert (again.frame.intent, again.frame.indicator, again.frame.sector) == ("chart", "CAPU", "10")
    year = months(YearMonth(2026, 1), YearMonth(2026, 9))
    highest = max(year, key=lambda month: value("CAPU", "10", month))
    assert f"สูงสุด {highest.thai()}: ร้อยละ {two(value('CAPU', '10', highest))}" in again.text


def test_capacity_after_a_ranking_ranks_its_levels(answerer: Answerer) -> None:
    again = answered_after(answerer, "top sectors this month", "what about capacity utilization")
    assert again.frame is not None
    assert (again.frame.intent, again.frame.indicator, again.frame.comparison) == ("ranking", "CAPU", None)
    grew = answered_after(answerer, "สาขาไหนโตมากที่สุด", "กำลังการผลิตด้วย")
    assert grew.frame is not None
    assert grew.frame.comparison == "yoy"
