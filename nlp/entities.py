"""Names of indicators and sectors in a message: the longest known name in
the token sequence, names inside compounds the dictionary knows, a TSIC code
("สาขา 29"), and, only where unknown tokens suggest a typo, the closest name
(rapidfuzz), reported as a correction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process

from nlp.gazetteer import groups
from nlp.keywords import (
    BOTTOM_WORDS,
    CALENDAR_WORDS,
    CHANGE_WORDS,
    CHART_WORDS,
    DEFINITION_WORDS,
    GENERAL_NAMES,
    GREETING_WORDS,
    HELP_WORDS,
    OUT_OF_DOMAIN_WORDS,
    QUESTION_WORDS,
    RANKING_WORDS,
    STOP_WORDS,
    SUBSCRIBE_WORDS,
    UNSUBSCRIBE_WORDS,
)
from nlp.name_joins import every_index_named, excluded, keep_the_head, modifies, production_beside_an_indicator
from nlp.normalize import fold, is_thai
from nlp.tokenizer import load_domain_dictionary, segment, thai_dictionary
from nlp.vocabulary import INDICATORS, SECTOR_CODES, SECTORS, TOTAL, TOTAL_TERMS

# Tokens one name may span: the long official titles run to fifteen ("basic chemicals, fertilizers and …").
MAX_NGRAM = 16


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
    # What factories make: a product names its division (the divisions' own names come first).
    for group in groups():
        division = group.code[:2]
        # Titles without "การผลิต" / "Manufacture of": that prefix belongs to "กำลังการผลิต" (capacity) as well.
        titles = (group.name_th.removeprefix("การผลิต"), group.name_en.removeprefix("Manufacture of "))
        for name in (*titles, *group.products):
            terms.setdefault(_compact(name), _Term("sector", division, name))
    for key, term in list(terms.items()):
        for other in _other_number(key):
            terms.setdefault(other, term)
    return terms


# Other numbers that are everyday words first ("can you…", "in spring", "overalls" the garment).
_NOT_NAMES = frozenset({"ring", "game", "lift", "lock", "sale", "spring", "watch", "overalls", "stocks"})


def _other_number(key: str) -> tuple[str, ...]:
    """An English name in its other grammatical number ("auto" and "autos", "battery" and
    "batteries"): people write either, and the lists name each thing once."""
    if not (key.isascii() and key.isalpha()) or len(key) < 4:
        return ()
    if key.endswith("ies"):
        other = key[:-3] + "y"
    elif key.endswith(("sses", "xes", "ches", "shes")):
        other = key[:-2]
    elif key.endswith("ss"):
        other = key + "es"
    elif key.endswith("s"):
        other = key[:-1]
    elif key.endswith("y") and key[-2] not in "aeiou":
        other = key[:-1] + "ies"
    elif key.endswith(("x", "ch", "sh")):
        other = key + "es"
    else:
        other = key + "s"
    return () if len(other) < 4 or other in _NOT_NAMES else (other,)


@lru_cache(maxsize=1)
def _longest_name() -> int:
    return max(len(key) for key in _vocabulary())


@lru_cache(maxsize=1)
def _name_prefixes() -> frozenset[str]:
    """Every beginning of every name: joining tokens stops as soon as the
    joined text begins no name."""
    return frozenset(key[:end] for key in _vocabulary() for end in range(1, len(key) + 1))


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
    names = _vocabulary().values()
    domain_words = [term.text for term in names if is_thai(term.text) and not _steals_a_tail(term.text)]
    domain_words += [word for word in QUESTION_WORDS + CHART_WORDS + CHANGE_WORDS if is_thai(word)]
    domain_words += ["ไตรมาส", "เอ็มพีไอ", "อุตฯ", "ยางพลาสติก", "ยานยนต์", "รถจักรยานยนต์"]
    load_domain_dictionary(domain_words)
    _stop_tokens()
    _known_words()
    _english_words()
    _fuzzy_choices()
    _name_prefixes()


def _steals_a_tail(name: str) -> bool:
    """A name that begins with the end of an indicator's name and goes on with another
    name, as "การผลิตสิ่งทอ" does after "กำลังการผลิต": in the tokenizer's dictionary it would
    take "การผลิต" from "กำลังการผลิตสิ่งทอ" and leave capacity unnamed. Left out of the
    dictionary, it is still found, by joining its tokens, when nothing comes before it."""
    key = _compact(name)
    vocabulary = _vocabulary()
    return any(key.startswith(tail) and key[len(tail) :] in vocabulary for tail in _indicator_tails())


@lru_cache(maxsize=1)
def _indicator_tails() -> frozenset[str]:
    names = (_compact(term.text) for term in _vocabulary().values() if term.kind == "indicator" and is_thai(term.text))
    return frozenset(name[start:] for name in names for start in range(1, len(name) - 1))


@dataclass
class Entities:
    indicator: str | None = None
    sector: str | None = None
    corrections: list[tuple[str, str]] = field(default_factory=list)
    free_tokens: list[str] = field(default_factory=list)  # tokens that are not part of a name
    general_indicator: str | None = None  # from a general name, used when nothing specific is named
    more_indicators: list[str] = field(default_factory=list)  # "MPI กับ CAPU": named after the first
    more_sectors: list[str] = field(default_factory=list)  # "ยานยนต์กับอาหาร": named after the first
    excluded_sectors: list[str] = field(default_factory=list)  # "ไม่รวมปิโตรเลียม": left out


# What _compact takes out of a name; the tokenizer keeps spaces inside the long official names.
_NOT_IN_KEYS = str.maketrans("", "", " \t-_.")
# A division's code; after "tsic" or "isic" a group's or class's too ("TSIC 2910" is in 29).
_TSIC_CODE = re.compile(
    r"(?:(?P<classified>tsic|isic)|สาขา|หมวด|division)\s*(?::|ที่|no\.?)?\s*(?P<code>\d{2})(?P<finer>\d{1,3})?(?!\d)"
)


def match_entities(text: str) -> Entities:
    entities = Entities()
    code_match = _TSIC_CODE.search(text)
    if code_match and code_match.group("finer") and not code_match.group("classified"):
        code_match = None  # "สาขา 2569" is not a class code
    if code_match and code_match.group("code") in SECTOR_CODES:
        entities.sector = code_match.group("code")
        text = text[: code_match.start()] + " " + text[code_match.end() :]
    tokens = segment(text)
    vocabulary = _vocabulary()
    longest = _longest_name()
    prefixes = _name_prefixes()
    count = len(tokens)
    matched = [False] * count
    pieces = [token.translate(_NOT_IN_KEYS) for token in tokens]  # as _compact keys the names
    position = 0
    sector_end = -1  # the token after the last sector name matched
    indicator_spans: list[tuple[int, int]] = []
    while position < count:
        joined = pieces[position]
        if joined not in prefixes:  # most tokens begin no name
            position += 1
            continue
        # Grow the joined text token by token and keep the longest name seen.
        found = vocabulary.get(joined)
        size = 1 if found is not None else 0
        for end in range(position + 1, min(position + MAX_NGRAM, count)):
            joined += pieces[end]
            if joined not in prefixes or len(joined) > longest:
                break
            term = vocabulary.get(joined)
            if term is not None:
                found, size = term, end - position + 1
        if found is None or (size == 1 and len(pieces[position]) <= 2 and _begins_a_misspelt_name(tokens, position)):
            position += 1
            continue
        if found.kind == "sector" and found.code != TOTAL and excluded(tokens, position):
            entities.excluded_sectors.append(found.code)
        elif found.kind == "sector" and position == sector_end and modifies(text, tokens, position):
            keep_the_head(entities, found.code, english=not is_thai(tokens[position]))
        else:
            _assign(entities, found, several=True)
        sector_end = position + size if found.kind == "sector" and found.code != TOTAL else -1
        if found.kind == "indicator" and found.text not in GENERAL_NAMES:
            indicator_spans.append((position, position + size))
        matched[position : position + size] = [True] * size
        position += size
    production_beside_an_indicator(tokens, matched, indicator_spans, entities)
    every_index_named(text, entities)
    if entities.indicator is None or entities.sector is None:
        _names_inside_compounds(tokens, matched, entities)
    if entities.indicator is None or entities.sector is None:
        _fuzzy_entities(tokens, matched, entities)
    entities.free_tokens = [token for token, used in zip(tokens, matched, strict=True) if not used]
    entities.indicator = entities.indicator or entities.general_indicator
    return entities


def _begins_a_misspelt_name(tokens: list[str], position: int) -> bool:
    """Whether the token at `position` and the next few, joined, are a longer name with a
    tone mark wrong: "ยา" "นย" "นต" is ยานยนต์ misspelt, not medicine."""
    for end in range(position + 2, min(len(tokens), position + 4) + 1):
        window = "".join(tokens[position:end])
        if window not in _known_words() and _TONE_MARKS.sub("", window) in _toneless_names():
            return True
    return False


@lru_cache(maxsize=1)
def _inner_name_pattern() -> re.Pattern[str]:
    # Names of three or more letters only: "ยา" or "รถ" inside a word mean nothing.
    names = sorted((key for key in _vocabulary() if is_thai(key) and len(key) >= 3), key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names))


def _names_inside_compounds(tokens: list[str], matched: list[bool], entities: Entities) -> None:
    """The dictionary knows compounds such as โรงกลั่นน้ำมัน: look for names inside
    tokens that matched nothing."""
    for index, token in enumerate(tokens):
        if matched[index] or len(token) < 4:
            continue
        term = _name_inside(token)
        if term is not None:
            _assign(entities, term)
            matched[index] = True


@lru_cache(maxsize=16384)
def _name_inside(token: str) -> _Term | None:
    """The name inside a Thai compound token, if any. Cached: a pure function
    of the token, and the same words recur in every chat."""
    if not is_thai(token):
        return None
    found = _inner_name_pattern().search(token)
    return None if found is None else _vocabulary()[found.group(0)]


def _assign(entities: Entities, term: _Term, several: bool = False) -> None:
    # The first name mentioned is the subject; in "ยานยนต์ เทียบ อาหาร" food is a second sector.
    # Several indicators or sectors only from names written out in full (`several`), never from a guess.
    if term.kind == "indicator":
        if term.text in GENERAL_NAMES:
            entities.general_indicator = entities.general_indicator or term.code
        elif entities.indicator is None:
            entities.indicator = term.code
        elif several and term.code != entities.indicator and term.code not in entities.more_indicators:
            entities.more_indicators.append(term.code)
    elif term.kind == "sector" and (entities.sector is None or (entities.sector == TOTAL and term.code != TOTAL)):
        entities.sector = term.code
    elif several and term.kind == "sector" and term.code not in (TOTAL, entities.sector, *entities.more_sectors):
        entities.more_sectors.append(term.code)


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


@lru_cache(maxsize=16384)
def _typo_suspect(token: str) -> bool:
    """Whether a token that matched no name may be a misspelled one. Cached:
    a pure function of the token, and the same words recur in every chat."""
    if token in _stop_tokens() or not any(char.isalpha() for char in token):
        return False
    if is_thai(token):
        return True
    return len(token) >= 4 and _compact(token) not in _known_words() and token.lower() not in _english_words()


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """English words as they are spelt (pyspellchecker's frequency list): "factories" or
    "lately" is written as meant, not a misspelled name ("toy factory")."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en", distance=1).word_frequency.dictionary)


