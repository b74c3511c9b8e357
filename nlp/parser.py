"""Questions to frames: {intent, indicator, sector, period, comparison}.

Rules, not a trained model: every decision can be traced to a word list here,
and the labelled set in tests/data measures them. Steps: normalize; pull out
comparisons and periods with patterns (the dictionary lacks abbreviations
such as ก.ย.); segment the rest with nlpo3 and a domain dictionary; match
indicator and sector names by longest token sequence; fall back to fuzzy
matching (rapidfuzz) only where unknown tokens suggest a typo; then pick the
intent from keyword lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process

from nlp.lexicon import INDICATORS, SECTOR_CODES, SECTORS, TOTAL, TOTAL_TERMS
from nlp.normalize import fold, is_thai, normalize
from nlp.periods import PeriodSpec, scan_periods
from nlp.tokenizer import load_domain_dictionary, segment, thai_dictionary

Intent = Literal[
    "value",
    "change",
    "ranking",
    "definition",
    "chart",
    "calendar",
    "subscribe",
    "unsubscribe",
    "greeting",
    "help",
    "unknown",
]
INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]
COMPARISONS = ("yoy", "mom", "ytd")
MAX_NGRAM = 6


@dataclass(frozen=True)
class Frame:
    """What a message asks. `period` is still unresolved: resolving needs the
    latest month in the data, which this pure package does not know."""

    intent: Intent
    indicator: str | None = None
    sector: str | None = None
    period: PeriodSpec | None = None
    comparison: str | None = None
    base: PeriodSpec | None = None  # the second period in "ก.ค. 69 เทียบกับ ก.ค. 68"
    ranking_order: Literal["top", "bottom"] = "top"
    span_months: int | None = None
    range_start: PeriodSpec | None = None
    language: Literal["th", "en"] = "th"
    text: str = ""  # the normalized message
    corrections: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (typed, understood)

    @property
    def topic_named(self) -> bool:
        return self.indicator is not None or self.sector is not None


# --- keyword lists (normalized, lower-case) ------------------------------------------

UNSUBSCRIBE_WORDS = (
    "ยกเลิกการติดตาม",
    "ยกเลิกติดตาม",
    "เลิกรับ",
    "ไม่เอาข่าว",
    "เลิกติดตาม",
    "ยกเลิกการแจ้งเตือน",
    "ยกเลิกการรับข่าว",
    "ยกเลิกรับข่าว",
    "ไม่รับข่าว",
    "ไม่ต้องแจ้ง",
    "ไม่รับแจ้งเตือน",
    "หยุดแจ้งเตือน",
    "หยุดส่ง",
    "ไม่ต้องส่ง",
    "unsubscribe",
    "stop notif",
    "stop sending",
    "unfollow",
)
SUBSCRIBE_WORDS = (
    "ติดตาม",
    "สมัครรับ",
    "รับข่าว",
    "แจ้งเตือน",
    "แจ้งด้วย",
    "ส่งข่าว",
    "subscribe",
    "follow",
    "notify me",
    "alert me",
    "send me",
)
HELP_WORDS = (
    "ช่วยเหลือ",
    "วิธีใช้",
    "ถามได้บ้าง",
    "อะไรได้บ้าง",
    "ข้อมูลอะไรบ้าง",
    "มีอะไรบ้าง",
    "ทำอะไรได้",
    "ใช้งานยังไง",
    "ใช้งานอย่างไร",
    "ใช้ยังไง",
    "ทำอะไรได้บ้าง",
    "ทำอะไรได้",
    "ถามอะไรได้บ้าง",
    "ถามอะไรได้",
    "เมนู",
    "help",
    "menu",
    "how to use",
    "what can you do",
    "what can i ask",
    "commands",
)
CALENDAR_WORDS = (
    "ออกเมื่อไหร่",
    "ออกเมื่อไร",
    "ออกวันไหน",
    "ออกวันที่เท่าไหร่",
    "ประกาศเมื่อไหร่",
    "ประกาศเมื่อไร",
    "ประกาศวันไหน",
    "เผยแพร่เมื่อไหร่",
    "เผยแพร่เมื่อไร",
    "เผยแพร่วันไหน",
    "จะออก",
    "จะประกาศ",
    "กำหนดการ",
    "ปฏิทิน",
    "ประกาศวัน",
    "ออกวัน",
    "ออกหรือยัง",
    "ออกยัง",
    "มาหรือยัง",
    "เดือนหน้า",
    "next month",
    "released yet",
    "out yet",
    "วันประกาศ",
    "วันเผยแพร่",
    "ข้อมูลใหม่มาเมื่อไหร่",
    "อัปเดตเมื่อไหร่",
    "อัพเดทเมื่อไหร่",
    "next release",
    "release date",
    "release calendar",
    "when is the next",
    "when will",
    "when does",
    "when do",
    "be released",
    "be published",
    "published next",
    "next update",
)
DEFINITION_WORDS = (
    "คืออะไร",
    "คือ อะไร",
    "หมายถึงอะไร",
    "หมายถึง",
    "หมายความว่า",
    "อธิบาย",
    "ย่อมาจาก",
    "stands for",
    "stand for",
    "แปลว่าอะไร",
    "ความหมาย",
    "นิยาม",
    "คำนวณยังไง",
    "คำนวณอย่างไร",
    "คำนวณจาก",
    "วิธีคำนวณ",
    "คิดยังไง",
    "คิดอย่างไร",
    "วัดอะไร",
    "ใช้วัด",
    "what is",
    "what's",
    "what are",
    "what does",
    "meaning of",
    "definition",
    "define",
    "how is",
    "how are",
    "computed",
    "calculated",
    "explain",
)
CHART_WORDS = ("กราฟ", "แผนภูมิ", "แผนภาพ", "ชาร์ต", "แนวโน้ม", "chart", "graph", "plot", "trend", "visual")
RANKING_WORDS = (
    "สาขาไหน",
    "สาขาใด",
    "อุตสาหกรรมไหน",
    "อุตสาหกรรมใด",
    "กลุ่มไหน",
    "หมวดไหน",
    "อันดับ",
    "จัดอันดับ",
    "มากที่สุด",
    "มากสุด",
    "ที่สุด",
    "แรงสุด",
    "สูงที่สุด",
    "สูงสุด",
    "ต่ำที่สุด",
    "ต่ำสุด",
    "น้อยที่สุด",
    "แย่ที่สุด",
    "ดีที่สุด",
    "รายสาขา",
    "ทุกสาขา",
    "แต่ละสาขา",
    "which sector",
    "which industr",
    "what sector",
    "ranking",
    "rank",
    "top",
    "bottom",
    "best",
    "worst",
    "fastest",
    "biggest",
    "largest",
    "most",
    "by sector",
    "each sector",
    "all sectors",
)
BOTTOM_WORDS = (
    "ลดลง",
    "หดตัว",
    "ติดลบ",
    "ลดลงมาก",
    "หดตัวมาก",
    "ติดลบมาก",
    "ต่ำที่สุด",
    "ต่ำสุด",
    "น้อยที่สุด",
    "แย่ที่สุด",
    "ร่วงมาก",
    "fell most",
    "fell the most",
    "declined most",
    "declined the most",
    "decreased most",
    "dropped most",
    "worst",
    "bottom",
    "lowest",
    "shrank",
    "weakest",
)
CHANGE_WORDS = (
    "เพิ่มขึ้น",
    "เพิ่ม",
    "ลดลง",
    "เปลี่ยนแปลง",
    "ขยายตัว",
    "หดตัว",
    "เติบโต",
    "เทียบ",
    "ขึ้นหรือลง",
    "ขึ้นหรือเปล่า",
    "ขึ้นไหม",
    "ลงไหม",
    "ดีขึ้น",
    "แย่ลง",
    "ฟื้นตัว",
    "ติดลบ",
    "กี่เปอร์เซ็นต์",
    "กี่เปอร์เซนต์",
    "เปอร์เซ็นต์",
    "กี่%",
    "%",
    "ร้อยละเท่าไหร่",
    "change",
    "growth",
    "grow",
    "grew",
    "increase",
    "decrease",
    "rise",
    "rose",
    "fall",
    "fell",
    "drop",
    "up or down",
    "compare",
    "vs",
    "versus",
    "percent",
)
GREETING_WORDS = (
    "สวัสดี",
    "หวัดดี",
    "ดีครับ",
    "ดีค่ะ",
    "ดีจ้า",
    "hello",
    "hi",
    "hey",
    "good morning",
    "good afternoon",
    "good evening",
    "greetings",
    "ขอบคุณ",
    "thank",
)
# Questions about things this service has no data on.
OUT_OF_DOMAIN_WORDS = ("ราคา", "อากาศ", "หุ้น", "ทองคำ", "ค่าเงิน", "price", "weather", "stock price", "exchange rate")
GREETING_MESSAGES = frozenset({"ดี", "ดีจ้า", "yo"})
# Short words that are only meant as whole tokens: "โต" (grow) is also inside ปิโตรเลียม.
CHANGE_TOKENS = frozenset({"โต", "บวก", "ขึ้น", "ลง", "ลด"})
HELP_MESSAGES = frozenset({"ช่วย", "?", "??", "h", "เริ่ม", "start"})
_ENGLISH_WORD_KEYWORDS = frozenset({"hi", "hey", "top", "rank", "most", "best", "vs", "fall", "rise", "grow"})

# Words that appear in domain questions but are not names: kept out of fuzzy matching.
QUESTION_WORDS = (
    "เท่าไหร่",
    "เท่าไร",
    "เท่าใด",
    "อยู่ที่",
    "ล่าสุด",
    "เดือน",
    "ปีก่อน",
    "ไตรมาส",
    "เทียบ",
    "ดัชนี",
    "ขอดู",
    "อยากรู้",
)


@dataclass(frozen=True)
class _Term:
    kind: Literal["indicator", "sector"]
    code: str
    text: str


def _compact(text: str) -> str:
    return re.sub(r"[\s\-_.]+", "", fold(text))


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, _Term]:
    """Every name of every indicator and sector, keyed without spaces."""
    terms: dict[str, _Term] = {}
    for indicator in INDICATORS:
        for name in (indicator.code, indicator.name_th, indicator.name_en, *indicator.aliases):
            terms[_compact(name)] = _Term("indicator", indicator.code, name)
    for sector in (*SECTORS, TOTAL_TERMS):
        names = (sector.name_th, sector.name_th.removeprefix("การผลิต"), sector.name_en, *sector.aliases)
        for name in names:
            terms.setdefault(_compact(name), _Term("sector", sector.code, name))
    return terms


@lru_cache(maxsize=1)
def _longest_name() -> int:
    return max(len(key) for key in _vocabulary())


@lru_cache(maxsize=1)
def _fuzzy_choices() -> tuple[list[str], list[_Term]]:
    vocabulary = _vocabulary()
    keys = [key for key in vocabulary if len(key) >= 5]
    return keys, [vocabulary[key] for key in keys]


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    words = set(thai_dictionary())
    words.update(_vocabulary())
    for group in (UNSUBSCRIBE_WORDS, SUBSCRIBE_WORDS, HELP_WORDS, CALENDAR_WORDS, DEFINITION_WORDS, QUESTION_WORDS):
        words.update(_compact(word) for word in group)
    return frozenset(words)


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Load dictionaries and tables now rather than on the first message."""
    domain_words = [term.text for term in _vocabulary().values() if is_thai(term.text)]
    domain_words += [word for word in QUESTION_WORDS + CHART_WORDS + CHANGE_WORDS if is_thai(word)]
    domain_words += ["ไตรมาส", "เอ็มพีไอ", "อุตฯ", "ยางพลาสติก", "ยานยนต์", "รถจักรยานยนต์"]
    load_domain_dictionary(domain_words)
    _stop_tokens()
    _known_words()
    _fuzzy_choices()


