from __future__ import annotations

import pytest

from nlp.normalize import normalize
from nlp.parser import parse
from nlp.periods import resolve
from nlp.resolve import resolve_frame
from nlp.thaidate import YearMonth

LATEST = YearMonth(2026, 9)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("MPI ล่าสุดครับ", "mpi ล่าสุด"),
        ("ดัชนี๒๕๖๙", "ดัชนี2569"),
        ("ＭＰＩ　ล่าสุด", "mpi ล่าสุด"),
        ("ดัช\u200bนี", "ดัชนี"),
        ("มากกกกก", "มาก"),
        ("ค่ะะะะ MPI นะคะ", "ค่ะ mpi"),
        ("  many   spaces  ", "many spaces"),
        ("กํา", "กำ"),  # NIKHAHIT + SARA AA typed separately
        ("2222", "2222"),
        ("", ""),
        # Words that end like a particle keep their end: next year, a value.
        ("แนวโน้ม MPI ปีหน้า", "แนวโน้ม mpi ปีหน้า"),
        ("MPI ปีหน้าน้า", "mpi ปีหน้า"),
        ("ส่งออกรถยนต์มูลค่า", "ส่งออกรถยนต์มูลค่า"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("MPI ก.ย. 69", "2026-09"),
        ("MPI กันยายน 2569", "2026-09"),
        ("MPI กย.69", "2026-09"),
        ("MPI Sep 2026", "2026-09"),
        ("MPI 2026-09", "2026-09"),
        ("MPI ไตรมาส 3/2569", "2026-Q3"),
        ("MPI Q3 2026", "2026-Q3"),
        ("MPI ไตรมาสที่แล้ว", "2026-Q2"),
        ("MPI ปี 2568", "2025"),
        ("MPI ปีนี้", "2026"),
        ("MPI ปีที่แล้ว", "2025"),
        ("MPI 9 เดือนแรก", "2026-09"),
        ("MPI ตั้งแต่ต้นปี", "2026-09"),
        ("MPI เดือนที่แล้ว", "2026-08"),
        ("MPI last month", "2026-08"),
        ("MPI ล่าสุด", "2026-09"),
        ("MPI เดือนนี้", "2026-09"),
        ("MPI ต.ค.", "2025-10"),  # no year: the most recent October
        ("MPI ก.ค. ปีที่แล้ว", "2025-07"),
        ("MPI ม.ค.-มิ.ย. 69", "2026-01..2026-06"),
        ("MPI ม.ค.-มิ.ย. 69 เทียบปีก่อน", "2026-06"),
        # Thailand's fiscal year runs from October to September.
        ("MPI ปีงบประมาณ 2569", "2025-10..2026-09"),
        ("กำลังการผลิตปีงบ 68", "2024-10..2025-09"),
        ("MPI FY2026", "2025-10..2026-09"),
        ("shipments fiscal year 2025", "2024-10..2025-09"),
        ("MPI ปีงบนี้", "2025-10..2026-09"),  # the latest month is September 2569
        ("MPI this fiscal year", "2025-10..2026-09"),
        # Spans in words: half a year, the past year.
        ("กราฟ MPI ย้อนหลังครึ่งปี", "2026-04..2026-09"),
        ("capacity utilization trend past year", "2025-10..2026-09"),
        # The same month last year, asked alone, is that month; months ago in words; a year month by month.
        ("ยอดผลิตเดือนเดียวกันปีที่แล้ว", "2025-09"),
        ("ดัชนีเดือนที่แล้วเทียบกับเดือนเดียวกันปีก่อน", "2026-08"),
        ("MPI three months ago", "2026-06"),
        ("MPI สองเดือนก่อน", "2026-07"),
        ("MPI ปี 2568 รายเดือน ทุกเดือน", "2025"),
        # The second half of a year (the first is a year to date); months as people misspell them.
        ("อุตสาหกรรมยานยนต์ช่วงครึ่งปีหลัง 2568", "2025-07..2025-12"),
        ("MPI H2 2025", "2025-07..2025-12"),
        ("MPI ครึ่งปีหลัง", "2026-07..2026-09"),
        ("MPI พฤษจิกายน 2568", "2025-11"),
        # Years ago, counted.
        ("MPI 2 ปีก่อน", "2024"),
        ("MPI two years ago", "2024"),
        # A range asked how it moved: the range's chart, which says the change, not a question back.
        ("MPI ต.ค. 68 - ก.ย. 69 โตเท่าไหร่", "2025-10..2026-09"),
        # A month by its number after the word (before it, "3 เดือน" counts months).
        ("MPI เดือน 8 ปี 69", "2026-08"),
        ("MPI เดือนที่ 3 ปี 2568", "2025-03"),
        ("MPI month 8 2025", "2025-08"),
        ("MPI 3 เดือนล่าสุด", "2026-07..2026-09"),
    ],
)
def test_periods_resolve_against_the_latest_month(question: str, period: str) -> None:
    assert resolve_frame(parse(question), LATEST).contract()["period"] == period


