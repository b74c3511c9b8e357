"""The condition of an alert, read from a message: "แจ้งเตือนเมื่อ MPI ยานยนต์
ลดลงเกิน 5% เทียบปีก่อน" is a change below -5; "alert me when capacity
utilization goes above 70%" a level above 70. Numbers and the words around
them are what rules read best (the intent model never sees a threshold);
which indicator, sector and comparison is the parser's as for any question."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

Measure = Literal["level", "change"]
Direction = Literal["above", "below"]

_NUMBER = r"(?P<number>-?\d+(?:[.,]\d+)?)\s*(?P<percent>%|เปอร์เซ็นต์|เปอร์เซนต์|percent|per cent|pct)?"
_FALL_TH = r"ลดลง|หดตัว|ร่วงลง|ร่วง|ตกลง|ตก|ติดลบ|ลด"
_RISE_TH = r"เพิ่มขึ้น|ขยายตัว|โตขึ้น|โต|สูงขึ้น|เพิ่ม"
_MORE_TH = r"(?:เกินกว่า|มากกว่า|เกิน|กว่า|ถึง|ตั้งแต่)?"
_ABOVE_TH = r"สูงกว่า|เกินกว่า|มากกว่า|เกิน|ทะลุ|เหนือ|แตะ"
_BELOW_TH = r"ต่ำกว่า|น้อยกว่า|ไม่ถึง|หลุด"
_FALL_EN = (
    r"falls?|fell|falling|drops?|dropped|dropping|declines?|declined|contracts?|shrinks?|decreases?|decreased"
    r"|down|plunges?"
)
_RISE_EN = r"rises?|rose|rising|grows?|grew|growing|increases?|increased|jumps?|up|climbs?|expands?"
_MORE_EN = r"(?:by\s+)?(?:more\s+than\s+|over\s+|at\s+least\s+|beyond\s+|above\s+)?"
_ABOVE_EN = r"above|over|exceeds?|exceeding|higher\s+than|more\s+than|tops?"
_BELOW_EN = r"below|under|less\s+than|lower\s+than"
_SPACE = r"\s*"

# In order: a fall or rise *past a level* is a level ("falls below 60", "ลดลงต่ำกว่า 60");
# then a fall or rise *by* an amount is a change; then a bare level.
_PATTERNS: tuple[tuple[Measure, Direction, re.Pattern[str]], ...] = (
    ("level", "below", re.compile(rf"(?:{_FALL_TH}|{_FALL_EN})?{_SPACE}(?:{_BELOW_TH}){_SPACE}{_NUMBER}")),
    ("level", "below", re.compile(rf"\b(?:{_FALL_EN})?\s*(?:{_BELOW_EN})\s+{_NUMBER}")),
    ("level", "above", re.compile(rf"(?:{_RISE_TH}|{_RISE_EN}|goes|gets|is)?\s*\b(?:{_ABOVE_EN})\s+{_NUMBER}")),
    ("change", "below", re.compile(rf"(?:{_FALL_TH}){_SPACE}{_MORE_TH}{_SPACE}{_NUMBER}")),
    ("change", "above", re.compile(rf"(?:{_RISE_TH}){_SPACE}{_MORE_TH}{_SPACE}{_NUMBER}")),
    ("change", "below", re.compile(rf"\b(?:{_FALL_EN})\s+{_MORE_EN}{_NUMBER}")),
    ("change", "above", re.compile(rf"\b(?:{_RISE_EN})\s+{_MORE_EN}{_NUMBER}")),
    ("level", "above", re.compile(rf"(?:{_ABOVE_TH}){_SPACE}{_NUMBER}")),
)
# With no number: "แจ้งเตือนเมื่อ MPI ติดลบ", "when the MPI turns negative" is any fall.
_NEGATIVE = re.compile(r"ติดลบ|หดตัว|turns?\s+negative|goes\s+negative|contracts?\b")


@dataclass(frozen=True)
class Condition:
    """`threshold` is signed: "falls more than 5%" is a change below -5."""

    measure: Measure
    direction: Direction
    threshold: Decimal
    percent: bool = False  # the number was written with a percent sign or word

    def as_change(self) -> Condition:
        """A level written as a percent about an index ("MPI above 5%") means its change."""
        return Condition("change", self.direction, self.threshold, self.percent)


def read_condition(text: str) -> Condition | None:
    """The condition in a normalized message, or None. Where patterns overlap
    ("falls more than 3%" holds "more than 3"), the one starting first wins."""
    found = [
        (match.start(), order, measure, direction, match)
        for order, (measure, direction, pattern) in enumerate(_PATTERNS)
        if (match := pattern.search(text)) is not None
    ]
    for _, _, measure, direction, match in sorted(found, key=lambda item: item[:2]):
        try:
            number = Decimal(match["number"].replace(",", "."))
        except InvalidOperation:
            continue
        if measure == "change":
            number = -abs(number) if direction == "below" else abs(number)
        return Condition(measure, direction, number, bool(match["percent"]))
    if _NEGATIVE.search(text):
        return Condition("change", "below", Decimal(0))
    return None


AlertAction = Literal["set", "list", "remove"]
_LIST = re.compile(
    r"(?:การ)?แจ้งเตือน(?:ของ(?:ฉัน|ผม|หนู|เรา|ดิฉัน)|ที่ตั้งไว้|ที่มี|อะไรบ้าง)|ดูการแจ้งเตือน|ตั้งแจ้งเตือนอะไรไว้"
    r"|\bmy\s+alerts\b|\blist\s+(?:my\s+|the\s+)?alerts\b|\bshow\s+(?:me\s+)?(?:my\s+)?alerts\b|\balerts\s+i\s+(?:have\s+)?set\b"
)
_REMOVE = re.compile(
    r"(?:ลบ|ยกเลิก|เลิก)(?:การ)?(?:ตั้ง)?แจ้งเตือน(?:ที่ตั้งไว้|เมื่อ|ถ้า|ทั้งหมด|ของ|ข้อ|อัน|\s*\d)"
    r"|ลบ(?:การ)?แจ้งเตือน"
    r"|\b(?:remove|delete|cancel|clear)\s+(?:my\s+|all\s+|the\s+|this\s+|that\s+|an?\s+)*alerts?\b"
)
# Asking to be told: with a condition, an alert; without one, a subscription or a question.
# Words that can only mean warning suffice; "tell me" or "บอก" only with "when" or "if"
# ("บอกหน่อย MPI ลดลง 5% ไหม" asks a figure).
_WARN = re.compile(r"เตือน|\b(?:alert|notify|notification|warn)")
_TELL = re.compile(
    r"แจ้ง|บอก|ส่ง(?:ข้อความ|ข่าว)|ทัก"
    r"|\b(?:tell\s+me|let\s+me\s+know|ping\s+me|message\s+me|text\s+me|e-?mail\s+me|send\s+me)"
)
_WHEN = re.compile(r"เมื่อ|ถ้า|หาก|ตอนที่|เวลาที่|กรณีที่|\b(?:when|whenever|if|once|as\s+soon\s+as)\b")


_MONTH_BEFORE = re.compile(
    r"เดือนก่อน|เดือนที่แล้ว|\bm-?o-?m\b|month\s+on\s+month|(?:last|previous|prior)\s+month|month\s+before"
)
_YEAR_BEFORE = re.compile(
    r"ปีก่อน|ปีที่แล้ว|\by-?o-?y\b|year\s+on\s+year|(?:last|previous|prior)\s+year|year\s+(?:before|earlier|ago)"
)


def alert_comparison(text: str) -> str | None:
    """What a change is compared with when the period patterns named nothing ("fall 10% on last month")."""
    if _MONTH_BEFORE.search(text):
        return "mom"
    if _YEAR_BEFORE.search(text):
        return "yoy"
    return None


def alert_action(text: str) -> tuple[AlertAction, Condition | None] | None:
    """What a normalized message asks of alerts: to set one (with its
    condition), to list them, or to remove them; None when it is not about alerts."""
    if _REMOVE.search(text):
        return "remove", None
    if _LIST.search(text):
        return "list", None
    asks_to_be_told = _WARN.search(text) or (_TELL.search(text) and _WHEN.search(text))
    if asks_to_be_told and (condition := read_condition(text)) is not None:
        return "set", condition
    return None
