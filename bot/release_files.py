"""Reading OIE release files into validated observations.

Two formats (see data/README.md): the tidy CSV and OIE-style workbooks. Every
problem is collected with its place (file, line or sheet!cell) so a rejected
file can be fixed in one go; nothing here touches the database."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from nlp.lexicon import INDICATOR_CODES, INDICATORS, SECTOR_CODES, TOTAL
from nlp.thaidate import BE_OFFSET, YearMonth, month_from_thai_abbr

CSV_COLUMNS = ("indicator", "tsic", "year", "month", "value", "preliminary")
VALID_SECTORS = frozenset((TOTAL, *SECTOR_CODES))
VALID_INDICATORS = frozenset(INDICATOR_CODES)
# Plausible Buddhist-Era years for OIE series; a CE year (2026) falls outside,
# which catches the most common mistake in hand-made files.
BE_YEAR_RANGE = range(2500, 2700)
MAX_PROBLEMS = 50
SAMPLE_MARKERS = ("ข้อมูลตัวอย่าง", "synthetic", "สังเคราะห์")


@dataclass(frozen=True)
class ObservationKey:
    indicator: str
    sector: str
    period: YearMonth


@dataclass(frozen=True)
class ParsedObservation:
    key: ObservationKey
    value: Decimal
    preliminary: bool
    place: str


@dataclass(frozen=True)
class Problem:
    place: str
    reason: str

    def __str__(self) -> str:
        return f"{self.place}: {self.reason}"


@dataclass
class ReleaseFile:
    path: Path
    file_format: str
    sha256: str
    observations: list[ParsedObservation] = field(default_factory=list)
    rows_read: int = 0
    looks_like_sample: bool = False


class ReleaseFileError(Exception):
    """A release file that cannot be imported; `problems` name each place."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = str(path)
        self.problems = problems
        shown = "\n".join(f"  {problem}" for problem in problems[:MAX_PROBLEMS])
        more = len(problems) - MAX_PROBLEMS
        suffix = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(f"{self.path} rejected ({len(problems)} problem(s)):\n{shown}{suffix}")


