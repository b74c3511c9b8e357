"""Answers against numbers computed here, independently, from the sample CSV."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from bot.answers import Answerer
from bot.data.db import Database
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files
from nlp.thaidate import YearMonth
from tests.helpers import SAMPLE_DIR, read_sample_csv

DATA = read_sample_csv("indicators.csv")
LATEST = YearMonth(2026, 9)


def value(indicator: str, sector: str, month: YearMonth) -> Decimal:
    return DATA[(indicator, sector, month)][0]


def average(indicator: str, sector: str, months: list[YearMonth]) -> Decimal:
    return sum((value(indicator, sector, m) for m in months), Decimal(0)) / len(months)


def pct(current: Decimal, base: Decimal) -> str:
    moved = ((current - base) / base * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"+{moved}%" if moved > 0 else f"{moved}%"


def two(number: Decimal) -> str:
    return str(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_latest_value_with_yoy(answerer: Answerer) -> None:
    answer = answerer.answer("ดัชนี MPI เดือนล่าสุดเท่าไหร่")
    current = value("MPI", "TOTAL", LATEST)
    assert two(current) in answer.text
    assert pct(current, value("MPI", "TOTAL", LATEST.shift(-12))) in answer.text
    assert "กันยายน 2569" in answer.text
    assert "ตัวเลขเบื้องต้น" in answer.text  # September is preliminary in the sample
    assert "ข้อมูลตัวอย่าง" in answer.text
    assert "เพิ่มขึ้น" in answer.text or "ลดลง" in answer.text


def test_capu_changes_are_points(answerer: Answerer) -> None:
    answer = answerer.answer("กำลังการผลิตยานยนต์ ก.ย. 69 เทียบปีก่อน")
    current, base = value("CAPU", "29", LATEST), value("CAPU", "29", LATEST.shift(-12))
    points = (current - base).quantize(Decimal("0.01"))
    assert f"ร้อยละ {two(current)}" in answer.text
    assert f"{'+' if points > 0 else ''}{points} จุด" in answer.text
    assert answer.frame is not None
    assert answer.frame.contract() == {
        "intent": "change",
        "indicator": "CAPU",
        "indicators": ["CAPU"],
        "sector": "29",
        "sectors": ["29"],
        "period": "2026-09",
        "comparison": "yoy",
        "order": None,
    }


def test_mom(answerer: Answerer) -> None:
    answer = answerer.answer("อิเล็กทรอนิกส์ ส.ค. 69 เทียบเดือนก่อน")
    month = YearMonth(2026, 8)
    current, base = value("MPI", "26", month), value("MPI", "26", month.shift(-1))
    assert two(current) in answer.text
    assert pct(current, base) in answer.text
    assert "เดือนก่อนหน้า" in answer.text


def test_ytd(answerer: Answerer) -> None:
    answer = answerer.answer("MPI 9 เดือนแรก เทียบปีก่อน")
    this_year = [YearMonth(2026, m) for m in range(1, 10)]
    last_year = [YearMonth(2025, m) for m in range(1, 10)]
    current, base = average("MPI", "TOTAL", this_year), average("MPI", "TOTAL", last_year)
    assert two(current) in answer.text
    assert two(base) in answer.text
    assert pct(current, base) in answer.text


def test_quarter_average_and_yoy(answerer: Answerer) -> None:
    answer = answerer.answer("การส่งสินค้า ไตรมาส 2/2569")
    quarter = [YearMonth(2026, m) for m in (4, 5, 6)]
    current = average("SHIPMENT", "TOTAL", quarter)
    base = average("SHIPMENT", "TOTAL", [m.shift(-12) for m in quarter])
    assert two(current) in answer.text
    assert pct(current, base) in answer.text
    assert "ไตรมาส 2/2569" in answer.text


def test_year_average(answerer: Answerer) -> None:
    answer = answerer.answer("MPI ปี 2568")
    year = [YearMonth(2025, m) for m in range(1, 13)]
    current = average("MPI", "TOTAL", year)
    base = average("MPI", "TOTAL", [m.shift(-12) for m in year])
    assert two(current) in answer.text
    assert pct(current, base) in answer.text


@pytest.mark.parametrize(("question", "bottom"), [("สาขาไหนโตมากที่สุด", False), ("สาขาไหนลดลงมากที่สุด", True)])
def test_ranking(answerer: Answerer, question: str, bottom: bool) -> None:
    divisions = sorted({sector for (_, sector, _) in DATA if sector != "TOTAL"})
    changes = {
        sector: (value("MPI", sector, LATEST) - value("MPI", sector, LATEST.shift(-12)))
        / value("MPI", sector, LATEST.shift(-12))
        * 100
        for sector in divisions
    }
    ordered = sorted(changes, key=lambda sector: changes[sector], reverse=not bottom)[:5]
    answer = answerer.answer(question)
    lines = answer.text.splitlines()[1:6]
    for line, sector in zip(lines, ordered, strict=True):
        moved = changes[sector].quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert f"{'+' if moved > 0 else ''}{moved}%" in line


def test_english_question_gets_english_answer(answerer: Answerer) -> None:
    answer = answerer.answer("capacity utilization of cars in Q3 2026")
    assert answer.language == "en"
    quarter = [YearMonth(2026, m) for m in (7, 8, 9)]
    current = average("CAPU", "29", quarter)
    assert f"{two(current)}%" in answer.text
    assert "Source: sample data" in answer.text
    assert not any("\u0e00" <= char <= "\u0e7f" for char in answer.text.replace("TSIC", ""))


def test_missing_period_falls_back_to_latest(answerer: Answerer) -> None:
    answer = answerer.answer("MPI ธ.ค. 70")
    assert answer.text.startswith("ยังไม่มีข้อมูลเดือนธันวาคม 2570 ข้อมูลล่าสุดคือกันยายน 2569")
    assert two(value("MPI", "TOTAL", LATEST)) in answer.text
    assert answer.frame is not None
    assert answer.frame.contract()["period"] == "2026-09"


def test_before_the_data_begins_says_there_is_no_base(answerer: Answerer) -> None:
    answer = answerer.answer("MPI ม.ค. 2564 เทียบปีก่อน")
    assert two(value("MPI", "TOTAL", YearMonth(2021, 1))) in answer.text
    assert "ไม่มีข้อมูลช่วงก่อนหน้าให้เทียบ" in answer.text


def test_definition_and_calendar(answerer: Answerer) -> None:
    assert "ปีฐาน 2564" in answerer.answer("MPI คืออะไร").text
    assert "จุด" in answerer.answer("อัตราการใช้กำลังการผลิตคืออะไร").text
    calendar = answerer.answer("MPI เดือนหน้าออกเมื่อไหร่").text
    assert "ตุลาคม 2569" in calendar
    assert "30 พฤศจิกายน 2569" in calendar  # four weeks after October ends on a Saturday: the Monday after


@pytest.mark.parametrize(
    "question",
    ["ทำไมตัวเลขเดือนก่อนถูกแก้", "ดัชนีนี้ปรับฤดูกาลหรือยัง", "what is the base year of the index", "MPI methodology"],
)
def test_how_the_figures_are_made_is_answered_by_the_definition(answerer: Answerer, question: str) -> None:
    answer = answerer.answer(question)
    assert answer.frame is not None
    assert answer.frame.intent == "definition"
    assert answer.card is None  # how the figures are made, not a figure
    assert any(words in answer.text for words in ("ไม่ได้ปรับฤดูกาล", "not seasonally adjusted"))
    assert any(words in answer.text for words in ("ปีฐาน 2564", "2021 = 100"))


def test_where_to_download_the_data_leads_the_help(database: Database) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    answerer = Answerer(IndicatorStore(database), site_url="https://oie.example/")
    answer = answerer.answer("ดาวน์โหลดไฟล์ excel ได้ที่ไหน")
    assert answer.frame is not None
    assert answer.frame.intent == "help"
    first = answer.text.split("\n")[0]
    assert "https://oie.example/indicators" in first
    assert "https://oie.example/api/v1/" in first
    # Any other help: the examples first, where to download after them.
    plain = answerer.answer("ใช้งานยังไง").text
    assert plain.index("ดัชนี MPI ล่าสุด") < plain.index("https://oie.example/indicators")


def test_which_month_peaked_is_the_chart_which_names_it(answerer: Answerer) -> None:
    answer = answerer.answer("เดือนไหนของปีนี้ MPI สูงสุด")
    assert answer.frame is not None
    assert answer.frame.intent == "chart"
    months = [YearMonth(2026, month) for month in range(1, 10)]
    highest = max(months, key=lambda month: value("MPI", "TOTAL", month))
    assert f"สูงสุด {highest.thai()}: {two(value('MPI', 'TOTAL', highest))}" in answer.text


def test_a_sectors_weight_is_its_definition(answerer: Answerer) -> None:
    answer = answerer.answer("how big is the food sector's weight in the MPI")
    assert answer.frame is not None
    assert answer.frame.intent == "definition"
    assert "TSIC division 10" in answer.text
    assert "of the MPI" in answer.text


def test_who_runs_the_service_and_how_to_reach_oie(answerer: Answerer) -> None:
    answer = answerer.answer("ติดต่อเจ้าหน้าที่ได้ยังไง")
    assert answer.frame is not None
    assert answer.frame.intent == "help"
    assert answer.text.startswith("บริการนี้เป็นบริการข้อมูลทาง LINE ของสำนักงานเศรษฐกิจอุตสาหกรรม")
    assert "https://www.oie.go.th" in answer.text


def test_two_months_compare_the_later_with_the_earlier(answerer: Answerer) -> None:
    answer = answerer.answer("mpi ก.ย.68 กับ ก.ย.69")
    assert answer.frame is not None
    assert answer.frame.contract()["period"] == "2026-09"
    assert answer.frame.contract()["comparison"] == "yoy"
    assert pct(value("MPI", "TOTAL", YearMonth(2026, 9)), value("MPI", "TOTAL", YearMonth(2025, 9))) in answer.text


def test_unclear_question_gets_suggestions(answerer: Answerer) -> None:
    answer = answerer.answer("ไปกินข้าวกัน")
    assert "ยังไม่เข้าใจ" in answer.text
    assert 3 <= len(answer.suggestions) <= 13
    assert all(len(s.label) <= 20 for s in answer.suggestions)


def test_follow_up_suggestions_keep_the_context(answerer: Answerer) -> None:
    answer = answerer.answer("กำลังการผลิตยานยนต์ ส.ค. 69")
    follow_up = next(s for s in answer.suggestions if s.label == "เทียบเดือนก่อน")
    again = answerer.answer(follow_up.text)
    assert again.frame is not None
    assert again.frame.contract() == {
        "intent": "change",
        "indicator": "CAPU",
        "indicators": ["CAPU"],
        "sector": "29",
        "sectors": ["29"],
        "period": "2026-08",
        "comparison": "mom",
        "order": None,
    }


@pytest.mark.parametrize(
    "message",
    ["", " ", "😀😀😀", "<script>alert('x')</script>", "'; DROP TABLE observations; --", "ก" * 10_000,
     "MPI" * 3000, "mpi ล่าสุด 最新 последний", "\x00", "ไตรมาส 9/2569", "MPI 2026-13", "Q0 2026"],
)  # fmt: skip
def test_any_input_gets_a_reply(answerer: Answerer, message: str) -> None:
    answer = answerer.answer(message)
    assert answer.text
    assert len(answer.text) <= 5000


def test_empty_store_answers_politely(database: Database) -> None:
    answer = Answerer(IndicatorStore(database)).answer("MPI ล่าสุด")
    assert "ยังไม่มีข้อมูล" in answer.text


def test_new_import_is_seen_without_restart(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    clock = [1000.0]
    monkeypatch.setattr("bot.data.store.time.monotonic", lambda: clock[0])
    answerer = Answerer(IndicatorStore(database, recheck_seconds=1.0))
    assert answerer.answer("MPI ล่าสุด").frame.contract()["period"] == "2026-09"  # type: ignore[union-attr]
    import_files(database, [SAMPLE_DIR / "next-release.csv"])  # by another process
    clock[0] += 0.5  # within a second the cached snapshot is still used (no query per answer)
    assert answerer.answer("MPI ล่าสุด").frame.contract()["period"] == "2026-09"  # type: ignore[union-attr]
    clock[0] += 0.6
    assert answerer.answer("MPI ล่าสุด").frame.contract()["period"] == "2026-10"  # type: ignore[union-attr]


def test_an_import_in_this_process_is_seen_at_once(answerer: Answerer, database: Database) -> None:
    answerer.answer("MPI ล่าสุด")
    import_files(database, [SAMPLE_DIR / "next-release.csv"])
    answerer.store.refresh()
    assert answerer.answer("MPI ล่าสุด").frame.contract()["period"] == "2026-10"  # type: ignore[union-attr]


def test_contributions_add_up_to_the_weighted_change_of_the_divisions(answerer: Answerer) -> None:
    from bot.answers.analytics import contributions

    snapshot = answerer.store.snapshot()
    items = contributions(snapshot, "MPI", [LATEST])
    weights = {code: snapshot.sectors[code].weight for code in snapshot.division_codes}
    now = sum(weights[i.sector] * value("MPI", i.sector, LATEST) for i in items)
    then = sum(weights[i.sector] * value("MPI", i.sector, LATEST.shift(-12)) for i in items)
    assert len(items) == 22
    assert sum(i.points for i in items) == pytest.approx((now - then) / then * 100)
    assert [abs(i.points) for i in items] == sorted((abs(i.points) for i in items), reverse=True)


def test_why_says_when_the_premise_is_wrong_and_never_calls_a_contribution_a_cause(answerer: Answerer) -> None:
    total_yoy = pct(value("MPI", "TOTAL", LATEST), value("MPI", "TOTAL", LATEST.shift(-12)))
    assert total_yoy.startswith("+")  # the sample MPI rose
    fell = answerer.answer("ทำไม MPI ลดลง").text
    assert fell.startswith("ที่จริงไม่ได้ลดลง")
    assert total_yoy in fell
    assert "ไม่ได้บอกสาเหตุ" in fell
    rose = answerer.answer("why did MPI rise").text
    assert not rose.startswith("In fact")
    assert "not why it happened" in rose


def test_overview_gives_the_changes_and_the_divisions_that_moved_most(answerer: Answerer) -> None:
    text = answerer.answer("เศรษฐกิจอุตสาหกรรมเป็นยังไงบ้าง").text
    assert two(value("MPI", "TOTAL", LATEST)) in text
    assert pct(value("MPI", "TOTAL", LATEST), value("MPI", "TOTAL", LATEST.shift(-1))) in text
    assert "สาขาที่เพิ่มขึ้นมากที่สุด" in text
    assert "สาขาที่ลดลงมากที่สุด" in text


QUARTER_2 = [YearMonth(2026, month) for month in (4, 5, 6)]
SO_FAR_2026 = [YearMonth(2026, month) for month in range(1, 10)]


def test_an_overview_of_a_span_is_of_its_average_not_its_last_month(answerer: Answerer) -> None:
    text = answerer.answer("ภาพรวมอุตสาหกรรมไตรมาส 2 ปี 69 เป็นยังไง").text
    current, base = average("MPI", "TOTAL", QUARTER_2), average("MPI", "TOTAL", [m.shift(-12) for m in QUARTER_2])
    assert "ไตรมาส 2/2569 (เฉลี่ย 3 เดือน)" in text
    assert two(current) in text
    assert pct(current, base) in text
    assert "มิถุนายน 2569" in text  # its last month, said as such
    # A year still running: the months published so far, never "no data".
    this_year = answerer.answer("how was the industry doing this year").text
    assert "Jan-Sep 2026 (average of 9 months)" in this_year
    assert two(average("MPI", "TOTAL", SO_FAR_2026)) in this_year
    assert "There is no data" not in this_year


def test_why_over_a_span_adds_up_the_contributions_of_its_months(answerer: Answerer) -> None:
    from bot.answers.analytics import contributions

    snapshot = answerer.store.snapshot()
    items = contributions(snapshot, "MPI", QUARTER_2)
    weights = {code: snapshot.sectors[code].weight for code in snapshot.division_codes}
    now = sum(weights[i.sector] * average("MPI", i.sector, QUARTER_2) for i in items)
    then = sum(weights[i.sector] * average("MPI", i.sector, [m.shift(-12) for m in QUARTER_2]) for i in items)
    assert sum(i.points for i in items) == pytest.approx((now - then) / then * 100)
    text = answerer.answer("อะไรทำให้ดัชนีไตรมาส 2 ปี 69 เปลี่ยนแปลง").text
    expected = pct(average("MPI", "TOTAL", QUARTER_2), average("MPI", "TOTAL", [m.shift(-12) for m in QUARTER_2]))
    assert f"ไตรมาส 2/2569 (ค่าเฉลี่ย) เพิ่มขึ้น {expected} เมื่อเทียบกับช่วงเดียวกันของปีก่อน" in text
    assert f"{two(items[0].points)} จุด" in text.replace("+", "")


def test_which_sectors_fell_is_a_ranking_not_the_help(answerer: Answerer) -> None:
    answer = answerer.answer("สาขาที่ติดลบมีอะไรบ้าง")
    assert answer.frame is not None
    assert (answer.frame.intent, answer.frame.ranking_order) == ("ranking", "bottom")
    assert "ลดลงมากที่สุด กันยายน 2569" in answer.text
    helped = answerer.answer("ถามอะไรได้บ้าง")
    assert helped.frame is not None
    assert helped.frame.intent == "help"


def test_a_range_asked_how_it_moved_gets_the_range_and_its_change(answerer: Answerer) -> None:
    answer = answerer.answer("MPI ต.ค. 68 - ก.ย. 69 โตเท่าไหร่")
    assert answer.frame is not None
    assert answer.frame.intent == "chart"
    first, last = value("MPI", "TOTAL", YearMonth(2025, 10)), value("MPI", "TOTAL", LATEST)
    assert f"เปลี่ยนแปลงตลอดช่วง (เดือนสุดท้ายเทียบเดือนแรก): เพิ่มขึ้น {pct(last, first)}" in answer.text


def test_sales_with_a_place_are_asked_back_as_sales(answerer: Answerer) -> None:
    contract = answerer.answer("ยอดขายปูนซีเมนต์ในประเทศเดือนนี้").contract("ยอดขายปูนซีเมนต์ในประเทศเดือนนี้")
    assert contract["intent"] == "clarify"
    assert [choice["text"] for choice in contract["choices"]] == [
        "ดัชนีการส่งสินค้าแร่อโลหะ เดือนนี้",
        "ยอดขายแร่อโลหะเป็นจำนวนหน่วย เดือนนี้",
    ]


def test_how_our_index_differs_from_another_agencys_is_its_definition(answerer: Answerer) -> None:
    answer = answerer.answer("MPI ต่างจาก GDP ยังไง")
    assert answer.frame is not None
    assert (answer.frame.intent, answer.frame.indicator) == ("definition", "MPI")
    assert answer.text.startswith("ดัชนีผลผลิตอุตสาหกรรม (MPI) หน่วย: ดัชนี")
    # Without an index of ours named, GDP is still the NESDC's.
    other = answerer.answer("GDP คืออะไร")
    assert other.frame is not None
    assert other.frame.intent == "other_statistic"


def test_out_of_the_domain_by_its_words_is_not_understood(answerer: Answerer) -> None:
    for question in ("ขอสูตรต้มยำกุ้ง", "recipe for pad thai"):
        answer = answerer.answer(question)
        assert answer.frame is not None
        assert answer.frame.intent == "unknown", question
