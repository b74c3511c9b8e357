"""Text normalization for chat messages, before anything tries to understand them."""

from __future__ import annotations

import re
import unicodedata

from nlp.thaidate import THAI_DIGITS

MAX_MESSAGE_CHARS = 300  # longer input is cut: real questions are short

_THAI_DIGIT = re.compile("[๐-๙]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Three or more of the same letter ("มากกกก", "hiiii") are typing for emphasis.
# Digits are left alone: "2222" may be a real number.
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_REPEATED_MAI_YAMOK = re.compile(r"ๆ(\s*ๆ)+")
# Politeness particles and softeners at the end of a message carry no meaning here.
_TRAILING_PARTICLES = tuple(
    sorted(
        (
            "ครับผม", "ครับ", "คับ", "ค่ะ", "คะ", "ค่า", "คร่า", "จ้า", "จ้ะ", "จ๊ะ", "จ๊า", "ฮะ", "ฮับ",
            "นะคะ", "นะครับ", "นะ", "น้า", "หน่อย", "ด้วย", "ที", "please", "pls", "plz",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
# Words that end like a particle and are not one: "ปีหน้า" is next year, not "ปีห" + "น้า".
_WORDS_ENDING_LIKE_PARTICLES = ("หน้า", "มูลค่า", "บังคับ", "นาที", "ทันที", "บางที", "ชนะ")
_EDGE_CHARACTERS = " !?.~,;:"


def fold(text: str) -> str:
    """Character-level canonical form, shared by messages and vocabulary:
    NFKC (full-width to ASCII), Thai digits to Arabic, no zero-width
    characters, lower case."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    # NFKC splits SARA AM (ำ) into NIKHAHIT + SARA AA; people also type it that way.
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    text = _ZERO_WIDTH.sub("", text)
    if _THAI_DIGIT.search(text):  # translate is slow on Thai text; most messages have no Thai digits
        text = text.translate(THAI_DIGITS)
    return text.lower()


def normalize(text: str) -> str:
    """Canonical form of a message: `fold`, then repeated letters squeezed,
    trailing politeness particles dropped, single spaces."""
    text = fold(text[: MAX_MESSAGE_CHARS * 2])
    text = _REPEATS.sub(r"\1", text)
    if "ๆ" in text:
        text = _REPEATED_MAI_YAMOK.sub("ๆ", text)
    text = " ".join(text.split()).strip(_EDGE_CHARACTERS)
    # One C-level test first: most messages end in no particle at all.
    while text.endswith(_TRAILING_PARTICLES) and not text.endswith(_WORDS_ENDING_LIKE_PARTICLES):
        particle = next(particle for particle in _TRAILING_PARTICLES if text.endswith(particle))
        if len(text) <= len(particle):
            break
        text = text[: -len(particle)].rstrip(_EDGE_CHARACTERS)
    return text[:MAX_MESSAGE_CHARS]


_THAI_CHARACTER = re.compile("[\u0e00-\u0e7f]")


def is_thai(text: str) -> bool:
    return _THAI_CHARACTER.search(text) is not None
