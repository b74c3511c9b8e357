"""Open questions about how things are going: an overview ("เศรษฐกิจ
อุตสาหกรรมเป็นยังไงบ้าง", "how is the auto industry doing") and "why"
("ทำไม MPI ลดลง"), answered with the divisions' contributions to the change,
shown as an accounting, never as a cause."""

from __future__ import annotations

from decimal import Decimal

from bot.answers.analytics import (
    SpanValue,
    biggest_moves,
    change,
    contributions,
    ranking,
    same_months,
    span_ranking,
    span_value,
    three_month_direction,
)
from bot.answers.compose import NO_EARLIER_DATA, Composition, answers, signed, starter_suggestions
from bot.answers.model import Answer
from bot.catalog import N_
from nlp.periods import ResolvedPeriod
from nlp.thaidate import YearMonth
from nlp.vocabulary import TOTAL

MOVERS = 3
CONTRIBUTORS = 5
SECTORS_UP = N_("• sectors up most (year on year): %(sectors)s")
SECTORS_DOWN = N_("• sectors down most (year on year): %(sectors)s")
CONTRIBUTED_IN_A_MONTH = N_(
    "%(subject)s, %(period)s: %(moved)s year on year. The sectors that contributed most to the change:"
)
CONTRIBUTED_OVER_MONTHS = N_(
    "%(subject)s, %(period)s (average): %(moved)s against the same months a year earlier."
    " The sectors that contributed most to the change:"
)
DID_NOT = {"up": N_("In fact it did not rise. "), "down": N_("In fact it did not fall. ")}


def _moved(c: Composition, indicator: str, sector: str, month: YearMonth, shift: int = -12) -> Decimal | None:
    """The change of a month against `shift` months before (percent, or points for CAPU)."""
    now, then = c.snapshot.point(indicator, sector, month), c.snapshot.point(indicator, sector, month.shift(shift))
    return change(now.value, then.value, c.in_points(indicator)) if now and then else None


def _change_text(c: Composition, indicator: str, sector: str, month: YearMonth, shift: int) -> str:
    moved = _moved(c, indicator, sector, month, shift)
    return c.change_text(indicator, moved) if moved is not None else c.say(NO_EARLIER_DATA)


@answers("overview")
def answer_overview(c: Composition) -> Answer:
    indicator, sector = c.frame.indicator or "MPI", c.frame.sector or TOTAL
    available = c.available_period(indicator, sector)
    if available is None:
        return c.no_series(indicator, sector)
    period, span = available
    if period.kind != "month":  # a quarter, a year, year to date: the whole span, not its last month
        return _span_overview(c, indicator, sector, period, span)
    month = period.end
    point = c.snapshot.point(indicator, sector, month)
    if point is None:
        return c.no_series(indicator, sector)
    c.datasets.add(point.dataset)
    lines = [
        c.say(
            "Overview of %(subject)s, %(period)s: %(value)s%(preliminary)s",
            subject=c.question_subject(),
            period=c.period_label(ResolvedPeriod("month", month, month)),
            value=c.value_text(indicator, point.value),
            preliminary=c.preliminary(point.preliminary),
        ),
        c.say(
            "• against the same month a year earlier: %(moved)s", moved=_change_text(c, indicator, sector, month, -12)
        ),
        c.say("• against the month before: %(moved)s", moved=_change_text(c, indicator, sector, month, -1)),
    ]
    trend = three_month_direction(c.snapshot, indicator, sector, month)
    if trend is not None:
        lines.append(
            c.say(
                "• last three months (average against the three before): %(moved)s",
                moved=c.change_text(indicator, trend),
            )
        )
    if sector == TOTAL:
        ranked = ranking(c.snapshot, indicator, month, "yoy", c.in_points(indicator))
        if len(ranked) >= 2 * MOVERS:
            unit = c.points_short(indicator)
            up = [f"{c.sector_short(item.sector)} {signed(item.change)}{unit}" for item in ranked[:MOVERS]]
            down = [f"{c.sector_short(item.sector)} {signed(item.change)}{unit}" for item in ranked[-MOVERS:][::-1]]
            lines.append(c.say(SECTORS_UP, sectors=", ".join(up)))
            lines.append(c.say(SECTORS_DOWN, sectors=", ".join(down)))
    return c.finish("\n".join(lines), starter_suggestions(c.language))


