"""How names written side by side combine: two sector names glued into one
compound name one product ("กระป๋องอะลูมิเนียม", aluminium cans), while names
written apart are several sectors; a sector after "ไม่รวม" or "excluding" is
left out, not asked about; and production joined to another index by "and" or
"vs" ("ผลผลิตกับการส่งสินค้า") names the MPI beside it; "ทุกดัชนี" names all four."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlp.normalize import is_thai
from nlp.vocabulary import INDICATOR_CODES, TOTAL

if TYPE_CHECKING:
    from nlp.entities import Entities

# Production in general words: the MPI, once another index is named beside it.
PRODUCTION_WORDS = frozenset({"ผลผลิต", "ยอดผลิต", "การผลิต", "production", "output"})
JOINING_WORDS = frozenset({"กับ", "และ", "vs", "versus", "and", "&", ",", "เทียบ", "เทียบกับ"})
# "MPI ไม่รวมปิโตรเลียม": the sector named next is left out, not asked about.
EXCLUDING_WORDS = frozenset({"ไม่รวม", "ยกเว้น", "ไม่นับ", "นอกจาก", "excluding", "except", "without"})
EVERY_INDEX_WORDS = (
    "ทุกดัชนี", "ครบทุกดัชนี", "ทั้ง 4 ดัชนี", "ทั้งสี่ดัชนี", "4 ดัชนี", "สี่ดัชนี", "ทุกตัวชี้วัด",
    "all indices", "all indexes", "all indicators", "all four indices", "all 4 indices", "every index",
    "every indicator", "all the indices", "all the indicators", "all four indicators",
)  # fmt: skip


def excluded(tokens: list[str], position: int) -> bool:
    """Whether the name at `position` follows a word of leaving out ("ไม่" "รวม" are two tokens)."""
    before = tokens[max(0, position - 2) : position]
    return bool(before) and (before[-1] in EXCLUDING_WORDS or "".join(before) in EXCLUDING_WORDS)


def modifies(text: str, tokens: list[str], position: int) -> bool:
    """Whether the sector name at `position` is glued to the one before it as one
    compound, rather than listed beside it: Thai names with no space between
    ("กระป๋องอะลูมิเนียม", aluminium cans), English words with one space ("steel furniture")."""
    gap = _gap_before(text, tokens, position)
    if is_thai(tokens[position]) and is_thai(tokens[position - 1]):
        return gap == ""
    return gap == " " and tokens[position].isascii() and tokens[position - 1].isascii()


def _gap_before(text: str, tokens: list[str], position: int) -> str | None:
    """What separates token `position` from the one before it in `text`: the tokenizer drops
    the spaces, so only the text tells whether two names were written apart."""
    cursor = 0
    gap = None
    for token in tokens[: position + 1]:
        found = text.find(token, cursor)
        if found < 0:
            return None
        gap, cursor = text[cursor:found], found + len(token)
    return gap


def keep_the_head(entities: Entities, code: str, english: bool) -> None:
    """Of two names forming one compound, the product is the head: first in Thai (a noun,
    then what it is made of), last in English ("aluminium cans")."""
    if not english or code == TOTAL:
        return
    if entities.more_sectors:
        entities.more_sectors[-1] = code
    else:
        entities.sector = code


def production_beside_an_indicator(
    tokens: list[str], matched: list[bool], indicator_spans: list[tuple[int, int]], entities: Entities
) -> None:
    """ "ผลผลิตกับการส่งสินค้า", "shipments vs production": production joined to another index
    is the MPI, in the order written. Alone ("production of steel") it names nothing: the MPI
    is the default anyway, and "capacity of manufacturing" is not two indices."""
    if entities.indicator in (None, "MPI") or "MPI" in entities.more_indicators:
        return
    starts = {start for start, _ in indicator_spans}
    ends = {end for _, end in indicator_spans}
    for index, token in enumerate(tokens):
        if matched[index] or token not in PRODUCTION_WORDS:
            continue
        if index + 2 < len(tokens) and tokens[index + 1] in JOINING_WORDS and index + 2 in starts:
            entities.more_indicators.insert(0, entities.indicator)
            entities.indicator = "MPI"
        elif index >= 2 and tokens[index - 1] in JOINING_WORDS and index - 1 in ends:
            entities.more_indicators.append("MPI")
        else:
            continue
        matched[index] = True
        return


def every_index_named(text: str, entities: Entities) -> None:
    """ "ขอตัวเลขทุกดัชนี", "all indices for food": the four indices, the one named first leading."""
    if any(words in text for words in EVERY_INDEX_WORDS):
        entities.indicator = entities.indicator or "MPI"
        entities.more_indicators = [code for code in INDICATOR_CODES if code != entities.indicator]