def read_release_file(path: Path, progress: bool = False) -> ReleaseFile:
    """Parse and validate one file; raise ReleaseFileError listing every problem."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ReleaseFileError(path, [Problem(str(path), f"cannot read file: {error.strerror}")]) from error
    if not raw.strip():
        raise ReleaseFileError(path, [Problem(str(path), "file is empty")])
    suffix = path.suffix.lower()
    release = ReleaseFile(path=path, file_format="", sha256=hashlib.sha256(raw).hexdigest())
    problems: list[Problem] = []
    if suffix in {".xlsx", ".xlsm"}:
        release.file_format = "xlsx"
        _read_workbook(path, raw, release, problems, progress)
    elif suffix in {".csv", ".txt"}:
        release.file_format = "csv"
        _read_csv(path, raw, release, problems, progress)
    else:
        problems.append(Problem(str(path), f"unsupported file type {suffix or '(none)'}: use .csv or .xlsx"))
    if not problems and not release.observations:
        problems.append(Problem(str(path), "no data rows found"))
    problems.extend(_duplicate_problems(release.observations))
    if problems:
        raise ReleaseFileError(path, problems)
    return release


def _duplicate_problems(observations: Iterable[ParsedObservation]) -> list[Problem]:
    first_place: dict[ObservationKey, str] = {}
    problems = []
    for observation in observations:
        earlier = first_place.setdefault(observation.key, observation.place)
        if earlier != observation.place:
            key = observation.key
            problems.append(
                Problem(
                    observation.place,
                    f"duplicate of {earlier} ({key.indicator} {key.sector} {key.period.be_label()})",
                )
            )
    return problems


# --- tidy CSV -----------------------------------------------------------------


def _read_csv(path: Path, raw: bytes, release: ReleaseFile, problems: list[Problem], progress: bool) -> None:
    name = path.name
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem(f"{name}:{line}", "not UTF-8 text (save the file as CSV UTF-8)"))
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    columns = [column.strip().lower() for column in header or []]
    missing = [column for column in CSV_COLUMNS if column not in columns]
    unexpected = [column for column in columns if column not in CSV_COLUMNS]
    if missing or unexpected or len(set(columns)) != len(columns):
        details = []
        if missing:
            details.append("missing " + ", ".join(missing))
        if unexpected:
            details.append("unexpected " + ", ".join(repr(c) for c in unexpected))
        if len(set(columns)) != len(columns):
            details.append("repeated column names")
        problems.append(Problem(f"{name}:1", f"wrong header ({'; '.join(details)}); expected {','.join(CSV_COLUMNS)}"))
        return
    position = {column: columns.index(column) for column in CSV_COLUMNS}
    rows: Iterator[list[str]] = reader
    if progress:
        rows = _progress(rows, total=text.count("\n"), label=name)
    for row in rows:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        release.rows_read += 1
        place = f"{name}:{line}"
        if len(row) != len(columns):
            problems.append(Problem(place, f"expected {len(columns)} fields, found {len(row)}"))
            continue
        cells = {column: row[index].strip() for column, index in position.items()}
        observation = _validated(place, cells, problems)
        if observation is not None:
            release.observations.append(observation)
    release.looks_like_sample = _is_bundled_sample(path)


def _validated(place: str, cells: dict[str, str], problems: list[Problem]) -> ParsedObservation | None:
    reasons: list[str] = []
    indicator = cells["indicator"].upper()
    if indicator not in VALID_INDICATORS:
        reasons.append(f"unknown indicator {cells['indicator']!r} (expected {', '.join(INDICATOR_CODES)})")
    sector = cells["tsic"].upper()
    if sector.isdigit() and len(sector) == 1:
        sector = sector.zfill(2)
    if sector not in VALID_SECTORS:
        reasons.append(f"unknown sector code {cells['tsic']!r} (expected TOTAL or a TSIC division 10-17, 19-32)")
    year = _parse_int(cells["year"])
    if year is None:
        reasons.append(f"year {cells['year']!r} is not a whole number")
    elif year not in BE_YEAR_RANGE:
        hint = " (looks like a Common-Era year; the file uses Buddhist Era)" if 1900 < year < 2100 else ""
        reasons.append(f"year {year} is not a plausible Buddhist-Era year{hint}")
    month = _parse_int(cells["month"])
    if month is None or not 1 <= month <= 12:
        reasons.append(f"month {cells['month']!r} is not 1-12")
    value = _parse_value(cells["value"], indicator, reasons)
    preliminary_text = cells["preliminary"]
    if preliminary_text not in {"0", "1"}:
        reasons.append(f"preliminary {preliminary_text!r} must be 0 or 1")
    for reason in reasons:
        problems.append(Problem(place, reason))
    if reasons or year is None or month is None or value is None:
        return None
    key = ObservationKey(indicator, sector, YearMonth(year - BE_OFFSET, month))
    return ParsedObservation(key, value, preliminary_text == "1", place)


def _parse_int(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    return None


def _parse_value(raw: Any, indicator: str, reasons: list[str]) -> Decimal | None:
    """A non-negative number with at most two decimals (CAPU at most 100)."""
    text = str(raw).strip().replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        reasons.append(f"value {str(raw)!r} is not a number")
        return None
    if not value.is_finite():
        reasons.append(f"value {str(raw)!r} is not a number")
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        reasons.append(f"value {text} has more than 2 decimal places")
        return None
    if value < 0:
        reasons.append(f"value {text} is negative")
        return None
    if indicator == "CAPU" and value > 100:
        reasons.append(f"capacity utilization {text} is above 100 percent")
        return None
    return value.quantize(Decimal("0.01"))


def _is_bundled_sample(path: Path) -> bool:
    from bot.config import SAMPLE_DATA_DIR

    try:
        return path.resolve().is_relative_to(SAMPLE_DATA_DIR.resolve())
    except OSError:
        return False


def _progress(rows: Iterator[Any], total: int, label: str) -> Iterator[Any]:
    from tqdm import tqdm

    # tqdm writes to stderr and only when it is a terminal (disable=None).
    return iter(tqdm(rows, total=total, desc=label, unit="row", disable=None, leave=False))


# --- OIE-style workbooks -------------------------------------------------------

TSIC_LABEL = re.compile(r"^\s*TSIC\s*:?\s*(\d{1,2})\b", re.IGNORECASE)
TOTAL_LABELS = ("รวมทั้งหมด", "รวม", "total", "ภาพรวม")
FOOTNOTE_PREFIXES = ("หมายเหตุ", "ที่มา", "source", "note", "*")
MONTH_CELL = re.compile(r"^\s*([ก-๙.\s]+?)\s*(\d{2,4})?\s*(\*)?\s*$")


@dataclass(frozen=True)
class MonthColumn:
    column: int
    period: YearMonth
    preliminary: bool


def _read_workbook(path: Path, raw: bytes, release: ReleaseFile, problems: list[Problem], progress: bool) -> None:
    from openpyxl import load_workbook

    name = path.name
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
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
                rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
            except Exception as error:  # damaged sheet XML
                problems.append(Problem(f"{name}!{sheet.title}", f"cannot read sheet ({type(error).__name__})"))
                continue
            if progress:
                rows = list(_progress(iter(rows), total=len(rows), label=f"{name}!{sheet.title}"))
            if _read_sheet(name, sheet.title, rows, release, problems):
                sheets_with_data += 1
        if sheets_with_data == 0 and not problems:
            problems.append(
                Problem(name, "no sheet with a table of months (a row of Thai month abbreviations) was found")
            )
    finally:
        workbook.close()


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
                    f"row label {label!r} is neither the total row nor 'TSIC : NN name'",
                )
            )
            continue
        if sector not in VALID_SECTORS:
            problems.append(Problem(f"{place}!{_cell_name(row_index, 0)}", f"unknown sector code {sector!r}"))
            continue
        for column, cell in values:
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                continue  # not published for that month
            cell_place = f"{place}!{_cell_name(row_index, column.column)}"
            release.rows_read += 1
            preliminary = column.preliminary
            if isinstance(cell, str) and cell.strip().endswith("*"):
                preliminary, cell = True, cell.strip().rstrip("*")
            reasons: list[str] = []
            value = _parse_value(_cell_text(cell), indicator, reasons)
            if value is None:
                problems.extend(Problem(cell_place, reason) for reason in reasons)
                continue
            key = ObservationKey(indicator, sector, column.period)
            release.observations.append(ParsedObservation(key, value, preliminary, cell_place))
    return True


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
    match = MONTH_CELL.match(text)
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
    if isinstance(cell, str) and re.fullmatch(r"\s*\d{4}\s*", cell):
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
