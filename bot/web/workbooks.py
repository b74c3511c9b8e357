"""The Excel download of a series: what a reader opening the file needs before
the numbers (title, unit, source, the preliminary and sample-data notes), the
headers in the page's language, and the codes in their own columns for
machines."""

from __future__ import annotations

import io
from collections.abc import Sequence

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from bot.data.datasets import all_official
from bot.data.store import IndicatorRow, Point
from bot.web.i18n import current_language
from bot.web.names import indicator_name, month_label, sector_name

NUMBER_FORMAT = "#,##0.00"
COLUMN_WIDTHS = (14, 12, 16, 14, 12, 12, 12)


def series_workbook(
    indicator: str,
    sector: str,
    points: Sequence[Point],
    row: IndicatorRow | None,
    page_url: str,
) -> bytes:
    """The months of one series as an .xlsx file, its notes above the table."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"{indicator}-{sector}"[:31]
    span = f"{month_label(points[0].period)} – {month_label(points[-1].period)}" if points else ""
    sheet.append([f"{indicator_name(indicator)}: {sector_name(sector)}, {span}"])
    sheet["A1"].font = Font(bold=True, size=13)
    if row is not None:
        sheet.append([_("Unit: %(unit)s", unit=row.unit_th if current_language() == "th" else row.unit_en)])
    sheet.append([_("Source: Office of Industrial Economics (OIE), Ministry of Industry. %(page)s", page=page_url)])
    if any(point.preliminary for point in points):
        sheet.append([_("p: preliminary figure, which may be revised in a later release.")])
    if not all_official([point.dataset for point in points]):
        sheet.append([_("The figures in this file are sample (synthetic) data, not official OIE statistics.")])
    sheet.append([])
    sheet.append(
        [
            _("Month"),
            _("Value"),
            _("Preliminary (p)"),
            _("Indicator code"),
            _("Sector code"),
            _("Period (YYYY-MM)"),
            _("Dataset"),
        ]
    )
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{header_row + 1}"  # a string: a cell object would add an empty row
    for point in points:
        sheet.append(
            [
                month_label(point.period),
                float(point.value),
                "p" if point.preliminary else "",
                indicator,
                sector,
                point.period.iso(),
                str(point.dataset),
            ]
        )
        sheet.cell(row=sheet.max_row, column=2).number_format = NUMBER_FORMAT
    for index, width in enumerate(COLUMN_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
