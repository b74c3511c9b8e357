"""The release announcement, in Thai (OIE announces in Thai)."""

from __future__ import annotations

from decimal import Decimal

from bot.answers.analytics import round2
from nlp.thaidate import YearMonth

DIRECTION = {1: "เพิ่มขึ้น", -1: "ลดลง", 0: "ทรงตัว"}
SOURCE_OIE = "ที่มา: สำนักงานเศรษฐกิจอุตสาหกรรม (สศอ.)"
SOURCE_SAMPLE = "ที่มา: ข้อมูลตัวอย่าง (สังเคราะห์) ไม่ใช่ตัวเลขทางการของ สศอ."
PRELIMINARY_NOTE = "หมายเหตุ: ตัวเลขเบื้องต้น อาจมีการปรับปรุง"
SAME_MONTH_LAST_YEAR = "เทียบกับเดือนเดียวกันของปีก่อน"


def title(month: YearMonth, preliminary: bool) -> str:
    return f"ดัชนีเศรษฐกิจอุตสาหกรรม เดือน{month.thai()}{' (ตัวเลขเบื้องต้น)' if preliminary else ''}"


def moved(change: Decimal | None, in_points: bool) -> str:
    """ "เพิ่มขึ้น +1.19%", or that there is no year-earlier figure."""
    if change is None:
        return "(ไม่มีข้อมูลปีก่อน)"
    rounded = round2(change)
    word = DIRECTION[(rounded > 0) - (rounded < 0)]
    return f"{word} {'+' if rounded > 0 else ''}{rounded:,.2f}{' จุด' if in_points else '%'}"


def headline(name: str, value: Decimal, change: Decimal | None, in_points: bool) -> str:
    shown = f"ร้อยละ {value:,.2f}" if in_points else f"{value:,.2f}"
    return f"• {name} {shown} {moved(change, in_points)} {SAME_MONTH_LAST_YEAR}"


def sectors_up(parts: list[str]) -> str:
    return "• สาขาที่ขยายตัวสูง: " + ", ".join(parts)


def sectors_down(parts: list[str]) -> str:
    return "• สาขาที่หดตัวมาก: " + ", ".join(parts)


def other_index(name: str, value: Decimal, change: Decimal | None) -> str:
    return f"{name} {value:,.2f} ({moved(change, False)})"