@lru_cache(maxsize=8192)
def _closest_name(window: str) -> tuple[float, int] | None:
    """(score, index into the fuzzy choices) of the closest name, if close enough.
    Cached: the same fragments ("เดือนหน้า", "ทุกเดือน") recur across messages."""
    keys, _ = _fuzzy_choices()
    toneless = _toneless_names().get(_TONE_MARKS.sub("", window))
    if toneless is not None and window not in _known_words():
        return 95.0, toneless  # "เหล้ก", "ยานยนต": a tone mark wrong or left out, the commonest Thai typo
    cutoff = 88 if len(window) < 8 else 82
    found = process.extractOne(window, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
    return None if found is None else (found[1], found[2])


_TONE_MARKS = re.compile("[\u0e47-\u0e4c]")  # ็ ่ ้ ๊ ๋ ์


@lru_cache(maxsize=1)
def _toneless_names() -> dict[str, int]:
    """Each fuzzy choice without its tone marks, to its index (the first of any that collide)."""
    names: dict[str, int] = {}
    for index, key in enumerate(_fuzzy_choices()[0]):
        names.setdefault(_TONE_MARKS.sub("", key), index)
    return names


def _fuzzy_entities(tokens: list[str], matched: list[bool], entities: Entities) -> None:
    """Typos split names into fragments ("กำลงการผลิต" -> กำ ลง การผลิต): join
    windows of unmatched tokens around each suspect one and compare them with
    the vocabulary. Up to two rounds, for an indicator and a sector."""
    suspects = [i for i, token in enumerate(tokens) if not matched[i] and _typo_suspect(token)]
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
            # A Thai typo splits a word into fragments; an English one stays one word between spaces
            # (joining English words made "how are factories" a misspelled "how hard are factories").
            thai = is_thai(tokens[index])
            for start in range(max(0, index - 3), index + 1) if thai else (index,):
                for end in range(index + 1, min(len(tokens), start + 5) + 1) if thai else (index + 1,):
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
