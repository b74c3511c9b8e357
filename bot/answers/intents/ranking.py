"""Which divisions moved most: the top or bottom five by year-on-year (or
month-on-month) change of an indicator in a month."""

from __future__ import annotations

from bot.answers.analytics import ranking
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
    comparison = c.frame.comparison or "yoy"
    ranked = ranking(c.snapshot, indicator, month, comparison, c.in_points(indicator))
    if not ranked:
        return c.finish(texts.nothing_to_rank, starter_suggestions(texts))
    bottom = c.frame.ranking_order == "bottom"
    chosen = list(reversed(ranked))[:RANKING_SIZE] if bottom else ranked[:RANKING_SIZE]
    for item in chosen:
        point = c.snapshot.point(indicator, item.sector, month)
        if point is not None:
            c.datasets.add(point.dataset)
    prelim = texts.preliminary if any(item.preliminary for item in chosen) else ""
    head = texts.ranking_head(RANKING_SIZE, c.indicator_name(indicator), bottom, month, prelim, comparison)
    unit = texts.points_short if c.in_points(indicator) else "%"
    lines = [
        f"{rank}. {c.sector_short(item.sector)} {signed(item.change)}{unit} ({c.value_text(indicator, item.value)})"
        for rank, item in enumerate(chosen, start=1)
    ]
    when = texts.period_question(period)
    offered = texts.ranking_suggestions(c.asked_name(indicator), bottom, when, c.sector_short(chosen[0].sector))
    return c.finish("\n".join([head, *lines]), suggestions(offered))