def _span_overview(c: Composition, indicator: str, sector: str, period: ResolvedPeriod, span: SpanValue) -> Answer:
    c.datasets.update(span.datasets)
    moved = _against_a_year_earlier(c, indicator, sector, span)
    last = span.months[-1]
    lines = [
        c.say(
            "Overview of %(subject)s, %(period)s (average of %(months)d months): %(value)s%(preliminary)s",
            subject=c.question_subject(),
            period=c.span_label(span),
            months=len(span.months),
            value=c.value_text(indicator, span.value),
            preliminary=c.preliminary(span.preliminary),
        ),
        c.say(
            "• against the same months a year earlier: %(moved)s",
            moved=c.change_text(indicator, moved) if moved is not None else c.say(NO_EARLIER_DATA),
        ),
    ]
    last_point, last_moved = c.snapshot.point(indicator, sector, last), _moved(c, indicator, sector, last)
    if last_point is not None and last_moved is not None:
        lines.append(
            c.say(
                "• its last month, %(month)s: %(value)s (%(moved)s year on year)",
                month=c.said.month(last),
                value=c.value_text(indicator, last_point.value),
                moved=c.change_text(indicator, last_moved),
            )
        )
    if sector == TOTAL:
        up, down = biggest_moves(span_ranking(c.snapshot, indicator, period, "yoy", c.in_points(indicator)), MOVERS)
        unit = c.points_short(indicator)
        for heading, items in ((SECTORS_UP, up), (SECTORS_DOWN, down)):
            if items:
                named = [f"{c.sector_short(item.sector)} {signed(item.change)}{unit}" for item in items]
                lines.append(c.say(heading, sectors=", ".join(named)))
    return c.finish("\n".join(lines), starter_suggestions(c.language))


def _against_a_year_earlier(c: Composition, indicator: str, sector: str, current: SpanValue | None) -> Decimal | None:
    """A period's value (a span's average over its months in the data) against the same months a year earlier."""
    base = same_months(c.snapshot, indicator, sector, current, -12) if current is not None else None
    if current is None or base is None:
        return None
    return change(current.value, base.value, c.in_points(indicator))


@answers("why")
def answer_why(c: Composition) -> Answer:
    indicator, sector = c.frame.indicator or "MPI", c.frame.sector or TOTAL
    available = c.available_period(indicator, TOTAL)
    if available is None:
        return c.no_series(indicator, TOTAL)
    period, span = available
    items = contributions(c.snapshot, indicator, span.months)
    moved = _against_a_year_earlier(c, indicator, TOTAL, span)  # `span` is the total's
    if not items or moved is None:
        return c.no_series(indicator, TOTAL)
    c.datasets.update(
        point.dataset
        for month in span.months
        for when in (month, month.shift(-12))
        if (point := c.snapshot.point(indicator, TOTAL, when))
    )
    label = c.span_label(span)
    # The premise is about what was asked; the breakdown exists for the total only.
    asked_moved: Decimal | None = moved
    if sector != TOTAL:
        asked_moved = _against_a_year_earlier(c, indicator, sector, span_value(c.snapshot, indicator, sector, period))
    asked = c.frame.frame.asked_direction
    wrong = asked if asked and asked_moved is not None and (asked == "up") != (asked_moved > 0) else ""
    premise = c.say(DID_NOT[wrong]) if wrong else ""
    lead: list[str] = []
    if sector != TOTAL:
        shown = c.change_text(indicator, asked_moved) if asked_moved is not None else c.say(NO_EARLIER_DATA)
        lead = [
            premise + f"{c.sector_phrase(sector)} {label}: {shown}",
            c.say(
                "A breakdown by sector exists only for the total index; here is the change of %(subject)s.",
                subject=c.indicator_name(indicator),
            ),
        ]
        premise = ""  # said once, about what was asked
    head = c.say(
        CONTRIBUTED_IN_A_MONTH if len(span.months) == 1 else CONTRIBUTED_OVER_MONTHS,
        subject=c.indicator_name(indicator),
        period=label,
        moved=c.change_text(indicator, moved),
    )
    lines = [
        *lead,
        premise + head,
        *(
            c.say("• %(sector)s: %(points)s points", sector=c.sector_short(item.sector), points=signed(item.points))
            for item in items[:CONTRIBUTORS]
        ),
        c.say(
            "Each figure is the sector's contribution (its weight × the change of its index): where the change"
            " came from, not why it happened."
        ),
    ]
    return c.finish("\n".join(lines), starter_suggestions(c.language))


