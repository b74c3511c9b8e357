"""Frames resolved against the data: concrete periods and the comparison a
second named period implies. Pure: the caller passes the latest month."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from nlp.frame import Frame
from nlp.intents import PERIOD_INTENTS, Intent
from nlp.periods import ResolvedPeriod, resolve, resolve_range
from nlp.thaidate import YearMonth


@dataclass(frozen=True)
class ResolvedFrame:
    intent: Intent
    indicator: str | None
    sector: str | None
    period: ResolvedPeriod | None
    comparison: str | None
    base: ResolvedPeriod | None
    ranking_order: Literal["top", "bottom"]
    language: Literal["th", "en"]
    frame: Frame

    def contract(self) -> dict[str, Any]:
        """The fields of `python -m bot ask --json`, in order."""
        return {
            "intent": self.intent,
            "indicator": self.indicator,
            "indicators": [self.indicator, *self.frame.more_indicators] if self.indicator else [],
            "sector": self.sector,
            "sectors": [self.sector, *self.frame.more_sectors] if self.sector else [],
            "period": self.period.key() if self.period else None,
            "comparison": self.comparison,
            "order": self.frame.ranking_order if self.intent == "ranking" else None,
        }


def resolve_frame(frame: Frame, latest: YearMonth) -> ResolvedFrame:
    period = resolve(frame.period, latest) if frame.intent in PERIOD_INTENTS else None
    base = resolve(frame.base, latest) if frame.base is not None and period is not None else None
    comparison = frame.comparison
    if base is not None and period is not None and base.kind == "year" and period.kind != "year":
        # "ก.ย. 68 เทียบกับปี 67": the same months of that year.
        base = period.shifted((base.start.year - period.start.year) * 12)
    if base is not None and period is not None and base.start > period.start:
        period, base = base, period  # "ก.ย. 68 กับ ก.ย. 69": how the later compares with the earlier
    if base is not None and period is not None:
        if base.kind == "month" and period.kind != "month" and frame.base and frame.base.year is None:
            base = None  # "ไตรมาส 3 เทียบ ก.ย." is not a base we can compare with
        elif base.start == period.start.shift(-12) and base.kind == period.kind:
            comparison = "ytd" if period.kind == "ytd" else "yoy"  # "ytd vs 2025": OIE's year to date
        elif base.kind == period.kind == "month" and base.start == period.start.shift(-1):
            comparison = "mom"
        else:
            comparison = None  # a free comparison with the base period
    if frame.intent == "chart" and period is not None:
        if frame.range_start is not None:
            period = resolve_range(frame.range_start, frame.period, latest)
        elif frame.span_months is not None and period.kind == "month":
            period = ResolvedPeriod("range", period.end.shift(1 - frame.span_months), period.end)
    return ResolvedFrame(
        intent=frame.intent,
        indicator=frame.indicator,
        sector=frame.sector,
        period=period,
        comparison=comparison,
        base=base,
        ranking_order=frame.ranking_order,
        language=frame.language,
        frame=frame,
    )