# --- entity matching ------------------------------------------------------------------


@dataclass
class _Entities:
    indicator: str | None = None
    sector: str | None = None
    corrections: list[tuple[str, str]] = field(default_factory=list)
    free_tokens: list[str] = field(default_factory=list)  # tokens that are not part of a name
    general_indicator: str | None = None  # from a general name, used when nothing specific is named


_TSIC_CODE = re.compile(r"(?:tsic|สาขา|หมวด|division|isic)\s*(?::|ที่|no\.?)?\s*(?P<code>\d{2})(?!\d)")


def _match_entities(text: str) -> _Entities:
    entities = _Entities()
    code_match = _TSIC_CODE.search(text)
    if code_match and code_match.group("code") in SECTOR_CODES:
        entities.sector = code_match.group("code")
        text = text[: code_match.start()] + " " + text[code_match.end() :]
    tokens = segment(text)
    vocabulary = _vocabulary()
    longest = _longest_name()
    matched = [False] * len(tokens)
    position = 0
    while position < len(tokens):
        # Grow the joined text token by token and keep the longest name seen.
        joined, found, size = "", None, 0
        for end in range(position, min(position + MAX_NGRAM, len(tokens))):
            joined += tokens[end].replace("-", "")
            if len(joined) > longest:
                break
            term = vocabulary.get(joined)
            if term is not None:
                found, size = term, end - position + 1
        if found is None:
            position += 1
            continue
        _assign(entities, found)
        matched[position : position + size] = [True] * size
        position += size
    if entities.indicator is None or entities.sector is None:
        _names_inside_compounds(tokens, matched, entities)
    if entities.indicator is None or entities.sector is None:
        _fuzzy_entities(tokens, matched, entities)
    entities.free_tokens = [token for token, used in zip(tokens, matched, strict=True) if not used]
    entities.indicator = entities.indicator or entities.general_indicator
    return entities


