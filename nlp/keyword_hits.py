"""Which of the keyword lists a text holds: searched together once per text
(`nlp.wordsearch`), asked by the parser's rules, and given to the intent model
as markers; and the checks made of keywords alone (opting out, sales)."""

from __future__ import annotations

from functools import lru_cache

from nlp.data_words import (
    CONTACT_WORDS,
    DATA_ACCESS_WORDS,
    LATEST_MONTH_WORDS,
    METHOD_WORDS,
    PEAK_WORDS,
    WHOLE_WORDS,
)
from nlp.follow_up_words import RANK_PLACE_WORDS
from nlp.keywords import (
    BOTTOM_WORDS,
    CALENDAR_WORDS,
    CHANGE_WORDS,
    CHART_WORDS,
    DEFINITION_ONLY_WORDS,
    DEFINITION_WORDS,
    ENGLISH_WORD_KEYWORDS,
    FALL_WORDS,
    GREETING_WORDS,
    HELP_WORDS,
    INDEX_WORDS,
    LIST_SUBSCRIPTIONS_WORDS,
    OPT_OUT_MESSAGES,
    OPT_OUT_OBJECT_WORDS,
    OPT_OUT_PATTERNS,
    OUT_OF_DOMAIN_WORDS,
    OVERVIEW_WORDS,
    PERCENT_WORDS,
    RANKING_WORDS,
    RECURRING_WORDS,
    RISE_WORDS,
    SALES_WORDS,
    SEND_WORDS,
    SUBSCRIBE_WORDS,
    TOP_WORDS,
    UNSUBSCRIBE_WORDS,
    WHICH_ONES_WORDS,
    WHICH_SECTOR_WORDS,
    WHY_WORDS,
)
from nlp.wordsearch import KeywordIndex

# Every word list the rules ask about, searched together once per text; the names are
# the intent model's markers for them.
NAMED_KEYWORD_LISTS = {
    "bottom": BOTTOM_WORDS, "calendar": CALENDAR_WORDS, "change": CHANGE_WORDS, "chart": CHART_WORDS,
    "percent": PERCENT_WORDS, "definition_only": DEFINITION_ONLY_WORDS, "definition": DEFINITION_WORDS,
    "fall": FALL_WORDS, "greeting": GREETING_WORDS, "help": HELP_WORDS, "list_subscriptions": LIST_SUBSCRIPTIONS_WORDS,
    "opt_out_object": OPT_OUT_OBJECT_WORDS, "out_of_domain": OUT_OF_DOMAIN_WORDS, "overview": OVERVIEW_WORDS,
    "ranking": RANKING_WORDS, "rise": RISE_WORDS, "subscribe": SUBSCRIBE_WORDS, "unsubscribe": UNSUBSCRIBE_WORDS,
    "why": WHY_WORDS, "which_sector": WHICH_SECTOR_WORDS, "top": TOP_WORDS, "sales": SALES_WORDS,
    "index": INDEX_WORDS, "send": SEND_WORDS, "recurring": RECURRING_WORDS, "method": METHOD_WORDS,
    "data_access": DATA_ACCESS_WORDS, "peak": PEAK_WORDS, "contact": CONTACT_WORDS, "which_ones": WHICH_ONES_WORDS,
    "latest_month": LATEST_MONTH_WORDS, "rank_place": RANK_PLACE_WORDS,
}  # fmt: skip
_KEYWORD_LISTS = tuple(NAMED_KEYWORD_LISTS.values())


@lru_cache(maxsize=1)
def _keyword_index() -> KeywordIndex:
    return KeywordIndex(_KEYWORD_LISTS, ENGLISH_WORD_KEYWORDS | WHOLE_WORDS)


@lru_cache(maxsize=8)  # the few texts of one message: its normal form, and without its periods
def lists_in(text: str) -> frozenset[int]:
    return frozenset(_keyword_index().lists_in(text))


def has(text: str, words: tuple[str, ...]) -> bool:
    """Whether `text` holds a word of `words` (one of `_KEYWORD_LISTS`); short
    English words only as whole words."""
    return id(words) in lists_in(text)


def opts_out(text: str) -> bool:
    """ "ไม่ต้องส่งข่าวมาแล้วนะ", "พอแล้ว", "stop sending me news": a negated
    subscription, checked before any word of subscribing is."""
    return (
        text.strip() in OPT_OUT_MESSAGES
        or has(text, UNSUBSCRIBE_WORDS)
        or (has(text, OPT_OUT_OBJECT_WORDS) and any(pattern.search(text) for pattern in OPT_OUT_PATTERNS))
    )


def asks_about_sales(text: str) -> bool:
    """Sales without an index named: a figure of ours only once the asker says it is our index they mean."""
    return has(text, SALES_WORDS) and not has(text, INDEX_WORDS)
