"""A value and its change: a month's figure, or a quarter's, year's or
year-to-date average, with OIE's headline comparison (year on year) or the
one asked for."""

from __future__ import annotations

from bot.answers.analytics import change
from bot.answers.compose import NO_EARLIER_DATA, Composition, answers, direction, fmt, signed, suggestions
from bot.answers.model import Answer, ChartSpec
from bot.catalog import N_
from bot.replies import Card, Suggestion
from nlp.periods import ResolvedPeriod
from nlp.vocabulary import TOTAL

CHART_DEFAULT_MONTHS = 24
FIGURE_OF_MONTH = N_("%(name)s, %(where)s, %(span)s: %(value)s")
FIGURE_AVERAGED = N_("%(name)s, %(where)s, averaged %(span)s: %(value)s")


@answers("value", "change")
def answer_figure(c: Composition) -> Answer:
    indicator, sector = c.frame.indicator or "MPI", c.frame.sector or TOTAL
    available = c.available_period(indicator, sector)
    if available is None:
        return c.no_series(indicator, sector)
    period, current = available
    frame = c.frame
    c.datasets.update(current.datasets)
    figure = FIGURE_OF_MONTH if period.kind == "month" else FIGURE_AVERAGED
    lead = c.say(
        figure,
        name=c.indicator_name(indicator),
        where=c.sector_phrase(sector),
        span=c.span_label(current),
        value=c.value_text(indicator, current.value) + c.preliminary(current.preliminary),
    )
    comparison_label, base = c.base_of(current, indicator, sector)
    moved = change(current.value, base.value, c.in_points(indicator)) if base else None
    if base is not None and moved is not None:
        c.datasets.update(base.datasets)
        body = c.say(
            "%(lead)s, %(moved)s %(versus)s (%(base_period)s: %(base_value)s)",
            lead=lead,
            moved=c.change_text(indicator, moved),
            versus=comparison_label,
            base_period=c.span_label(base),
            base_value=c.value_text(indicator, base.value),
        )
    elif frame.comparison is not None or frame.base is not None:
        body = lead + c.say(NO_EARLIER_DATA)
    else:
        body = lead
    points = c.in_points(indicator)
    card = Card(
        title=c.indicator_name(indicator),
        subtitle=c.say("Total") if sector == TOTAL else c.say("TSIC %(code)s", code=sector),
        period_label=c.period_label(period),
        value_text=fmt(current.value) + ("%" if points else ""),
        preliminary_note=c.say("preliminary") if current.preliminary else "",
        change_text=signed(moved) + c.points_short(indicator) if moved is not None else "",
        direction=direction(moved) if moved is not None else None,
        comparison_label=comparison_label if moved is not None else "",
        source=c.source(),
    )
    chart = ChartSpec(indicator, sector, period.end.shift(-(CHART_DEFAULT_MONTHS - 1)), period.end)
    return c.finish(body, figure_suggestions(c, indicator, sector, period), card=card, chart=chart)


def figure_suggestions(c: Composition, indicator: str, sector: str, period: ResolvedPeriod) -> list[Suggestion]:
    when = c.period_question(period)
    subject, asked = c.question_subject(), c.asked_name(indicator)
    pairs = [(c.say("vs last year"), c.say("%(subject)s %(when)s year on year", subject=subject, when=when))]
    if period.kind == "month":
        pairs.append((c.say("vs last month"), c.say("%(subject)s %(when)s vs last month", subject=subject, when=when)))
    pairs += [
        (c.say("Chart"), c.say("chart of %(subject)s", subject=subject)),
        (c.say("By sector"), c.say("which sectors grew the most %(when)s %(asked)s", when=when, asked=asked)),
        (c.say("What is %(asked)s?", asked=asked), c.say("what does %(asked)s mean", asked=asked)),
    ]
    if sector == TOTAL and indicator != "CAPU":
        pairs.append((c.say("Capacity use"), c.say("capacity utilization %(when)s", when=when)))
    return suggestions(pairs)


# The Thai of this module's messages, beside them; bot/catalog/thai.py collects it.
THAI: dict[str, str] = {
    "%(name)s, %(where)s, %(span)s: %(value)s": "%(name)s %(where)s %(span)s อยู่ที่ %(value)s",
    "%(name)s, %(where)s, averaged %(span)s: %(value)s": "%(name)s %(where)s ค่าเฉลี่ย %(span)s อยู่ที่ %(value)s",
    "%(lead)s, %(moved)s %(versus)s (%(base_period)s: %(base_value)s)": "%(lead)s %(moved)s %(versus)s (%(base_period)s: %(base_value)s)",
    "TSIC %(code)s": "TSIC %(code)s",
    "vs last year": "เทียบปีก่อน",
    "vs last month": "เทียบเดือนก่อน",
    "%(subject)s %(when)s vs last month": "%(subject)s %(when)s เทียบเดือนก่อน",
    "By sector": "รายสาขา",
    "which sectors grew the most %(when)s %(asked)s": "%(asked)s สาขาไหนโตมากที่สุด %(when)s",
    "What is %(asked)s?": "%(asked)s คืออะไร",
    "what does %(asked)s mean": "%(asked)s คืออะไร",
    "Capacity use": "กำลังการผลิต",
    "capacity utilization %(when)s": "อัตราการใช้กำลังการผลิต %(when)s",
}
