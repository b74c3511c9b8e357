"""OIE-style workbooks: one sheet per indicator, Buddhist-Era years over Thai
month abbreviations, rows labelled `TSIC : NN name` and a total row. Header
rows are found by their content, not by fixed positions."""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

from bot.ingest.limits import excerpt, formulas_without_values, limits, workbook_refusal
from bot.ingest.progress import progress_bar
from bot.ingest.records import (
    BE_YEAR_RANGE,
    SAMPLE_MARKERS,
    VALID_INDICATORS,
    VALID_SECTORS,
    ObservationKey,
    ParsedObservation,
    Problem,
    ReleaseFile,
    parse_value,
    stop_reading,
)
from nlp.thaidate import YearMonth, month_from_thai_abbr
from nlp.vocabulary import INDICATORS, TOTAL

TSIC_LABEL = re.compile(r"^\s*TSIC\s*:?\s*(\d{1,2})\b", re.IGNORECASE)
TOTAL_LABELS = ("รวมทั้งหมด", "รวม", "total", "ภาพรวม")
FOOTNOTE_PREFIXES = ("หมายเหตุ", "ที่มา", "source", "note", "*")
# Applied to a stripped cell. The abbreviation starts and ends with a letter or a dot, so no two
# quantifiers compete for the same spaces (a cell of spaces once took seconds).
MONTH_CELL = re.compile(r"([ก-๙.](?:[ก-๙.\s]*[ก-๙.])?)[ \t]*([0-9]{2,4})?[ \t]*(\*)?")


@dataclass(frozen=True)
class MonthColumn:
    column: int
    period: YearMonth
    preliminary: bool


def read_workbook(path: Path, handle: BinaryIO, release: ReleaseFile, problems: list[Problem], progress: bool) -> None:
    from openpyxl import load_workbook

    name = path.name
    refused = _archive_problems(name, handle)
    handle.seek(0)
    if refused:
        problems.extend(refused)
        return
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        problems.append(Problem(name, f"not a readable .xlsx workbook ({type(error).__name__}: {error})"))
        return
    except Exception as error:  # openpyxl raises its own types for damaged parts
        problems.append(Problem(name, f"not a readable .xlsx workbook ({type(error).__name__})"))
        return
    try:
        sheets_with_data = 0
        for sheet in workbook.worksheets:
            try:
                rows = _bounded_rows(sheet)
            except _TooLargeError as error:
                problems.append(Problem(f"{name}!{sheet.title}", str(error)))
                continue
            except Exception as error:  # damaged sheet XML
                problems.append(Problem(f"{name}!{sheet.title}", f"cannot read sheet ({type(error).__name__})"))
                continue
            if progress:
                rows = list(progress_bar(iter(rows), total=len(rows), label=f"{name}!{sheet.title}"))
            if _read_sheet(name, sheet.title, rows, release, problems):
                sheets_with_data += 1
        if sheets_with_data == 0 and not problems:
            problems.append(
                Problem(name, "no sheet with a table of months (a row of Thai month abbreviations) was found")
            )
    finally:
        workbook.close()


class _TooLargeError(Exception):
    pass


def _bounded_rows(sheet: Any) -> list[tuple[Any, ...]]:
    """The sheet's rows, read one at a time and refused past the limits
    (a sheet's own size claim is not trusted: the rows are counted)."""
    cap = limits()
    rows: list[tuple[Any, ...]] = []
    for row in sheet.iter_rows(values_only=True, max_col=cap.max_columns + 1):
        if len(row) > cap.max_columns and row[cap.max_columns] is not None:
            raise _TooLargeError(f"more than {cap.max_columns} columns (IMPORT_MAX_COLUMNS)")
        if len(rows) >= cap.max_rows:
            raise _TooLargeError(f"more than {cap.max_rows:,} rows (IMPORT_MAX_ROWS)")
        for value in row:
            if isinstance(value, str) and len(value) > cap.max_cell_chars:
                raise _TooLargeError(
                    f"a cell of more than {cap.max_cell_chars} characters (IMPORT_MAX_CELL_CHARS): {excerpt(value)}"
                )
        rows.append(tuple(row[: cap.max_columns]))
    return rows