# The Thai of this module's messages, beside them; bot/catalog/thai.py collects it.
THAI: dict[str, str] = {
    "Overview of %(subject)s, %(period)s: %(value)s%(preliminary)s": "ภาพรวม %(subject)s %(period)s: อยู่ที่ %(value)s%(preliminary)s",
    "• against the same month a year earlier: %(moved)s": "• เทียบเดือนเดียวกันของปีก่อน: %(moved)s",
    "• against the month before: %(moved)s": "• เทียบเดือนก่อนหน้า: %(moved)s",
    "• last three months (average against the three before): %(moved)s": "• แนวโน้ม 3 เดือนล่าสุด (เฉลี่ยเทียบ 3 เดือนก่อนหน้า): %(moved)s",
    "• sectors up most (year on year): %(sectors)s": "• สาขาที่เพิ่มขึ้นมากที่สุด (เทียบปีก่อน): %(sectors)s",
    "• sectors down most (year on year): %(sectors)s": "• สาขาที่ลดลงมากที่สุด (เทียบปีก่อน): %(sectors)s",
    "Overview of %(subject)s, %(period)s (average of %(months)d months): %(value)s%(preliminary)s": "ภาพรวม %(subject)s %(period)s (เฉลี่ย %(months)d เดือน): อยู่ที่ %(value)s%(preliminary)s",
    "• against the same months a year earlier: %(moved)s": "• เทียบช่วงเดียวกันของปีก่อน: %(moved)s",
    "• its last month, %(month)s: %(value)s (%(moved)s year on year)": "• เดือนล่าสุดของช่วง %(month)s: %(value)s (%(moved)s เทียบปีก่อน)",
    "In fact it did not rise. ": "ที่จริงไม่ได้เพิ่มขึ้น: ",
    "In fact it did not fall. ": "ที่จริงไม่ได้ลดลง: ",
    "A breakdown by sector exists only for the total index; here is the change of %(subject)s.": "การแจกแจงส่วนร่วมรายสาขาทำได้เฉพาะดัชนีภาพรวม ด้านล่างคือการเปลี่ยนแปลงของ%(subject)s",
    "%(subject)s, %(period)s: %(moved)s year on year. The sectors that contributed most to the change:": "%(subject)s %(period)s %(moved)s เมื่อเทียบกับเดือนเดียวกันของปีก่อน สาขาที่มีผลต่อการเปลี่ยนแปลงมากที่สุด:",
    "%(subject)s, %(period)s (average): %(moved)s against the same months a year earlier. The sectors that contributed most to the change:": "%(subject)s %(period)s (ค่าเฉลี่ย) %(moved)s เมื่อเทียบกับช่วงเดียวกันของปีก่อน สาขาที่มีผลต่อการเปลี่ยนแปลงมากที่สุด:",
    "• %(sector)s: %(points)s points": "• %(sector)s: %(points)s จุด",
    "Each figure is the sector's contribution (its weight × the change of its index): where the change came from, not why it happened.": "ตัวเลขคือส่วนร่วม (contribution) ของแต่ละสาขา = น้ำหนักของสาขา × การเปลี่ยนแปลงของดัชนีสาขา เป็นการแจกแจงว่าการเปลี่ยนแปลงมาจากสาขาใด ไม่ได้บอกสาเหตุ",
}
