"""Charts on the public pages: the figures go into the page, where the vendored
uPlot library (static/vendor/uplot) draws a chart that shows each point's value
on tap, hover or arrow keys, in the page's language; the same figures are
in a data table behind it for screen readers, and the PNG the chat sends is
the fallback without JavaScript. The page never draws: the PNG's own request
does, under the chart-drawing limit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from bot.answers.model import ChartSpec
from bot.data.store import Point, Snapshot
from bot.web.i18n import current_language
from bot.web.names import indicator_name, month_label, sector_name
from nlp.thaidate import YearMonth


@dataclass(frozen=True)
class PageChart:
    """One chart of a page: its title, its points and the PNG fallback."""

    title: str
    unit: str
    png: str
    points: list[Point]

    def axis_label(self, period: YearMonth) -> str:
        """A month short enough for an axis on a phone: "ก.ย.69", "Sep 26"."""
        if current_language() == "th":
            return f"{period.thai(abbreviated=True).split()[0]}{period.year_be % 100:02d}"
        return f"{period.english()[:3]} {period.year % 100:02d}"

    def data(self) -> dict[str, Any]:
        """What the page's script draws, as JSON in a data attribute (no inline script)."""
        return {
            "title": self.title,
            "unit": self.unit,
            "labels": [month_label(point.period) for point in self.points],
            "ticks": [self.axis_label(point.period) for point in self.points],
            "values": [float(point.value) for point in self.points],
            "preliminary": [point.preliminary for point in self.points],
            "preliminaryLabel": _("preliminary"),
            "hint": _("Tap the chart or use the arrow keys to read a month's value."),
        }


def page_chart(snapshot: Snapshot, spec: ChartSpec | None) -> PageChart | None:
    """The chart of `spec` for a page, or None without data."""
    if spec is None or not (points := spec.points(snapshot)):
        return None
    row = snapshot.indicators.get(spec.indicator)
    unit = (row.unit_th if current_language() == "th" else row.unit_en) if row else ""
    title = _(
        "%(indicator)s, %(sector)s, %(start)s to %(end)s",
        indicator=indicator_name(spec.indicator),
        sector=sector_name(spec.sector),
        start=month_label(points[0].period),
        end=month_label(points[-1].period),
    )
    return PageChart(title, unit, url_for("charts.chart_png", name=spec.key(snapshot)), points)