@lru_cache(maxsize=1)
def _inner_name_pattern() -> re.Pattern[str]:
    # Names of three or more letters only: "ยา" or "รถ" inside a word mean nothing.
    names = sorted((key for key in _vocabulary() if is_thai(key) and len(key) >= 3), key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names))


def _names_inside_compounds(tokens: list[str], matched: list[bool], entities: _Entities) -> None:
    """The dictionary knows compounds such as โรงกลั่นน้ำมัน: look for names inside
    tokens that matched nothing."""
    pattern = _inner_name_pattern()
    vocabulary = _vocabulary()
    for index, token in enumerate(tokens):
        if matched[index] or len(token) < 4 or not is_thai(token):
            continue
        found = pattern.search(token)
        if found is not None:
            _assign(entities, vocabulary[found.group(0)])
            matched[index] = True


# Names too general to beat a specific one named in the same message:
# "ดัชนีสต็อกสินค้า" is about inventories, "อุตสาหกรรมการผลิตรถยนต์" about vehicles.
GENERAL_NAMES = frozenset({"ดัชนี"})


def _assign(entities: _Entities, term: _Term) -> None:
    # Otherwise the first name mentioned wins: "ยานยนต์ เทียบ อาหาร" is about vehicles.
    if term.kind == "indicator":
        if term.text in GENERAL_NAMES:
            entities.general_indicator = entities.general_indicator or term.code
        elif entities.indicator is None:
            entities.indicator = term.code
    elif term.kind == "sector" and (entities.sector is None or (entities.sector == TOTAL and term.code != TOTAL)):
        entities.sector = term.code


