"""A chart of an indicator over months, or a range asked for ("ปี 2565 ถึง
2568", "ย้อนหลัง 6 เดือน"): the chart itself with the average over the range,
the change from its first month to its last, and the highest and lowest
values written out."""

from __future__ import annotations

from bot.answers.analytics import change, same_months, span_value
from bot.answers.compose import Composition, answers, lower_first
from bot.answers.intents.figures import CHART_DEFAULT_MONTHS, figure_suggestions
from bot.answers.model import Answer, ChartSpec
from nlp.periods import ResolvedPeriod
from nlp.vocabulary import TOTAL

# Up to a year, the average is also compared with the same months a year
# earlier ("ม.ค.-มี.ค. 69" against ม.ค.-มี.ค. 68), as OIE reports spans.
YEAR_EARLIER_MAX_MONTHS = 12


@answers("chart")
def answer_chart(c: Composition) -> Answer:
    indicator, sector = c.frame.indicator or "MPI", c.frame.sector or TOTAL
    latest = c.snapshot.latest
    assert latest is not None
    assert c.frame.period is not None
    period = c.frame.period
    end = min(period.end, latest)
    start = end.shift(1 - CHART_DEFAULT_MONTHS) if period.kind == "month" else period.start
    first = c.snapshot.first_month
    if first is not None and start < first:
        start = first
    shown = span_value(c.snapshot, indicator, sector, ResolvedPeriod("range", start, end)) if start <= end else None
    if shown is None:
        return c.no_series(indicator, sector)
    points = ChartSpec(indicator, sector, shown.months[0], shown.months[-1]).points(c.snapshot)
    c.datasets.update(shown.datasets)
    in_points = c.in_points(indicator)
    moved = change(points[-1].value, points[0].value, in_points) if len(points) > 1 else None
    year_earlier = None
    if len(points) <= YEAR_EARLIER_MAX_MONTHS:
        base = same_months(c.snapshot, indicator, sector, shown, -12)
        if base is not None and (against := change(shown.value, base.value, in_points)) is not None:
            c.datasets.update(base.datasets)
            year_earlier = c.change_text(indicator, against)
    high = max(points, key=lambda point: point.value)
    low = min(points, key=lambda point: point.value)
    last = points[-1]
    said = c.said
    span = f"{said.short_month(points[0].period)} - {said.short_month(last.period)}"
    head = c.say(
        "Chart of %(name)s, %(where)s, %(span)s (%(months)d months)",
        name=lower_first(c.indicator_name(indicator)),
        where=c.sector_phrase(sector),
        span=span,
        months=len(points),
    )
    average = c.say("Average over these months: %(average)s", average=c.value_text(indicator, shown.value))
    if year_earlier:
        average += c.say(", %(moved)s from the same months a year earlier", moved=year_earlier)
    lines = [head, average]
    if moved is not None:
        lines.append(c.say("First month to last: %(moved)s", moved=c.change_text(indicator, moved)))
    latest_value = c.value_text(indicator, last.value) + c.preliminary(last.preliminary)
    lines += [
        c.say("Latest %(month)s: %(value)s", month=said.month(last.period), value=latest_value),
        c.say("High %(month)s: %(value)s", month=said.month(high.period), value=c.value_text(indicator, high.value)),
        c.say("Low %(month)s: %(value)s", month=said.month(low.period), value=c.value_text(indicator, low.value)),
    ]
    month_period = ResolvedPeriod("month", last.period, last.period)
    chart = ChartSpec(indicator, sector, points[0].period, last.period)
    body = "\n".join(lines)
    return c.finish(body, figure_suggestions(c, indicator, sector, month_period), chart=chart, shows_chart=True)


# The Thai of this module's messages, beside them; bot/catalog/thai.py collects it.
THAI: dict[str, str] = {
    "Chart of %(name)s, %(where)s, %(span)s (%(months)d months)": "กราฟ%(name)s %(where)s %(span)s (%(months)d เดือน)",
    "Average over these months: %(average)s": "ค่าเฉลี่ยช่วงนี้: %(average)s",
    ", %(moved)s from the same months a year earlier": " %(moved)s เมื่อเทียบกับช่วงเดียวกันของปีก่อน",
    "First month to last: %(moved)s": "เปลี่ยนแปลงตลอดช่วง (เดือนสุดท้ายเทียบเดือนแรก): %(moved)s",
    "Latest %(month)s: %(value)s": "ล่าสุด %(month)s: %(value)s",
    "High %(month)s: %(value)s": "สูงสุด %(month)s: %(value)s",
    "Low %(month)s: %(value)s": "ต่ำสุด %(month)s: %(value)s",
}
