"""Words by which a message leans on the one before it, beyond "แล้ว…ล่ะ":
a correction ("ไม่ใช่ ฉันหมายถึงเครื่องดื่ม", "no, I meant food"), a request
for the same answer in the other language ("in Thai please"), a place in the
ranking just shown ("อันดับสองคืออะไร"), "this" sector ("ติดตามหมวดนี้"), and
a figure asked after a chart ("ตัวเลขล่าสุดเท่าไหร่"). `nlp.context` reads them."""

from __future__ import annotations

import re
from typing import Literal

# "ไม่ใช่ ฉันหมายถึง…", "ผิด ต้องการ…", "no, I meant…": what follows replaces part of the last
# question. Only with a space or comma after the "no": "no more messages" opts out, "ผิดปกติ" is a word.
_CORRECTION_PREFIX = re.compile(
    r"^\s*(?:(?:ไม่ใช่|ผิดแล้ว|ผิด)(?:\s+|ๆ\s*|(?=(?:ฉัน|ผม|หนู|เรา|ดิฉัน)?หมายถึง))"
    r"|(?:no|nope|wrong|not that)\s*[,.!]\s*|sorry\s*,?\s*)?"
    r"(?:(?:ฉัน|ผม|หนู|เรา|ดิฉัน)?หมายถึง|(?:i\s+)?meant|i\s+mean)\s*(?!อะไร|what)"
    r"|^\s*(?:ไม่ใช่|ผิดแล้ว|ผิด)(?:\s+|ๆ\s*)|^\s*(?:no|nope|wrong|not that)\s*[,.!]\s*",
    re.IGNORECASE,
)
# "in Thai please", "ขอเป็นภาษาอังกฤษ": the last answer again, in that language.
_LANGUAGE_REQUEST = re.compile(
    r"^\s*(?:(?:please\s+)?(?:in|into|answer in|reply in|translate (?:it |that )?(?:in)?to)\s+(?P<en>thai|english)"
    r"|(?:ขอ|ตอบ|แปล)?(?:เป็น)?ภาษา(?P<th>ไทย|อังกฤษ)|(?P<bare>thai|english))\s*(?:please|pls|ครับ|ค่ะ|คะ|หน่อย|ได้ไหม|ได้มั้ย|นะ)*\s*[?!.]*\s*$",
    re.IGNORECASE,
)
# A place in a ranking: the ranking answers it, even beside "คืออะไร".
RANK_PLACE_WORDS = (
    "อันดับสอง", "อันดับ 2", "อันดับสาม", "อันดับ 3", "อันดับที่", "รองลงมา", "second place", "runner-up",
    "runner up", "second biggest", "second largest", "second highest", "second lowest", "number two",
)  # fmt: skip
# "ติดตามหมวดนี้", "alert me on this one": the sector of the last question.
THIS_ONE_WORDS = ("นี้", "นี่", "อันนี้", "ตัวนี้", "this", " it", "that one")
# Asking for a figure after a chart: the figure, not the chart again.
FIGURE_ASKING_WORDS = ("เท่าไหร่", "เท่าไร", "เท่าใด", "กี่จุด", "how much", "what is the", "what was the", "value")


def without_correction(text: str) -> str:
    """The message with a leading "ไม่ใช่ ฉันหมายถึง" or "no, I meant" taken off (unless
    nothing follows it): "หมายถึง" there names what was meant, not a question of meaning."""
    found = _CORRECTION_PREFIX.match(text)
    if found is None or not text[found.end() :].strip():
        return text
    return text[found.end() :]


def corrects(message: str) -> bool:
    return without_correction(message) != message


def language_asked(message: str) -> Literal["th", "en"] | None:
    found = _LANGUAGE_REQUEST.match(message)
    if found is None:
        return None
    written = (found.group("en") or found.group("th") or found.group("bare") or "").lower()
    return "th" if written in ("thai", "ไทย") else "en"
