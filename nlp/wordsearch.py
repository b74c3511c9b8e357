"""Regular expressions for long lists of words, built as a trie: "ดัชนี",
"ดัชนีผลผลิต", "ดัชนีราคา" become `ดัชนี(?:ผลผลิต|ราคา)?`. Python's `re`
tries every alternative at every position; with shared prefixes folded it
tries each first letter once, which makes a search of a hundred words
several times faster. At any position the longest word matches, as with an
alternation sorted longest first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from nlp.tokenizer import segment, thai_dictionary

_END = ""  # the trie key marking the end of a word


def _trie(words: Iterable[str]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for character in word:
            node = node.setdefault(character, {})
        node[_END] = True
    return root


def _pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(character) + _pattern(child) for character, child in sorted(node.items()) if character]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:  # a word ends here; a longer one is tried first
        return f"(?:{body})?"
    return body


def alternation(words: Iterable[str], whole_words: Iterable[str] = ()) -> str:
    """One regex matching any of `words`; those in `whole_words` only between word boundaries."""
    whole = set(whole_words)
    words = set(words)
    parts = []
    inner = [word for word in words if word not in whole]
    bounded = [word for word in words if word in whole]
    # Inner words first: "current month" is then read whole, not as the whole word "current".
    if inner:
        parts.append(_pattern(_trie(inner)))
    if bounded:
        parts.append(rf"\b{_pattern(_trie(bounded))}\b")
    if not parts:
        return "(?!)"  # matches nothing
    return parts[0] if len(parts) == 1 else "|".join(parts)


class KeywordIndex:
    """Which of several word lists a text contains, in one pass: a lookahead
    finds the longest word starting at each place, and every shorter word
    it begins with is there too. Words in `whole_words` count only between
    word boundaries (checked here, as `\\b` would)."""

    def __init__(self, lists: Iterable[tuple[str, ...]], whole_words: Iterable[str] = ()) -> None:
        self.whole = frozenset(whole_words)
        owners: dict[str, set[int]] = {}
        for words in lists:
            for word in words:
                owners.setdefault(word, set()).add(id(words))
        self._scan = re.compile(f"(?=({_pattern(_trie(owners))}))")
        # For the longest word found, each listed word it begins with: (word, lists it is in).
        self._starts: dict[str, tuple[tuple[str, frozenset[int]], ...]] = {
            word: tuple((other, frozenset(owners[other])) for other in owners if word.startswith(other))
            for word in owners
        }

    def lists_in(self, text: str) -> set[int]:
        """The ids of the word lists with a word in `text`."""
        found: set[int] = set()
        for match in self._scan.finditer(text):
            start = match.start()
            for word, lists in self._starts[match.group(1)]:
                if word in self.whole and not _bounded(text, start, start + len(word)):
                    continue
                found |= lists
        return found


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


# "grow" is also "grows", "growing", "grew" its own word: an English word of four letters or
# more keeps counting with these endings; shorter ones ("hi" in "his") would say too much.
_INFLECTIONS = ("s", "es", "ed", "ing")
_INFLECTED_FROM = 4


def _bounded(text: str, start: int, end: int) -> bool:
    if start > 0 and _is_word_character(text[start - 1]):
        return False
    if end == len(text) or not _is_word_character(text[end]):
        return True
    if end - start < _INFLECTED_FROM:
        return False
    return any(
        text.startswith(ending, end)
        and (end + len(ending) == len(text) or not _is_word_character(text[end + len(ending)]))
        for ending in _INFLECTIONS
    )


_LONGEST_THAI_WORD = 24


@lru_cache(maxsize=8192)
def _made_of_words(text: str) -> bool:
    """Whether Thai `text` splits wholly into dictionary words."""
    words = thai_dictionary()
    reachable = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        reachable[end] = any(
            reachable[start] and text[start:end] in words for start in range(max(0, end - _LONGEST_THAI_WORD), end)
        )
    return reachable[-1]


@lru_cache(maxsize=8192)
def _token_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where each word of `text` starts and ends, by the chat's own segmentation
    (pythainlp's dictionary and the domain words, loaded by `nlp.entities.warm_up`)."""
    spans, position = [], 0
    for token in segment(text):
        start = text.find(token, position)
        spans.append((start, start + len(token)))
        position = start + len(token)
    return tuple(spans)


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    """A span on the segmentation's word boundaries, or the head or tail of one
    compound word whose rest is words itself ("ยา" of "ยาเม็ด", of "เข็มฉีดยา")."""
    spans = _token_spans(text)
    starts, ends = {first for first, _ in spans}, {last for _, last in spans}
    if start in starts and end in ends:
        return True
    around = next(((first, last) for first, last in spans if first <= start and end <= last), None)
    if around is None:
        return False
    first, last = around
    return (start == first and _made_of_words(text[end:last])) or (end == last and _made_of_words(text[first:start]))


def has_word(text: str, query: str) -> bool:
    """Whether `query` is in `text` as a word or words, not inside a longer one:
    "ยา" is in "ยาเม็ด" and "เข็มฉีดยา" but not in "ยางแผ่น", "จักรยาน" or
    "ถุงยางอนามัย"; "steel" is in "steel wire" but not in "steelband". Thai has no
    spaces, so Thai is split into words by pythainlp's dictionary."""
    if not query:
        return False
    start = text.find(query)
    while start >= 0:
        end = start + len(query)
        if query.isascii():
            found = (start == 0 or not _is_word_character(text[start - 1])) and _bounded(text, start, end)
        else:
            found = _on_word_boundaries(text, start, end)
        if found:
            return True
        start = text.find(query, start + 1)
    return False
