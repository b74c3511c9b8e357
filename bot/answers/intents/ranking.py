"""Which divisions moved most: the top or bottom five by year-on-year (or
month-on-month) change of an indicator in a month, or over a quarter, a year or
the year to date (their averages against the same months a year earlier); or,
for capacity utilization asked without a change, by the rate itself."""

from __future__ import annotations

from bot.answers.analytics import span_ranking
from bot.answers.compose import Composition, signed, starter_suggestions, suggestions
from bot.answers.model import Answer
from nlp.vocabulary import TOTAL

RANKING_SIZE = 5


def answer_ranking(c: Composition) -> Answer:
    texts = c.texts
    indicator = c.frame.indicator or "MPI"
    available = c.available_period(indicator, TOTAL)
    if available is None:
        return c.no_series(indicator, TOTAL)
    period, _ = available
    month = period.end
    by_level = c.frame.frame.ranking_by_level
    comparison = c.frame.comparison or "yoy"
    ranked = span_ranking(c.snapshot, indicator, period, comparison, c.in_points(indicator), by_level)
    if not ranked:
        return c.finish(texts.nothing_to_rank, starter_suggestions(texts))
    bottom = c.frame.ranking_order == "bottom"
    chosen = list(reversed(ranked))[:RANKING_SIZE] if bottom else ranked[:RANKING_SIZE]
    for item in chosen:
        point = c.snapshot.point(indicator, item.sector, month)
        if point is not None:
            c.datasets.add(point.dataset)
    prelim = texts.preliminary if any(item.preliminary for item in chosen) else ""
    when = month.thai() if c.language == "th" else month.english()
    if period.kind != "month":
        when = c.period_label(period)
    name = c.indicator_name(indicator)
    unit = texts.points_short if c.in_points(indicator) else "%"
    if by_level:
        head = texts.ranking_level_head(RANKING_SIZE, name, bottom, when, prelim)
        lines = [
            f"{rank}. {c.sector_short(item.sector)} {c.value_text(indicator, item.value)}"
            for rank, item in enumerate(chosen, start=1)
        ]
    else:
        versus = "span" if period.kind != "month" else comparison
        head = texts.ranking_head(RANKING_SIZE, name, bottom, when, prelim, versus)
        lines = [
            f"{rank}. {c.sector_short(item.sector)} {signed(item.change)}{unit} ({c.value_text(indicator, item.value)})"
            for rank, item in enumerate(chosen, start=1)
        ]
    when = texts.period_question(period)
    offered = texts.ranking_suggestions(c.asked_name(indicator), bottom, when, c.sector_short(chosen[0].sector))
    return c.finish("\n".join([head, *lines]), suggestions(offered))
