"""A chart of an indicator over months: the chart itself, with the latest,
highest and lowest values written out."""

from __future__ import annotations

from bot.answers.compose import Composition
from bot.answers.intents.figures import CHART_DEFAULT_MONTHS, figure_suggestions
from bot.answers.model import Answer, ChartSpec
from nlp.periods import ResolvedPeriod
from nlp.thaidate import YearMonth
from nlp.vocabulary import TOTAL


def answer_chart(c: Composition) -> Answer:
    texts = c.texts
    frame = c.frame
    indicator, sector = frame.indicator or "MPI", frame.sector or TOTAL
    latest = c.snapshot.latest
    assert latest is not None
    assert frame.period is not None
    period = frame.period
    if period.kind == "month":
        end = min(period.end, latest)
        start = end.shift(-((frame.span_months or CHART_DEFAULT_MONTHS) - 1))
    else:
        start, end = period.start, min(period.end, latest)
    first = c.snapshot.first_month
    if first is not None and start < first:
        start = first
    points = [
        point
        for month in (YearMonth.from_index(i) for i in range(start.index(), end.index() + 1))
        if (point := c.snapshot.point(indicator, sector, month)) is not None
    ]
    if not points:
        return c.no_series(indicator, sector)
    c.datasets.update(point.dataset for point in points)
    high = max(points, key=lambda point: point.value)
    low = min(points, key=lambda point: point.value)
    last = points[-1]
    body = texts.chart_summary(
        c.indicator_name(indicator),
        c.sector_phrase(sector),
        f"{texts.short_month(points[0].period)} - {texts.short_month(last.period)}",
        len(points),
        (last.period, c.value_text(indicator, last.value) + (texts.preliminary if last.preliminary else "")),
        (high.period, c.value_text(indicator, high.value)),
        (low.period, c.value_text(indicator, low.value)),
    )
    month_period = ResolvedPeriod("month", last.period, last.period)
    chart = ChartSpec(indicator, sector, points[0].period, last.period)
    return c.finish(body, figure_suggestions(c, indicator, sector, month_period), chart=chart, shows_chart=True)