# Words of questions that are never part of a name; no typo search around them.
STOP_WORDS = frozenset(
    {
        "เดือน", "นี้", "ล่าสุด", "เท่าไหร่", "เท่าไร", "เท่าใด", "ดัชนี", "ขอ", "ดู", "อยาก", "รู้", "ทราบ",
        "ของ", "ที่", "ใน", "และ", "กับ", "ปี", "ไตรมาส", "ค่า", "อยู่", "เป็น", "ยังไง", "ไง", "บ้าง",
        "ไหม", "มั้ย", "หรือ", "เปล่า", "ครับ", "ค่ะ", "คะ", "หน่อย", "ด้วย", "ตัวเลข", "ข้อมูล", "ช่วย",
        "บอก", "เทียบ", "ก่อน", "แล้ว", "ปัจจุบัน", "ตอนนี้", "อุตสาหกรรม", "ภาค", "สาขา", "the", "of",
        "in", "for", "what", "is", "latest", "month", "index", "and", "how", "much", "did", "was",
    }
)  # fmt: skip


@lru_cache(maxsize=1)
def _stop_tokens() -> frozenset[str]:
    """STOP_WORDS plus every token of every keyword phrase: intent words are
    not misspelled names."""
    words = set(STOP_WORDS)
    groups = (
        UNSUBSCRIBE_WORDS, SUBSCRIBE_WORDS, HELP_WORDS, CALENDAR_WORDS, DEFINITION_WORDS, CHART_WORDS,
        RANKING_WORDS, BOTTOM_WORDS, CHANGE_WORDS, GREETING_WORDS, QUESTION_WORDS, OUT_OF_DOMAIN_WORDS,
    )  # fmt: skip
    for group in groups:
        for phrase in group:
            words.update(segment(phrase))
    words.update({"sector", "sectors", "industry", "industries", "data", "release", "chart", "show", "next"})
    return frozenset(words)