def test_relative_periods_follow_the_data_not_the_clock() -> None:
    frame = parse("MPI เดือนที่แล้ว")
    assert resolve_frame(frame, YearMonth(2024, 1)).contract()["period"] == "2023-12"


def test_two_periods_make_the_second_the_base() -> None:
    yoy = resolve_frame(parse("MPI ก.ค. 69 เทียบกับ ก.ค. 68"), LATEST)
    assert (yoy.contract()["period"], yoy.comparison) == ("2026-07", "yoy")
    mom = resolve_frame(parse("MPI ส.ค. 69 เทียบ ก.ค. 69"), LATEST)
    assert mom.comparison == "mom"
    free = resolve_frame(parse("MPI ส.ค. 69 เทียบ มี.ค. 69"), LATEST)
    assert free.comparison is None
    assert free.base is not None
    assert free.base.key() == "2026-03"


def test_ytd_resolution() -> None:
    assert resolve(parse("MPI 10 เดือนแรก").period, LATEST).key() == "2025-10"
    assert resolve(parse("MPI ครึ่งปีแรก 2568").period, LATEST).key() == "2025-06"


def test_typos_are_reported_as_corrections() -> None:
    frame = parse("กำลังการผิตอาหาร")
    assert (frame.indicator, frame.sector) == ("CAPU", "10")
    assert frame.corrections == (("กำลังการผิต", "กำลังการผลิต"),)


def test_short_words_inside_longer_words_are_not_names() -> None:
    assert parse("ปิโตรเลียม ล่าสุด").intent == "value"  # "โต" (grow) inside the word
    assert parse("ยานยนต์ ล่าสุด").sector == "29"  # not "ยา" (pharmaceuticals)
    assert parse("พยากรณ์ MPI").period is None  # not the month พ.ย.


@pytest.mark.parametrize(
    ("question", "period", "comparison"),
    [
        # A year after a word of comparing is what the period is compared with, not its year.
        ("YTD MPI change vs 2025", "2026-09", "ytd"),
        ("MPI ตั้งแต่ต้นปีเทียบปี 68", "2026-09", "ytd"),
        # Beating or exceeding last year's level compares with it.
        ("Did factory output beat last year's level in September?", "2026-09", "yoy"),
        ("ยอดผลิตเดือนเดียวกันปีที่แล้ว", "2025-09", None),
        # Higher or better than last year (or last month) compares with it; it is not the period.
        ("สูงกว่าปีก่อนไหม MPI", "2026-09", "yoy"),
        ("MPI ดีกว่าเดือนก่อนไหม", "2026-09", "mom"),
        # Cumulative months, and a range from January with a comparison: OIE's year to date.
        ("สะสม 8 เดือน MPI", "2026-08", "ytd"),
        ("ม.ค.ถึงส.ค. 69 MPI เทียบปีก่อน", "2026-08", "ytd"),
        # "compare last year", as it is written by those for whom English is a second language.
        ("How much increase of electronic production compare last year", "2026-09", "yoy"),
    ],
)
def test_what_a_period_is_compared_with(question: str, period: str, comparison: str | None) -> None:
    contract = resolve_frame(parse(question), LATEST).contract()
    assert (contract["period"], contract["comparison"]) == (period, comparison)
