"""Indicator and sector names in the public page's language, for templates,
the search and downloads alike."""

from __future__ import annotations

from bot.web.i18n import current_language
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_TERMS, SECTOR_TERMS, TOTAL


def indicator_name(code: str) -> str:
    terms = INDICATOR_TERMS[code]
    return terms.display_th if current_language() == "th" else terms.display_en


def sector_name(code: str) -> str:
    if code == TOTAL:
        return "ภาพรวมอุตสาหกรรมการผลิต" if current_language() == "th" else "Total manufacturing"
    sector = SECTOR_TERMS[code]
    return sector.short_th if current_language() == "th" else sector.name_en


def month_label(period: YearMonth) -> str:
    """A month as the page's readers write it: "ก.ย. 2569", "September 2026"."""
    return period.thai(abbreviated=True) if current_language() == "th" else period.english()
