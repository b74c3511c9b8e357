"""Thai word segmentation with pythainlp's nlpo3 engine and a domain dictionary.

`word_tokenize(engine="nlpo3", custom_dict=...)` silently ignores a custom
dictionary, so the union of pythainlp's Thai words and our domain words is
written to a file once per process and loaded with `nlpo3.load_dict`."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from nlpo3 import segment as _nlpo3_segment

DICT_NAME = "oie-domain"
_lock = threading.Lock()
_loaded = False


def _configure_pythainlp() -> None:
    # Services and tests never download corpora; they ship with the package.
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    if "PYTHAINLP_DATA" not in os.environ and "PYTHAINLP_DATA_DIR" not in os.environ:
        data_dir = Path(tempfile.gettempdir()) / "pythainlp-data"
        data_dir.mkdir(parents=True, exist_ok=True)
        os.environ["PYTHAINLP_DATA"] = str(data_dir)


@lru_cache(maxsize=1)
def thai_dictionary() -> frozenset[str]:
    """pythainlp's Thai word list (about 62,000 words)."""
    _configure_pythainlp()
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _is_loaded() -> bool:
    return _loaded


def load_domain_dictionary(domain_words: Iterable[str]) -> None:
    """Load the tokenizer dictionary once per process (nlpo3 never replaces
    a dictionary already loaded under the same name)."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _is_loaded():  # another thread may have loaded it while we waited
            return
        import nlpo3

        words = set(thai_dictionary())
        words.update(word.strip() for word in domain_words if word.strip())
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as handle:
            handle.write("\n".join(sorted(words)))
            path = handle.name
        try:
            message, ok = nlpo3.load_dict(path, DICT_NAME)
            if not ok:
                raise RuntimeError(f"nlpo3 could not load the domain dictionary: {message}")
        finally:
            os.unlink(path)
        _loaded = True


def segment(text: str) -> list[str]:
    """Tokens of `text`, spaces dropped. The dictionary must be loaded first."""
    return [token for token in _nlpo3_segment(text, DICT_NAME) if not token.isspace()]