def _typo_suspect(token: str, stop_tokens: frozenset[str]) -> bool:
    if token in stop_tokens or not any(char.isalpha() for char in token):
        return False
    if is_thai(token):
        return True
    return len(token) >= 4 and _compact(token) not in _known_words()


@lru_cache(maxsize=8192)
def _closest_name(window: str) -> tuple[float, int] | None:
    """(score, index into the fuzzy choices) of the closest name, if close enough.
    Cached: the same fragments ("เดือนหน้า", "ทุกเดือน") recur across messages."""
    keys, _ = _fuzzy_choices()
    cutoff = 88 if len(window) < 8 else 82
    found = process.extractOne(window, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
    return None if found is None else (found[1], found[2])


def _fuzzy_entities(tokens: list[str], matched: list[bool], entities: _Entities) -> None:
    """Typos split names into fragments ("กำลงการผลิต" -> กำ ลง การผลิต): join
    windows of unmatched tokens around each suspect one and compare them with
    the vocabulary. Up to two rounds, for an indicator and a sector."""
    stop_tokens = _stop_tokens()
    suspects = [i for i, token in enumerate(tokens) if not matched[i] and _typo_suspect(token, stop_tokens)]
    if not suspects:
        return
    _, terms = _fuzzy_choices()
    for _round in range(2):
        if entities.indicator is not None and entities.sector is not None:
            return
        suspects = [i for i in suspects if not matched[i]]
        best: tuple[float, int, int, _Term] | None = None
        tried: set[tuple[int, int]] = set()
        for index in suspects:
            for start in range(max(0, index - 3), index + 1):
                for end in range(index + 1, min(len(tokens), start + 5) + 1):
                    if (start, end) in tried or any(matched[start:end]):
                        continue
                    tried.add((start, end))
                    window = "".join(tokens[start:end])
                    if len(window) < 4:
                        continue
                    found = _closest_name(window)
                    if found is None:
                        continue
                    term = terms[found[1]]
                    if (term.kind == "indicator" and entities.indicator) or (term.kind == "sector" and entities.sector):
                        continue
                    score = found[0] + len(window) / 100  # prefer the longer of equal scores
                    if best is None or score > best[0]:
                        best = (score, start, end, term)
        if best is None:
            return
        _, start, end, term = best
        _assign(entities, term)
        matched[start:end] = [True] * (end - start)
        entities.corrections.append(("".join(tokens[start:end]), term.text))


# --- intent ---------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _keyword_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One regex per word list; short English words only as whole words."""
    parts = [
        rf"\b{re.escape(word)}\b" if word in _ENGLISH_WORD_KEYWORDS else re.escape(word)
        for word in sorted(words, key=len, reverse=True)
    ]
    return re.compile("|".join(parts))


def _has(text: str, words: tuple[str, ...]) -> bool:
    return _keyword_pattern(words).search(text) is not None


def _intent(
    text: str,
    tokens: list[str],
    has_topic: bool,
    has_period: bool,
    comparison: bool,
    span: int | None,
    explicit_indicator: bool = False,
) -> Intent:
    if not text.strip():
        return "value" if has_topic or has_period or comparison or span else "unknown"
    if _has(text, UNSUBSCRIBE_WORDS):
        return "unsubscribe"
    if _has(text, SUBSCRIBE_WORDS) and not _has(text, CALENDAR_WORDS):
        return "subscribe"
    if _has(text, HELP_WORDS) or text.strip() in HELP_MESSAGES:
        return "help"
    if _has(text, CALENDAR_WORDS):
        return "calendar"
    if _has(text, DEFINITION_WORDS) and not has_period and not comparison:
        return "definition"
    if _has(text, CHART_WORDS) or span is not None:
        return "chart"
    if _has(text, RANKING_WORDS):
        return "ranking"
    if _has(text, OUT_OF_DOMAIN_WORDS) and not explicit_indicator:
        return "unknown"
    if comparison or _has(text, CHANGE_WORDS) or not CHANGE_TOKENS.isdisjoint(tokens):
        return "change"
    if has_topic or has_period:
        return "value"
    if _has(text, GREETING_WORDS) or text.strip() in GREETING_MESSAGES:
        return "greeting"
    if _has(text, DEFINITION_WORDS):
        return "definition"
    return "unknown"


def parse(message: str) -> Frame:
    """Understand one chat message. Never raises for any text."""
    warm_up()
    text = normalize(message)
    language: Literal["th", "en"] = "th" if is_thai(text) or not text else "en"
    scan = scan_periods(text)
    entities = _match_entities(scan.text) if scan.text.strip() else _Entities()
    periods = [found.spec for found in scan.periods]
    period = periods[0] if periods else None
    base = periods[1] if len(periods) > 1 else None
    comparison = scan.comparison
    has_topic = entities.indicator is not None or entities.sector is not None
    intent = _intent(
        scan.text,
        entities.free_tokens,
        has_topic,
        period is not None,
        bool(comparison or base),
        scan.span_months or (1 if scan.range_start else None),
        explicit_indicator=entities.indicator is not None,
    )
    if period is not None and period.kind == "ytd":
        comparison = "ytd"
    if intent == "change" and comparison is None and base is None:
        comparison = "yoy"  # OIE's headline comparison
    if intent == "ranking" and comparison not in ("yoy", "mom"):
        comparison = "yoy"
    if intent in ("definition", "calendar", "subscribe", "unsubscribe", "greeting", "help", "unknown"):
        period = base = None
        comparison = None
    indicator = entities.indicator
    sector = entities.sector
    if intent in ("value", "change", "chart", "ranking", "definition", "calendar") and indicator is None:
        indicator = "MPI"
    if intent in ("value", "change", "chart") and sector is None:
        sector = TOTAL
    if intent in ("ranking", "calendar", "greeting", "help", "unknown"):
        sector = None
    if intent in ("greeting", "help", "unknown"):
        indicator = None
    if intent == "definition" and entities.indicator is None and entities.sector is not None:
        indicator = None  # "ยานยนต์ คืออะไร": a sector, not an indicator
    return Frame(
        intent=intent,
        indicator=indicator,
        sector=sector,
        period=period,
        comparison=comparison,
        base=base,
        ranking_order="bottom" if intent == "ranking" and _has(text, BOTTOM_WORDS) else "top",
        span_months=scan.span_months,
        range_start=scan.range_start if intent == "chart" else None,
        language=language,
        text=text,
        corrections=tuple(entities.corrections),
    )