# What reading a damaged or made-up part of a zip raises.
DAMAGED_PART_ERRORS = (zipfile.BadZipFile, zlib.error, ParseError, EOFError, OSError, ValueError, NotImplementedError)


def _archive_problems(name: str, handle: BinaryIO) -> list[Problem]:
    """Refusals judged from the zip itself, before any part is parsed: a
    decompression bomb, and formula cells with no stored result."""
    try:
        archive = zipfile.ZipFile(handle)
    except zipfile.BadZipFile:
        return []  # openpyxl says what is wrong with it
    with archive:
        refused = workbook_refusal(archive)
        if refused is not None:
            return [Problem(name, refused)]
        try:
            return _formula_problems(name, archive)
        except DAMAGED_PART_ERRORS as error:
            return [Problem(name, f"not a readable .xlsx workbook: a damaged part ({type(error).__name__})")]


def _formula_problems(name: str, archive: zipfile.ZipFile) -> list[Problem]:
    found = []
    for part in sorted(archive.namelist()):
        if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
            continue
        cells = formulas_without_values(archive, part)
        if cells:
            shown = ", ".join(cells[:10]) + (f" and {len(cells) - 10} more" if len(cells) > 10 else "")
            sheet = part.rsplit("/", 1)[-1].removesuffix(".xml")
            message = f"formula cells without a stored result ({shown}): open the workbook in Excel and save it"
            found.append(Problem(f"{name}!{sheet}", message))
    return found


def _read_sheet(
    file_name: str,
    title: str,
    rows: list[tuple[Any, ...]],
    release: ReleaseFile,
    problems: list[Problem],
) -> bool:
    """Read one sheet; False when it holds no month table (a notes sheet)."""
    place = f"{file_name}!{title}"
    month_row_index = _find_month_row(rows)
    if month_row_index is None:
        return False
    head_text = " ".join(str(cell) for row in rows[:month_row_index] for cell in row if cell is not None)
    indicator = _indicator_of_sheet(title, head_text)
    if indicator is None:
        problems.append(Problem(place, "cannot tell which indicator this sheet holds (sheet name or title)"))
        return True
    if any(marker in head_text for marker in SAMPLE_MARKERS):
        release.looks_like_sample = True
    columns = _month_columns(rows, month_row_index, place, problems)
    if not columns:
        return True
    first_month_column = min(column.column for column in columns)
    for row_index in range(month_row_index + 1, len(rows)):
        row = rows[row_index]
        if stop_reading(f"{place}!{_cell_name(row_index, 0)}", problems):
            return True
        label = _row_label(row, first_month_column)
        values = [(column, row[column.column] if column.column < len(row) else None) for column in columns]
        has_values = any(value not in (None, "") for _, value in values)
        if label is None or not has_values:
            continue  # blank separator or a footnote without figures
        if label.lower().startswith(FOOTNOTE_PREFIXES):
            continue
        sector = _sector_of_label(label)
        if sector is None:
            problems.append(
                Problem(
                    f"{place}!{_cell_name(row_index, 0)}",
                    f"row label {excerpt(label)} is neither the total row nor 'TSIC : NN name'",
                )
            )
            continue
        if sector not in VALID_SECTORS:
            problems.append(Problem(f"{place}!{_cell_name(row_index, 0)}", f"unknown sector code {excerpt(sector)}"))
            continue
        for column, cell in values:
            _read_cell(
                f"{place}!{_cell_name(row_index, column.column)}", cell, column, indicator, sector, release, problems
            )
    return True


def _read_cell(
    place: str,
    cell: Any,
    column: MonthColumn,
    indicator: str,
    sector: str,
    release: ReleaseFile,
    problems: list[Problem],
) -> None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return  # not published for that month
    release.rows_read += 1
    preliminary = column.preliminary
    if isinstance(cell, str) and cell.strip().endswith("*"):
        preliminary, cell = True, cell.strip().rstrip("*")
    reasons: list[str] = []
    value = parse_value(_cell_text(cell), indicator, reasons)
    if value is None:
        problems.extend(Problem(place, reason) for reason in reasons)
        return
    key = ObservationKey(indicator, sector, column.period)
    release.observations.append(ParsedObservation(key, value, preliminary, place))


