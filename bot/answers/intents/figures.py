"""A value and its change: a month's figure, or a quarter's, year's or
year-to-date average, with OIE's headline comparison (year on year) or the
one asked for."""

from __future__ import annotations

from bot.answers.analytics import change
from bot.answers.compose import Composition, direction, fmt, signed, suggestions
from bot.answers.model import Answer, Card, ChartSpec, Suggestion
from nlp.periods import ResolvedPeriod
from nlp.vocabulary import TOTAL

CHART_DEFAULT_MONTHS = 24


def answer_figure(c: Composition) -> Answer:
    texts = c.texts
    indicator, sector = c.frame.indicator or "MPI", c.frame.sector or TOTAL
    available = c.available_period(indicator, sector)
    if available is None:
        return c.no_series(indicator, sector)
    period, current = available
    frame = c.frame
    c.datasets.update(current.datasets)
    prelim = texts.preliminary if current.preliminary else ""
    value_text = c.value_text(indicator, current.value)
    lead = texts.figure_lead(
        c.indicator_name(indicator),
        c.sector_phrase(sector),
        period.kind != "month",
        texts.span_label(current),
        value_text + prelim,
    )
    comparison_label, base = c.base_of(current, indicator, sector)
    moved = change(current.value, base.value, c.in_points(indicator)) if base else None
    if base is not None and moved is not None:
        c.datasets.update(base.datasets)
        body = texts.figure_with_change(
            lead,
            c.change_text(indicator, moved),
            comparison_label,
            texts.span_label(base),
            c.value_text(indicator, base.value),
        )
    elif frame.comparison is not None or frame.base is not None:
        body = lead + texts.no_earlier_data
    else:
        body = lead
    points = c.in_points(indicator)
    card = Card(
        title=c.indicator_name(indicator),
        subtitle=texts.card_subtitle(sector),
        period_label=c.period_label(period),
        value_text=fmt(current.value) + ("%" if points else ""),
        preliminary_note=texts.preliminary_word if current.preliminary else "",
        change_text=signed(moved) + (texts.points_short if points else "%") if moved is not None else "",
        direction=direction(moved) if moved is not None else None,
        comparison_label=comparison_label if moved is not None else "",
        source=c.source(),
    )
    chart = ChartSpec(indicator, sector, period.end.shift(-(CHART_DEFAULT_MONTHS - 1)), period.end)
    return c.finish(body, figure_suggestions(c, indicator, sector, period), card=card, chart=chart)


def figure_suggestions(c: Composition, indicator: str, sector: str, period: ResolvedPeriod) -> list[Suggestion]:
    when = c.texts.period_question(period)
    pairs = c.texts.figure_suggestions(c.question_subject(), when, c.asked_name(indicator))
    if period.kind != "month":
        pairs = [pair for pair in pairs if pair[0] != c.texts.vs_last_month_label]
    if sector == TOTAL and indicator != "CAPU":
        pairs.append(c.texts.capacity_suggestion(when))
    return suggestions(pairs)
