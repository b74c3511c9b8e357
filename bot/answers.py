"""Answers to chat questions, computed from the indicator store.

`Answerer.answer(text)` parses the message, resolves it against the latest
month in the data and writes a reply in the asker's language (Thai or
English) with the figures, the preliminary mark and the source, plus
suggested follow-up questions. It never raises: any failure becomes a polite
reply and a log line without the message text."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal

from bot.analytics import SpanValue, change, ranking, round2, same_months, span_value
from bot.db import Database
from bot.store import IndicatorStore, Snapshot
from nlp.lexicon import TOTAL
from nlp.parser import Frame, parse
from nlp.periods import ResolvedPeriod
from nlp.resolve import ResolvedFrame, resolve_frame
from nlp.thaidate import THAI_MONTH_ABBR, THAI_MONTH_FULL, YearMonth

log = logging.getLogger(__name__)

Language = Literal["th", "en"]
RANKING_SIZE = 5
CHART_DEFAULT_MONTHS = 24
QUICK_REPLY_LABEL_MAX = 20

SHORT_NAMES_TH = {
    "MPI": "ดัชนีผลผลิตอุตสาหกรรม (MPI)",
    "SHIPMENT": "ดัชนีการส่งสินค้า",
    "INVENTORY": "ดัชนีสินค้าสำเร็จรูปคงคลัง",
    "CAPU": "อัตราการใช้กำลังการผลิต",
}
SHORT_NAMES_EN = {
    "MPI": "The Manufacturing Production Index (MPI)",
    "SHIPMENT": "The Shipment Index",
    "INVENTORY": "The Finished-goods Inventory Index",
    "CAPU": "Capacity utilization",
}
QUESTION_NAMES_TH = {"MPI": "MPI", "SHIPMENT": "การส่งสินค้า", "INVENTORY": "สินค้าคงคลัง", "CAPU": "กำลังการผลิต"}
QUESTION_NAMES_EN = {"MPI": "MPI", "SHIPMENT": "shipments", "INVENTORY": "inventory", "CAPU": "capacity utilization"}


@dataclass(frozen=True)
class Suggestion:
    """A follow-up offered as a quick reply: a short label, the full question."""

    label: str
    text: str


@dataclass(frozen=True)
class Figure:
    """The headline number of an answer, for cards and announcements."""

    indicator: str
    sector: str
    period_label: str
    value: Decimal
    unit: str
    change: Decimal | None
    change_unit: str  # "%" or "points"
    comparison_label: str
    preliminary: bool
    source: str


@dataclass
class Answer:
    text: str
    language: Language
    frame: ResolvedFrame | None
    suggestions: list[Suggestion] = field(default_factory=list)
    figure: Figure | None = None
    # What a chart of this answer shows: (indicator, sector, first month, last month).
    chart: tuple[str, str, YearMonth, YearMonth] | None = None

    def contract(self, question: str) -> dict[str, Any]:
        """One line of `python -m bot ask --json`."""
        fields: dict[str, Any] = (
            self.frame.contract()
            if self.frame
            else {"intent": "unknown", "indicator": None, "sector": None, "period": None, "comparison": None}
        )
        return {"question": question, **fields, "answer": self.text}


class Answerer:
    def __init__(self, store: IndicatorStore) -> None:
        self.store = store

    def answer(self, message: str) -> Answer:
        try:
            frame = parse(message)
        except Exception:
            log.exception("parser failed (message of %d characters)", len(message))
            return _failure("th")
        try:
            return self.answer_frame(frame)
        except Exception:
            log.exception("answer failed for intent %s", frame.intent)
            return _failure(frame.language)

    def answer_frame(self, frame: Frame) -> Answer:
        snapshot = self.store.snapshot()
        if snapshot.latest is None:
            return Answer(_t(frame.language, NO_DATA), frame.language, None, _starter_suggestions(frame.language))
        resolved = resolve_frame(frame, snapshot.latest)
        return _Composer(snapshot, resolved, self.store.database).compose()


def _failure(language: Language) -> Answer:
    text = _t(language, FAILURE)
    return Answer(text, language, None, _starter_suggestions(language))


# --- texts ---------------------------------------------------------------------------

NO_DATA = (
    "ยังไม่มีข้อมูลดัชนีในระบบ เจ้าหน้าที่กำลังนำเข้าข้อมูล โปรดลองใหม่ภายหลัง",
    "There is no indicator data yet; staff are importing it. Please try again later.",
)
FAILURE = (
    "ขออภัย ระบบขัดข้องชั่วคราว โปรดลองถามใหม่อีกครั้ง",
    "Sorry, something went wrong on our side. Please ask again.",
)
SOURCE_SAMPLE = (
    "ที่มา: ข้อมูลตัวอย่าง (สังเคราะห์) ไม่ใช่ตัวเลขทางการของ สศอ.",
    "Source: sample data (synthetic), not official OIE figures.",
)
SOURCE_OIE = (
    "ที่มา: สำนักงานเศรษฐกิจอุตสาหกรรม (สศอ.)",
    "Source: Office of Industrial Economics (OIE), Thailand.",
)
PRELIMINARY = (" (ตัวเลขเบื้องต้น)", " (preliminary)")


def _t(language: Language, pair: tuple[str, str]) -> str:
    return pair[0] if language == "th" else pair[1]


def _fmt(value: Decimal) -> str:
    return f"{round2(value):,.2f}"


def _signed(value: Decimal) -> str:
    rounded = round2(value)
    return f"+{rounded:,.2f}" if rounded > 0 else f"{rounded:,.2f}"


def _direction(value: Decimal, language: Language) -> str:
    rounded = round2(value)
    if language == "th":
        return "เพิ่มขึ้น" if rounded > 0 else "ลดลง" if rounded < 0 else "ทรงตัว"
    return "up" if rounded > 0 else "down" if rounded < 0 else "unchanged"


def _period_label(period: ResolvedPeriod, language: Language) -> str:
    return period.thai() if language == "th" else period.english()


def _short_month(month: YearMonth, language: Language) -> str:
    if language == "th":
        return f"{THAI_MONTH_ABBR[month.month - 1]} {month.year_be % 100:02d}"
    return f"{month.english()[:3]} {month.year}"


def _label(text: str) -> str:
    return text if len(text) <= QUICK_REPLY_LABEL_MAX else text[: QUICK_REPLY_LABEL_MAX - 1] + "…"


def _starter_suggestions(language: Language) -> list[Suggestion]:
    if language == "th":
        items = [
            ("MPI ล่าสุด", "ดัชนี MPI ล่าสุดเท่าไหร่"),
            ("กำลังการผลิตล่าสุด", "อัตราการใช้กำลังการผลิตล่าสุด"),
            ("สาขาที่โตสูงสุด", "สาขาไหนโตมากที่สุด"),
            ("ดูกราฟ MPI", "กราฟ MPI"),
            ("MPI คืออะไร", "MPI คืออะไร"),
        ]
    else:
        items = [
            ("Latest MPI", "latest MPI"),
            ("Capacity utilization", "capacity utilization latest"),
            ("Top sectors", "which sectors grew the most"),
            ("MPI chart", "show me a chart of MPI"),
            ("What is MPI?", "What is MPI?"),
        ]
    return [Suggestion(_label(label), text) for label, text in items]


class _Composer:
    def __init__(self, snapshot: Snapshot, frame: ResolvedFrame, database: Database) -> None:
        self.store_database = database
        self.snapshot = snapshot
        self.frame = frame
        self.language: Language = frame.language
        self.lead_notes: list[str] = []  # said before the answer: the asked period is missing
        self.notes: list[str] = []  # said after it: partial spans
        self.datasets: set[str] = set()

    # --- shared pieces ---

    def th(self) -> bool:
        return self.language == "th"

    def indicator_name(self, code: str) -> str:
        return (SHORT_NAMES_TH if self.th() else SHORT_NAMES_EN)[code]

    def sector_phrase(self, code: str) -> str:
        row = self.snapshot.sectors.get(code)
        if code == TOTAL or row is None:
            return "ภาพรวมอุตสาหกรรมการผลิต" if self.th() else "total manufacturing"
        return f"สาขา{row.name_th} (TSIC {code})" if self.th() else f"{row.name_en} (TSIC {code})"

    def sector_short(self, code: str) -> str:
        row = self.snapshot.sectors.get(code)
        if row is None:
            return code
        if self.th():
            return row.name_th.removeprefix("การผลิต")
        return row.name_en

    def in_points(self, indicator: str) -> bool:
        row = self.snapshot.indicators.get(indicator)
        return row is not None and row.change_kind == "points"

    def value_text(self, indicator: str, value: Decimal) -> str:
        if self.in_points(indicator):
            return f"ร้อยละ {_fmt(value)}" if self.th() else f"{_fmt(value)}%"
        return _fmt(value)

    def change_text(self, indicator: str, moved: Decimal) -> str:
        word = _direction(moved, self.language)
        unit = (" จุด" if self.th() else " points") if self.in_points(indicator) else "%"
        return f"{word} {_signed(moved)}{unit}"

    def source(self) -> str:
        if not self.datasets or any(dataset != "OIE" for dataset in self.datasets):
            return _t(self.language, SOURCE_SAMPLE)
        return _t(self.language, SOURCE_OIE)

    def understood_prefix(self) -> str:
        corrections = self.frame.frame.corrections
        if not corrections:
            return ""
        understood = ", ".join(correct for _, correct in corrections)
        return f"(เข้าใจว่า: {understood})\n" if self.th() else f"(Understood as: {understood})\n"

    def finish(self, body: str, suggestions: list[Suggestion], **extra: Any) -> Answer:
        parts = [*self.lead_notes, self.understood_prefix() + body, *self.notes]
        if self.datasets:
            parts.append(self.source())
        return Answer("\n".join(parts), self.language, self.frame, suggestions[:13], **extra)

    def question_subject(self) -> str:
        frame = self.frame
        indicator = frame.indicator or "MPI"
        names = QUESTION_NAMES_TH if self.th() else QUESTION_NAMES_EN
        subject = names[indicator]
        if frame.sector and frame.sector != TOTAL:
            subject += f" {self.sector_short(frame.sector)}"
        return subject

    # --- intents ---

    def compose(self) -> Answer:
        handler = getattr(self, f"_{self.frame.intent}")
        answer: Answer = handler()
        return answer

    def _available_period(self, indicator: str, sector: str) -> tuple[ResolvedPeriod, SpanValue] | None:
        """The asked period's value; when the data has none of its months, say
        so and fall back to the latest month."""
        period = self.frame.period
        assert period is not None
        value = span_value(self.snapshot, indicator, sector, period)
        if value is not None:
            if not value.complete:
                last = value.months[-1]
                self.notes.append(
                    f"(มีข้อมูลถึง{last.thai()} จึงเฉลี่ยเฉพาะเดือนที่มีข้อมูล)"
                    if self.th()
                    else f"(data available up to {last.english()}; averaged over the months available)"
                )
            return period, value
        latest = self.snapshot.latest
        assert latest is not None
        fallback = ResolvedPeriod("month", latest, latest)
        value = span_value(self.snapshot, indicator, sector, fallback)
        if value is None:
            return None
        asked = _period_label(period, self.language)
        self.lead_notes.append(
            f"ยังไม่มีข้อมูล{asked} ข้อมูลล่าสุดคือ{latest.thai()}"
            if self.th()
            else f"There is no data for {asked} yet; the latest month is {latest.english()}.",
        )
        self.frame = _with_period(self.frame, fallback)
        return fallback, value

    def _comparison_of(self, current: SpanValue, indicator: str, sector: str) -> tuple[str, SpanValue | None]:
        frame = self.frame
        period = current.period
        if frame.base is not None and frame.comparison is None:
            base = span_value(self.snapshot, indicator, sector, frame.base)
            label = _period_label(frame.base, self.language)
            return (f"เมื่อเทียบกับ{label}" if self.th() else f"compared with {label}"), base
        if frame.comparison == "mom":
            if period.kind == "quarter":
                shift = -3
                label = "เมื่อเทียบกับไตรมาสก่อนหน้า" if self.th() else "from the previous quarter"
            else:
                shift = -1
                label = "เมื่อเทียบกับเดือนก่อนหน้า" if self.th() else "from the previous month"
            return label, same_months(self.snapshot, indicator, sector, current, shift)
        if period.kind == "month":
            label = "เมื่อเทียบกับเดือนเดียวกันของปีก่อน" if self.th() else "from the same month a year earlier"
        elif period.kind == "quarter":
            label = "เมื่อเทียบกับไตรมาสเดียวกันของปีก่อน" if self.th() else "from the same quarter a year earlier"
        elif period.kind == "year":
            label = "เมื่อเทียบกับปีก่อน" if self.th() else "from the year before"
        else:
            label = "เมื่อเทียบกับช่วงเดียวกันของปีก่อน" if self.th() else "from the same months a year earlier"
        return label, same_months(self.snapshot, indicator, sector, current, -12)

    def _value(self) -> Answer:
        # A value comes with its year-on-year change, OIE's headline comparison.
        return self._figure_answer()

    def _change(self) -> Answer:
        return self._figure_answer()

    def _figure_answer(self) -> Answer:
        frame = self.frame
        indicator, sector = frame.indicator or "MPI", frame.sector or TOTAL
        available = self._available_period(indicator, sector)
        if available is None:
            return self._no_series(indicator, sector)
        period, current = available
        frame = self.frame
        self.datasets.update(current.datasets)
        label = _period_label(period, self.language)
        averaged = period.kind != "month"
        prelim = _t(self.language, PRELIMINARY) if current.preliminary else ""
        value_text = self.value_text(indicator, current.value)
        name, where = self.indicator_name(indicator), self.sector_phrase(sector)
        span = _span_label(current, self.language)
        if self.th():
            lead = f"{name} {where} {'ค่าเฉลี่ย ' if averaged else ''}{span} อยู่ที่ {value_text}{prelim}"
        else:
            lead = f"{name}, {where}, {'averaged ' if averaged else ''}{span}: {value_text}{prelim}"
        comparison_label, base = self._comparison_of(current, indicator, sector)
        moved = change(current.value, base.value, self.in_points(indicator)) if base else None
        if base is not None and moved is not None:
            self.datasets.update(base.datasets)
            base_label = _span_label(base, self.language)
            base_value = self.value_text(indicator, base.value)
            if self.th():
                body = f"{lead} {self.change_text(indicator, moved)} {comparison_label} ({base_label}: {base_value})"
            else:
                body = f"{lead}, {self.change_text(indicator, moved)} {comparison_label} ({base_label}: {base_value})"
        elif frame.comparison is not None or frame.base is not None:
            body = lead + (" (ไม่มีข้อมูลช่วงก่อนหน้าให้เทียบ)" if self.th() else " (no earlier data to compare with)")
        else:
            body = lead
        figure = Figure(
            indicator=indicator,
            sector=sector,
            period_label=label,
            value=current.value,
            unit="%" if self.in_points(indicator) else "",
            change=moved,
            change_unit="points" if self.in_points(indicator) else "%",
            comparison_label=comparison_label if moved is not None else "",
            preliminary=current.preliminary,
            source="",
        )
        figure = replace(figure, source=self.source())
        answer = self.finish(body, self._figure_suggestions(indicator, sector, period), figure=figure)
        answer.chart = (indicator, sector, period.end.shift(-(CHART_DEFAULT_MONTHS - 1)), period.end)
        return answer

    def _figure_suggestions(self, indicator: str, sector: str, period: ResolvedPeriod) -> list[Suggestion]:
        subject = self.question_subject()
        when = _period_question(period, self.language)
        if self.th():
            items = [
                ("เทียบปีก่อน", f"{subject} {when} เทียบปีก่อน"),
                ("เทียบเดือนก่อน", f"{subject} {when} เทียบเดือนก่อน"),
                ("ดูกราฟ", f"กราฟ{subject}"),
                ("รายสาขา", f"{QUESTION_NAMES_TH[indicator]} สาขาไหนโตมากที่สุด {when}"),
                (f"{QUESTION_NAMES_TH[indicator]} คืออะไร", f"{QUESTION_NAMES_TH[indicator]} คืออะไร"),
            ]
        else:
            items = [
                ("vs last year", f"{subject} {when} year on year"),
                ("vs last month", f"{subject} {when} vs last month"),
                ("Chart", f"chart of {subject}"),
                ("By sector", f"which sectors grew the most {when} {QUESTION_NAMES_EN[indicator]}"),
                ("What is this?", f"what is {QUESTION_NAMES_EN[indicator]}"),
            ]
        if period.kind != "month":
            items = [item for item in items if item[0] not in ("เทียบเดือนก่อน", "vs last month")]
        if sector == TOTAL and indicator != "CAPU":
            items.append(
                ("กำลังการผลิต", f"อัตราการใช้กำลังการผลิต {when}")
                if self.th()
                else ("Capacity use", f"capacity utilization {when}")
            )
        return [Suggestion(_label(label), text) for label, text in items]

    def _no_series(self, indicator: str, sector: str) -> Answer:
        text = (
            f"ยังไม่มีข้อมูล{self.indicator_name(indicator)} {self.sector_phrase(sector)}"
            if self.th()
            else f"There is no data for {self.indicator_name(indicator)}, {self.sector_phrase(sector)}."
        )
        return self.finish(text, _starter_suggestions(self.language))

    def _ranking(self) -> Answer:
        frame = self.frame
        indicator = frame.indicator or "MPI"
        available = self._available_period(indicator, TOTAL)
        if available is None:
            return self._no_series(indicator, TOTAL)
        period, _ = available
        month = period.end
        comparison = self.frame.comparison or "yoy"
        ranked = ranking(self.snapshot, indicator, month, comparison, self.in_points(indicator))
        if not ranked:
            return self.finish(
                "ไม่มีข้อมูลรายสาขาให้จัดอันดับ" if self.th() else "There is no sector data to rank.",
                _starter_suggestions(self.language),
            )
        bottom = frame.ranking_order == "bottom"
        chosen = list(reversed(ranked))[:RANKING_SIZE] if bottom else ranked[:RANKING_SIZE]
        for sector in chosen:
            point = self.snapshot.point(indicator, sector.sector, month)
            if point is not None:
                self.datasets.add(point.dataset)
        versus = (
            ("เทียบกับเดือนก่อนหน้า" if self.th() else "vs the previous month")
            if comparison == "mom"
            else ("เทียบกับเดือนเดียวกันของปีก่อน" if self.th() else "vs the same month a year earlier")
        )
        prelim = _t(self.language, PRELIMINARY) if any(item.preliminary for item in chosen) else ""
        name = self.indicator_name(indicator)
        if self.th():
            which = "ลดลงมากที่สุด" if bottom else "เพิ่มขึ้นมากที่สุด"
            head = f"{RANKING_SIZE} สาขาที่{name} {which} {month.thai()}{prelim} ({versus})"
        else:
            which = "fell the most" if bottom else "grew the most"
            subject = name[0].lower() + name[1:]
            head = f"The {RANKING_SIZE} sectors where {subject} {which}, {month.english()}{prelim} ({versus})"
        unit = (" จุด" if self.th() else " pts") if self.in_points(indicator) else "%"
        lines = [
            f"{rank}. {self.sector_short(item.sector)} {_signed(item.change)}{unit} "
            f"({self.value_text(indicator, item.value)})"
            for rank, item in enumerate(chosen, start=1)
        ]
        other = "ลดลงมากที่สุด" if not bottom else "โตมากที่สุด"
        when = _period_question(period, self.language)
        suggestions = (
            [
                Suggestion(_label(f"สาขาที่{other}"), f"{QUESTION_NAMES_TH[indicator]} สาขาไหน{other} {when}"),
                Suggestion("ภาพรวม", f"{QUESTION_NAMES_TH[indicator]} {when} เทียบปีก่อน"),
                Suggestion(
                    _label(f"กราฟ{self.sector_short(chosen[0].sector)}"),
                    f"กราฟ{QUESTION_NAMES_TH[indicator]} {self.sector_short(chosen[0].sector)}",
                ),
            ]
            if self.th()
            else [
                Suggestion(
                    "Fell most" if not bottom else "Grew most",
                    f"which sectors {'fell' if not bottom else 'grew'} most {when}",
                ),
                Suggestion("Total", f"{QUESTION_NAMES_EN[indicator]} {when} year on year"),
            ]
        )
        return self.finish("\n".join([head, *lines]), suggestions)

    def _chart(self) -> Answer:
        frame = self.frame
        indicator, sector = frame.indicator or "MPI", frame.sector or TOTAL
        latest = self.snapshot.latest
        assert latest is not None
        assert frame.period is not None
        period = frame.period
        if period.kind == "month":
            months = frame.span_months or CHART_DEFAULT_MONTHS
            end = min(period.end, latest)
            start = end.shift(-(months - 1))
        else:
            start, end = period.start, min(period.end, latest)
        first = self.snapshot.first_month
        if first is not None and start < first:
            start = first
        points = [
            point
            for month in (YearMonth.from_index(i) for i in range(start.index(), end.index() + 1))
            if (point := self.snapshot.point(indicator, sector, month)) is not None
        ]
        if not points:
            return self._no_series(indicator, sector)
        self.datasets.update(point.dataset for point in points)
        high = max(points, key=lambda point: point.value)
        low = min(points, key=lambda point: point.value)
        last = points[-1]
        name, where = self.indicator_name(indicator), self.sector_phrase(sector)
        span = f"{_short_month(points[0].period, self.language)} - {_short_month(last.period, self.language)}"
        prelim = _t(self.language, PRELIMINARY) if last.preliminary else ""
        if self.th():
            body = (
                f"กราฟ{name} {where} {span} ({len(points)} เดือน)\n"
                f"ล่าสุด {last.period.thai()}: {self.value_text(indicator, last.value)}{prelim}\n"
                f"สูงสุด {high.period.thai()}: {self.value_text(indicator, high.value)}\n"
                f"ต่ำสุด {low.period.thai()}: {self.value_text(indicator, low.value)}"
            )
        else:
            body = (
                f"Chart of {name[0].lower() + name[1:]}, {where}, {span} ({len(points)} months)\n"
                f"Latest {last.period.english()}: {self.value_text(indicator, last.value)}{prelim}\n"
                f"High {high.period.english()}: {self.value_text(indicator, high.value)}\n"
                f"Low {low.period.english()}: {self.value_text(indicator, low.value)}"
            )
        month_period = ResolvedPeriod("month", last.period, last.period)
        answer = self.finish(body, self._figure_suggestions(indicator, sector, month_period))
        answer.chart = (indicator, sector, points[0].period, last.period)
        return answer

    def _definition(self) -> Answer:
        frame = self.frame
        if frame.indicator is None and frame.sector is not None:
            sector = self.snapshot.sectors[frame.sector]
            body = (
                f"สาขา TSIC {sector.code}: {sector.name_th} ({sector.name_en}) "
                f"มีน้ำหนักร้อยละ {sector.weight} ของดัชนีผลผลิตอุตสาหกรรม"
                if self.th()
                else f"TSIC division {sector.code}: {sector.name_en}, weighing {sector.weight}% of the MPI."
            )
            subject = self.sector_short(sector.code)
            suggestions = (
                [Suggestion(_label(f"{subject} ล่าสุด"), f"{subject} ล่าสุด")]
                if self.th()
                else [Suggestion(_label(f"{subject} latest"), f"{subject} latest")]
            )
            return self.finish(body, suggestions)
        indicator = frame.indicator or "MPI"
        row = self.snapshot.indicators[indicator]
        name = row.name_th if self.th() else row.name_en
        definition = row.definition_th if self.th() else row.definition_en
        if self.th():
            body = (
                f"{name} ({indicator}) หน่วย: {row.unit_th}\n{definition}\n"
                "การเทียบ: เทียบกับเดือนเดียวกันของปีก่อน (YoY), เทียบกับเดือนก่อนหน้า (MoM) "
                "และค่าเฉลี่ยตั้งแต่ต้นปีเทียบช่วงเดียวกันของปีก่อน (YTD) "
                "ตัวเลขสองเดือนล่าสุดเป็นตัวเลขเบื้องต้นและอาจปรับปรุงภายหลัง"
            )
            suggestions = [
                Suggestion(_label(f"{QUESTION_NAMES_TH[indicator]} ล่าสุด"), f"{QUESTION_NAMES_TH[indicator]} ล่าสุด"),
                Suggestion("ดูกราฟ", f"กราฟ{QUESTION_NAMES_TH[indicator]}"),
            ]
        else:
            body = (
                f"{name} ({indicator}), unit: {row.unit_en}\n{definition}\n"
                "Comparisons: year on year (same month a year earlier), month on month, and year to date "
                "(average since January against the same months a year earlier). The newest two months are "
                "preliminary and may be revised."
            )
            suggestions = [
                Suggestion(_label(f"Latest {QUESTION_NAMES_EN[indicator]}"), f"latest {QUESTION_NAMES_EN[indicator]}"),
                Suggestion("Chart", f"chart of {QUESTION_NAMES_EN[indicator]}"),
            ]
        return self.finish(body, suggestions)

    def _calendar(self) -> Answer:
        from bot.release_calendar import ReleaseCalendar

        indicator = self.frame.indicator or "MPI"
        latest = self.snapshot.latest
        assert latest is not None
        held = self.snapshot.latest_by_indicator.get(indicator, latest)
        upcoming = held.shift(1)
        release = ReleaseCalendar(self.store_database).expected(indicator, upcoming)
        expected = release.date
        name = self.indicator_name(indicator)
        if self.th():
            expected_text = f"{expected.day} {THAI_MONTH_FULL[expected.month - 1]} {expected.year + 543}"
            basis = {
                "staff": "ตามกำหนดที่เจ้าหน้าที่แจ้งไว้",
                "history": f"ประมาณจากรอบที่ผ่านมา (ราว {release.lag_days} วันหลังสิ้นเดือน)",
                "default": "ประมาณการ: สศอ. มักเผยแพร่ราว 4 สัปดาห์หลังสิ้นเดือน",
            }[release.source]
            body = (
                f"{name} ข้อมูลล่าสุดคือ{held.thai()} "
                f"ข้อมูลเดือน{upcoming.thai()} คาดว่าจะเผยแพร่ประมาณวันที่ {expected_text} ({basis}; "
                "ยังไม่มีปฏิทินทางการ)"
            )
            suggestions = [
                Suggestion("รับแจ้งเตือน", f"ติดตาม {QUESTION_NAMES_TH[indicator]}"),
                Suggestion("MPI ล่าสุด", "MPI ล่าสุด"),
            ]
        else:
            reason = {"staff": "date set by staff", "history": "estimated from past releases", "default": "estimate"}
            body = (
                f"{name}: the latest month is {held.english()}. Figures for "
                f"{upcoming.english()} are expected around {expected.day} {expected:%B %Y} "
                f"({reason[release.source]}; OIE publishes no official calendar)."
            )
            suggestions = [Suggestion("Get notified", "subscribe to MPI"), Suggestion("Latest MPI", "latest MPI")]
        return self.finish(body, suggestions)

    def _topic_text(self) -> str:
        frame = self.frame
        parts = []
        if frame.indicator:
            parts.append(QUESTION_NAMES_TH[frame.indicator] if self.th() else QUESTION_NAMES_EN[frame.indicator])
        if frame.sector and frame.sector != TOTAL:
            parts.append(self.sector_short(frame.sector))
        if not parts:
            return "ทุกหัวข้อ" if self.th() else "all releases"
        return " ".join(parts)

    def _subscribe(self) -> Answer:
        topic = self._topic_text()
        body = (
            f'การติดตาม ({topic}) ทำได้ในแชต LINE ของบริการ: พิมพ์ "ติดตาม {topic}" แล้วจะได้รับข้อความเมื่อมีข้อมูลใหม่'
            if self.th()
            else f'Subscriptions ({topic}) work in the service\'s LINE chat: send "subscribe {topic}" there.'
        )
        return self.finish(body, _starter_suggestions(self.language))

    def _unsubscribe(self) -> Answer:
        body = (
            'การยกเลิกการติดตามทำได้ในแชต LINE ของบริการ: พิมพ์ "ยกเลิกการติดตาม"'
            if self.th()
            else 'Unsubscribing works in the service\'s LINE chat: send "unsubscribe" there.'
        )
        return self.finish(body, _starter_suggestions(self.language))

    def _greeting(self) -> Answer:
        latest = self.snapshot.latest
        assert latest is not None
        body = (
            f"สวัสดีครับ ถามตัวเลขเศรษฐกิจอุตสาหกรรมได้เลย เช่น ดัชนีผลผลิตอุตสาหกรรม (MPI) "
            f"อัตราการใช้กำลังการผลิต รายสาขา ข้อมูลล่าสุดคือ{latest.thai()}"
            if self.th()
            else "Hello! Ask me about Thailand's industrial indicators: the MPI, capacity utilization, "
            f"shipments and inventories, in total or by sector. The latest month is {latest.english()}."
        )
        return self.finish(body, _starter_suggestions(self.language))

    def _help(self) -> Answer:
        body = (
            "ถามได้ทั้งภาษาไทยและอังกฤษ เช่น\n"
            "• ดัชนี MPI ล่าสุดเท่าไหร่\n"
            "• กำลังการผลิตยานยนต์ ก.ย. 69 เทียบปีก่อน\n"
            "• MPI ไตรมาส 3/2569 / 9 เดือนแรก\n"
            "• สาขาไหนโตมากที่สุด\n"
            "• กราฟ MPI ย้อนหลัง 12 เดือน\n"
            "• MPI คืออะไร\n"
            "• ติดตาม MPI (รับแจ้งเตือนเมื่อมีข้อมูลใหม่)"
            if self.th()
            else "Ask in Thai or English, for example:\n"
            "• latest MPI\n"
            "• capacity utilization of cars in Q3 2026\n"
            "• MPI year to date\n"
            "• which sectors grew the most\n"
            "• chart of MPI last 12 months\n"
            "• what is MPI?"
        )
        return self.finish(body, _starter_suggestions(self.language))

    def _unknown(self) -> Answer:
        frame = self.frame.frame
        understood = []
        if frame.indicator:
            understood.append(self.indicator_name(frame.indicator))
        if frame.sector and frame.sector != TOTAL:
            understood.append(self.sector_phrase(frame.sector))
        if self.th():
            body = "ขออภัย ยังไม่เข้าใจคำถามนี้"
            if understood:
                body += f" (เข้าใจว่าเกี่ยวกับ {', '.join(understood)})"
            body += ' ลองถามเรื่องดัชนีอุตสาหกรรม เช่น "ดัชนี MPI ล่าสุดเท่าไหร่" หรือเลือกจากเมนูด้านล่าง'
        else:
            body = "Sorry, I did not understand that"
            if understood:
                body += f" (it seems to be about {', '.join(understood)})"
            body += '. Try a question about the indicators, such as "latest MPI", or pick one below.'
        return self.finish(body, _starter_suggestions(self.language))


def _span_label(value: SpanValue, language: Language) -> str:
    """The period's name, or the months actually covered when it is partial
    ("ม.ค.-ก.ย. 2569" for a year with nine months of data)."""
    if value.complete or value.period.kind == "month":
        return _period_label(value.period, language)
    first, last = value.months[0], value.months[-1]
    if language == "th":
        return f"{THAI_MONTH_ABBR[first.month - 1]}-{THAI_MONTH_ABBR[last.month - 1]} {last.year_be}"
    return f"{first.english()[:3]}-{last.english()[:3]} {last.year}"


def _period_question(period: ResolvedPeriod, language: Language) -> str:
    """A period written the way the parser reads it back, for follow-ups."""
    if period.kind == "quarter":
        return (
            f"ไตรมาส {period.start.quarter}/{period.start.year_be}"
            if language == "th"
            else f"Q{period.start.quarter} {period.start.year}"
        )
    if period.kind == "year":
        return f"ปี {period.start.year_be}" if language == "th" else f"{period.start.year}"
    if period.kind == "ytd":
        return (
            f"{period.end.month} เดือนแรก ปี {period.end.year_be}"
            if language == "th"
            else f"first {period.end.month} months of {period.end.year}"
        )
    return period.end.thai(abbreviated=True) if language == "th" else period.end.english()


def _with_period(frame: ResolvedFrame, period: ResolvedPeriod) -> ResolvedFrame:
    return replace(frame, period=period, base=None)