def _cell_text(cell: Any) -> str:
    """Text of a numeric cell. Workbooks store binary floats: a value typed
    with two decimals may come back as 100.17000000000002, so float noise is
    rounded away, while a value that really has more decimals is kept."""
    if isinstance(cell, float):
        rounded = round(cell, 2)
        return repr(rounded) if abs(cell - rounded) < 1e-9 else repr(cell)
    return str(cell)


def _find_month_row(rows: list[tuple[Any, ...]]) -> int | None:
    for index, row in enumerate(rows):
        months = sum(1 for cell in row if isinstance(cell, str) and _month_of_cell(cell) is not None)
        if months >= 3:
            return index
    return None


def _month_of_cell(text: str) -> tuple[int, int | None, bool] | None:
    """(month, year or None, preliminary) for "ม.ค.", "ส.ค.*", "ม.ค. 2569"."""
    match = MONTH_CELL.fullmatch(text.strip())
    if not match:
        return None
    month = month_from_thai_abbr(match.group(1))
    if month is None:
        return None
    year = int(match.group(2)) if match.group(2) else None
    if year is not None and year < 100:
        year += 2500
    return month, year, match.group(3) is not None


def _month_columns(
    rows: list[tuple[Any, ...]], month_row_index: int, place: str, problems: list[Problem]
) -> list[MonthColumn]:
    """Pair each month header with its year: a year written in the month cell,
    or the nearest BE year to its left in the rows above (merged-cell style)."""
    month_row = rows[month_row_index]
    years_by_column: dict[int, int] = {}
    for row in reversed(rows[:month_row_index]):
        found = {i: int(cell) for i, cell in enumerate(row) if _is_be_year(cell)}
        if found:
            years_by_column = found
            break
    columns: list[MonthColumn] = []
    for column, cell in enumerate(month_row):
        if not isinstance(cell, str):
            continue
        parsed = _month_of_cell(cell)
        if parsed is None:
            continue
        month, year, preliminary = parsed
        if year is None:
            left = [c for c in years_by_column if c <= column]
            year = years_by_column[max(left)] if left else None
        if year is None or year not in BE_YEAR_RANGE:
            problems.append(
                Problem(f"{place}!{_cell_name(month_row_index, column)}", f"no Buddhist-Era year for month {cell!r}")
            )
            continue
        columns.append(MonthColumn(column, YearMonth.from_be(year, month), preliminary))
    seen: dict[YearMonth, int] = {}
    for month_column in columns:
        if month_column.period in seen:
            problems.append(
                Problem(
                    f"{place}!{_cell_name(month_row_index, month_column.column)}",
                    f"month {month_column.period.be_label()} appears twice in the header",
                )
            )
        seen[month_column.period] = month_column.column
    return columns


def _is_be_year(cell: Any) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int | float) and float(cell).is_integer():
        return int(cell) in BE_YEAR_RANGE
    if isinstance(cell, str) and re.fullmatch(r"\d{4}", cell.strip()):
        return int(cell) in BE_YEAR_RANGE
    return False


def _row_label(row: tuple[Any, ...], first_month_column: int) -> str | None:
    for cell in row[:first_month_column]:
        if isinstance(cell, str) and cell.strip():
            return cell.strip()
    return None


def _sector_of_label(label: str) -> str | None:
    match = TSIC_LABEL.match(label)
    if match:
        return match.group(1).zfill(2)
    if label.strip().lower() in TOTAL_LABELS:
        return TOTAL
    return None


def _indicator_of_sheet(title: str, head_text: str) -> str | None:
    if title.strip().upper() in VALID_INDICATORS:
        return title.strip().upper()
    text = f"{title} {head_text}".lower()
    # Longest names first so "ดัชนีสินค้าสำเร็จรูปคงคลัง" is not read as a shorter alias.
    candidates = sorted(
        ((alias.lower(), terms.code) for terms in INDICATORS for alias in (terms.name_th, terms.name_en, terms.code)),
        key=lambda pair: -len(pair[0]),
    )
    for alias, code in candidates:
        if alias in text:
            return code
    return None


def _cell_name(row_index: int, column_index: int) -> str:
    letters = ""
    number = column_index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"{letters}{row_index + 1}"
