"""Property-based tests: whatever people type, the parser returns a valid frame."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.intents import INTENTS, PERIOD_INTENTS
from nlp.parser import parse
from nlp.resolve import resolve_frame
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_CODES, SECTOR_CODES, TOTAL

THAI_PIECES = st.sampled_from(
    ["ดัชนี", "MPI", "ก.ย.", "69", "ไตรมาส", "3/2569", "เทียบ", "ปีก่อน", "ยานยนต์", "กำลังการผลิต", "กราฟ",
     "คืออะไร", "ล่าสุด", "ติดตาม", "ยกเลิก", "๒๕๖๙", "ครับ", " ", "9 เดือนแรก", "Q3", "2026-13", "ม.ค.-",
     "ภาพรวม", "ทำไม", "ยอดขาย", "โรงสีข้าว"]
)  # fmt: skip
MESSAGES = st.one_of(
    st.text(max_size=400),
    st.lists(THAI_PIECES, max_size=15).map("".join),
    st.lists(THAI_PIECES, max_size=15).map(" ".join),
)


@settings(max_examples=400, deadline=None)
@given(MESSAGES, st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=12))
def test_parser_never_raises_and_frames_are_valid(message: str, year: int, month: int) -> None:
    frame = parse(message)
    assert frame.intent in INTENTS
    assert frame.indicator in (None, *INDICATOR_CODES)
    assert frame.sector in (None, TOTAL, *SECTOR_CODES)
    assert frame.comparison in (None, "yoy", "mom", "ytd")
    assert frame.language in ("th", "en")
    contract = resolve_frame(frame, YearMonth(year, month)).contract()
    assert list(contract) == ["intent", "indicator", "indicators", "sector", "sectors", "period", "comparison", "order"]
    assert contract["indicators"][:1] == ([frame.indicator] if frame.indicator else [])
    assert set(contract["indicators"]) <= set(INDICATOR_CODES)
    assert contract["sectors"][:1] == ([frame.sector] if frame.sector else [])
    assert len(set(contract["sectors"])) == len(contract["sectors"])
    assert TOTAL not in contract["sectors"][1:]  # the total is never named after a sector
    if frame.intent in ("value", "change", "chart", "ranking"):
        assert contract["indicator"] is not None
    # Overview and why are about a period too (the latest month when none is named).
    if frame.intent in PERIOD_INTENTS:
        assert contract["period"] is not None
    else:
        assert contract["period"] is None


def test_very_long_and_strange_inputs() -> None:
    for message in ["", "😀" * 50, "<b>MPI</b>", "'; DROP TABLE observations; --", "ก" * 10_000, "\x00\x01"]:
        assert parse(message).intent in INTENTS
