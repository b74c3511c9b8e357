"""Answers as channel-neutral values: the text, the headline figure as a
card, the chart it can show and the follow-ups it suggests. The LINE
handlers render them as LINE messages; the web renders them as HTML."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.data.store import Point, Snapshot
from bot.replies import Card, Suggestion
from nlp.resolve import ResolvedFrame
from nlp.thaidate import YearMonth
from nlp.vocabulary import INDICATOR_CODES, SECTOR_CODES, TOTAL

Language = Literal["th", "en"]
Pair = tuple[str, str]  # (button label, what the button sends)
QUICK_REPLY_LABEL_MAX = 20


def short_label(text: str) -> str:
    """A button label: LINE shows at most 20 characters."""
    return text if len(text) <= QUICK_REPLY_LABEL_MAX else text[: QUICK_REPLY_LABEL_MAX - 1] + "…"


CHART_KEY = re.compile(
    r"^(?P<indicator>[A-Z]+)_(?P<sector>TOTAL|\d{2})_(?P<start>\d{4}-\d{2})_(?P<end>\d{4}-\d{2})_(?P<digest>[0-9a-f]{12})$"
)
MAX_CHART_MONTHS = 240


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows: an indicator of a sector from one month to another.

    Its key names the data too (a digest of the values), so a revised figure
    gets a new chart URL and no cache ever shows stale numbers."""

    indicator: str
    sector: str
    start: YearMonth
    end: YearMonth

    def points(self, snapshot: Snapshot) -> list[Point]:
        months = (YearMonth.from_index(i) for i in range(self.start.index(), self.end.index() + 1))
        return [point for month in months if (point := snapshot.point(self.indicator, self.sector, month))]

    def key(self, snapshot: Snapshot) -> str:
        digest = hashlib.sha256()
        for point in self.points(snapshot):
            digest.update(f"{point.period.iso()}={point.value}{'p' if point.preliminary else ''};".encode())
        return f"{self.indicator}_{self.sector}_{self.start.iso()}_{self.end.iso()}_{digest.hexdigest()[:12]}"

    @classmethod
    def checked(cls, indicator: str, sector: str, start: YearMonth, end: YearMonth) -> ChartSpec | None:
        """A chart of known series over a sensible span, or None."""
        if indicator not in INDICATOR_CODES or sector not in (TOTAL, *SECTOR_CODES):
            return None
        if end < start or end.index() - start.index() > MAX_CHART_MONTHS:
            return None
        return cls(indicator, sector, start, end)

    @classmethod
    def from_key(cls, key: str) -> ChartSpec | None:
        match = CHART_KEY.match(key)
        if match is None:
            return None
        try:
            start, end = YearMonth.parse(match.group("start")), YearMonth.parse(match.group("end"))
        except ValueError:
            return None  # "2026-13"
        return cls.checked(match.group("indicator"), match.group("sector"), start, end)


UNKNOWN_CONTRACT: dict[str, Any] = {
    "intent": "unknown",
    "indicator": None,
    "indicators": [],
    "sector": None,
    "period": None,
    "comparison": None,
    "order": None,
}


@dataclass
class Answer:
    text: str
    language: Language
    frame: ResolvedFrame | None
    suggestions: list[Suggestion] = field(default_factory=list)
    card: Card | None = None
    chart: ChartSpec | None = None
    # True when the answer is the chart itself (a chart was asked for), not an offer of one.
    shows_chart: bool = False
    # The charts of the other indicators, when a chart of several was asked for.
    more_charts: tuple[ChartSpec, ...] = ()

    def contract(self, question: str) -> dict[str, Any]:
        """One line of `python -m bot ask --json`."""
        fields: dict[str, Any] = self.frame.contract() if self.frame else dict(UNKNOWN_CONTRACT)
        if fields.get("intent") == "clarify":
            # Asked back: the answers offered, each the message its button sends.
            fields["choices"] = [{"label": offer.label, "text": offer.text} for offer in self.suggestions]
        if fields.get("intent") == "alert" and self.frame is not None:
            asked, condition = self.frame.frame, self.frame.frame.condition
            fields["alert"] = {
                "action": asked.alert_action,
                "measure": condition.measure if condition else None,
                "direction": condition.direction if condition else None,
                "threshold": str(condition.threshold) if condition else None,
            }
        return {"question": question, **fields, "answer": self.text}
