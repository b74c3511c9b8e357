"""Open questions about how things are going: an overview ("เศรษฐกิจ
อุตสาหกรรมเป็นยังไงบ้าง", "how is the auto industry doing") and "why"
("ทำไม MPI ลดลง"), answered with the divisions' contributions to the change,
shown as an accounting, never as a cause."""

from __future__ import annotations

from decimal import Decimal

from bot.answers.analytics import change, contributions, ranking, three_month_direction
from bot.answers.compose import Composition, signed, starter_suggestions
from bot.answers.model import Answer
from nlp.periods import ResolvedPeriod
from nlp.thaidate import YearMonth
from nlp.vocabulary import TOTAL

MOVERS = 3
CONTRIBUTORS = 5


def _month_of(c: Composition, indicator: str, sector: str) -> YearMonth | None:
    """The month asked about (its last month), or the latest there is."""
    available = c.available_period(indicator, sector)
    return None if available is None else available[0].end


def _moved(c: Composition, indicator: str, sector: str, month: YearMonth, shift: int = -12) -> Decimal | None:
    """The change of a month against `shift` months before (percent, or points for CAPU)."""
    now, then = c.snapshot.point(indicator, sector, month), c.snapshot.point(indicator, sector, month.shift(shift))
    return change(now.value, then.value, c.in_points(indicator)) if now and then else None


def _change_text(c: Composition, indicator: str, sector: str, month: YearMonth, shift: int) -> str:
    moved = _moved(c, indicator, sector, month, shift)
    return c.change_text(indicator, moved) if moved is not None else c.texts.no_earlier_data


def answer_overview(c: Composition) -> Answer:
    indicator, sector = c.frame.indicator or "MPI", c.frame.sector or TOTAL
    month = _month_of(c, indicator, sector)
    point = c.snapshot.point(indicator, sector, month) if month else None
    if month is None or point is None:
        return c.no_series(indicator, sector)
    texts = c.texts
    c.datasets.add(point.dataset)
    period = c.period_label(ResolvedPeriod("month", month, month))
    lines = [
        texts.overview_head(
            c.question_subject(),
            period,
            c.value_text(indicator, point.value),
            texts.preliminary if point.preliminary else "",
        ),
        texts.overview_changes(
            _change_text(c, indicator, sector, month, -12), _change_text(c, indicator, sector, month, -1)
        ),
    ]
    trend = three_month_direction(c.snapshot, indicator, sector, month)
    if trend is not None:
        lines.append(texts.overview_trend(c.change_text(indicator, trend)))
    if sector == TOTAL:
        ranked = ranking(c.snapshot, indicator, month, "yoy", c.in_points(indicator))
        if len(ranked) >= 2 * MOVERS:
            unit = texts.points_short if c.in_points(indicator) else "%"
            up = [f"{c.sector_short(item.sector)} {signed(item.change)}{unit}" for item in ranked[:MOVERS]]
            down = [f"{c.sector_short(item.sector)} {signed(item.change)}{unit}" for item in ranked[-MOVERS:][::-1]]
            lines.append(texts.overview_movers(up, down))
    return c.finish("\n".join(lines), starter_suggestions(texts))


def answer_why(c: Composition) -> Answer:
    indicator, sector = c.frame.indicator or "MPI", c.frame.sector or TOTAL
    texts = c.texts
    month = _month_of(c, indicator, TOTAL)
    items = contributions(c.snapshot, indicator, month) if month else []
    moved = _moved(c, indicator, TOTAL, month) if month else None
    if month is None or not items or moved is None:
        return c.no_series(indicator, TOTAL)
    c.datasets.update(
        point.dataset for when in (month, month.shift(-12)) if (point := c.snapshot.point(indicator, TOTAL, when))
    )
    period = c.period_label(ResolvedPeriod("month", month, month))
    # The premise is about what was asked; the breakdown exists for the total only.
    asked_moved = moved if sector == TOTAL else _moved(c, indicator, sector, month)
    asked = c.frame.frame.asked_direction
    wrong = asked if asked and asked_moved is not None and (asked == "up") != (asked_moved > 0) else ""
    lead: list[str] = []
    if sector != TOTAL:
        shown = c.change_text(indicator, asked_moved) if asked_moved is not None else texts.no_earlier_data
        lead = [
            texts.why_premise(wrong) + f"{c.sector_phrase(sector)} {period}: {shown}",
            texts.why_only_total(c.indicator_name(indicator)),
        ]
    lines = [
        *lead,
        texts.why_head(
            c.indicator_name(indicator), period, c.change_text(indicator, moved), wrong if sector == TOTAL else ""
        ),
        *(texts.why_line(c.sector_short(item.sector), signed(item.points)) for item in items[:CONTRIBUTORS]),
        texts.why_note,
    ]
    return c.finish("\n".join(lines), starter_suggestions(texts))
