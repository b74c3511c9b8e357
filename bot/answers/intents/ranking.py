"""Which divisions moved most: the top or bottom five by year-on-year (or
month-on-month) change of an indicator in a month, or over a quarter, a year or
the year to date (their averages against the same months a year earlier); or,
for capacity utilization asked without a change, by the rate itself."""

from __future__ import annotations

from bot.answers.analytics import span_ranking
from bot.answers.compose import Composition, answers, lower_first, signed, starter_suggestions, suggestions
from bot.answers.model import Answer, Pair
from bot.catalog import N_
from nlp.periods import ResolvedPeriod
from nlp.vocabulary import TOTAL

RANKING_SIZE = 5
RANKED_BY_CHANGE = {
    False: N_("The %(size)d sectors where %(name)s grew the most, %(when)s%(preliminary)s (%(versus)s)"),
    True: N_("The %(size)d sectors where %(name)s fell the most, %(when)s%(preliminary)s (%(versus)s)"),
}
RANKED_BY_LEVEL = {
    False: N_("The %(size)d sectors with the highest %(name)s, %(when)s%(preliminary)s"),
    True: N_("The %(size)d sectors with the lowest %(name)s, %(when)s%(preliminary)s"),
}
VERSUS = {
    "yoy": N_("vs the same month a year earlier"),
    "mom": N_("vs the previous month"),
    "span": N_("average vs the same months a year earlier"),
}


@answers("ranking")
def answer_ranking(c: Composition) -> Answer:
    indicator = c.frame.indicator or "MPI"
    available = c.available_period(indicator, TOTAL)
    if available is None:
        return c.no_series(indicator, TOTAL)
    period, span = available
    month = period.end
    by_level = c.frame.frame.ranking_by_level
    comparison = c.frame.comparison or "yoy"
    ranked = span_ranking(c.snapshot, indicator, period, comparison, c.in_points(indicator), by_level)
    if not ranked:
        return c.finish(c.say("There is no sector data to rank."), starter_suggestions(c.language))
    bottom = c.frame.ranking_order == "bottom"
    chosen = list(reversed(ranked))[:RANKING_SIZE] if bottom else ranked[:RANKING_SIZE]
    for item in chosen:
        point = c.snapshot.point(indicator, item.sector, month)
        if point is not None:
            c.datasets.add(point.dataset)
    heading = {
        "size": RANKING_SIZE,
        "name": lower_first(c.indicator_name(indicator)),
        "when": c.said.month(month) if period.kind == "month" else c.span_label(span),
        "preliminary": c.preliminary(any(item.preliminary for item in chosen)),
    }
    unit = c.points_short(indicator)
    if by_level:
        head = c.say(RANKED_BY_LEVEL[bottom], **heading)
        lines = [
            f"{rank}. {c.sector_short(item.sector)} {c.value_text(indicator, item.value)}"
            for rank, item in enumerate(chosen, start=1)
        ]
    else:
        versus = c.say(VERSUS.get("span" if period.kind != "month" else comparison, VERSUS["yoy"]))
        head = c.say(RANKED_BY_CHANGE[bottom], versus=versus, **heading)
        lines = [
            f"{rank}. {c.sector_short(item.sector)} {signed(item.change)}{unit} ({c.value_text(indicator, item.value)})"
            for rank, item in enumerate(chosen, start=1)
        ]
    return c.finish("\n".join([head, *lines]), suggestions(_follow_ups(c, indicator, bottom, period, chosen[0].sector)))


def _follow_ups(c: Composition, indicator: str, bottom: bool, period: ResolvedPeriod, top: str) -> list[Pair]:
    asked, when, top_name = c.asked_name(indicator), c.period_question(period), c.sector_short(top)
    if bottom:
        other = (c.say("Grew most"), c.say("which sectors grew most %(when)s %(asked)s", when=when, asked=asked))
    else:
        other = (c.say("Fell most"), c.say("which sectors fell most %(when)s %(asked)s", when=when, asked=asked))
    return [
        other,
        (c.say("Total"), c.say("%(subject)s %(when)s year on year", subject=asked, when=when)),
        (
            c.say("Chart of %(sector)s", sector=top_name),
            c.say("chart of %(asked)s %(sector)s", asked=asked, sector=top_name),
        ),
    ]


# The Thai of this module's messages, beside them; bot/catalog/thai.py collects it.
THAI: dict[str, str] = {
    "There is no sector data to rank.": "ไม่มีข้อมูลรายสาขาให้จัดอันดับ",
    "The %(size)d sectors where %(name)s grew the most, %(when)s%(preliminary)s (%(versus)s)": "%(size)d สาขาที่%(name)s เพิ่มขึ้นมากที่สุด %(when)s%(preliminary)s (%(versus)s)",
    "The %(size)d sectors where %(name)s fell the most, %(when)s%(preliminary)s (%(versus)s)": "%(size)d สาขาที่%(name)s ลดลงมากที่สุด %(when)s%(preliminary)s (%(versus)s)",
    "The %(size)d sectors with the highest %(name)s, %(when)s%(preliminary)s": "%(size)d สาขาที่%(name)sสูงที่สุด %(when)s%(preliminary)s",
    "The %(size)d sectors with the lowest %(name)s, %(when)s%(preliminary)s": "%(size)d สาขาที่%(name)sต่ำที่สุด %(when)s%(preliminary)s",
    "vs the same month a year earlier": "เทียบกับเดือนเดียวกันของปีก่อน",
    "vs the previous month": "เทียบกับเดือนก่อนหน้า",
    "average vs the same months a year earlier": "ค่าเฉลี่ยเทียบกับช่วงเดียวกันของปีก่อน",
    "Grew most": "สาขาที่โตมากที่สุด",
    "which sectors grew most %(when)s %(asked)s": "%(asked)s สาขาไหนโตมากที่สุด %(when)s",
    "Fell most": "สาขาที่ลดลงมากที่สุด",
    "which sectors fell most %(when)s %(asked)s": "%(asked)s สาขาไหนลดลงมากที่สุด %(when)s",
    "Chart of %(sector)s": "กราฟ%(sector)s",
    "chart of %(asked)s %(sector)s": "กราฟ%(asked)s %(sector)s",
}
