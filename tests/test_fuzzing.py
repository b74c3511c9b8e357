"""Fuzzing with Hypothesis: the CSV and workbook readers and the webhook's
body handling meet arbitrary input with their own rejection (or success),
never another exception and never a 500; and every regular expression of
the parser and the importer stays fast on long adversarial text (no
catastrophic backtracking)."""

from __future__ import annotations

import ast
import contextlib
import gc
import importlib
import io
import json
import pkgutil
import re
import time
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bot.ingest
import bot.ingest.limits
import nlp
from bot.ingest.files import read_release_file
from bot.ingest.records import ReleaseFileError
from handlers.webhook import events_of
from nlp.parser import parse
from tests.fakes.line_events import payload, text_event

CSV_HEADER = "indicator,tsic,year,month,value,preliminary\n"
CELLS = st.one_of(
    st.sampled_from(["MPI", "CAPU", "TOTAL", "29", "2569", "9", "100.62", "1", "0", "", "ก.ย.", '"', ",", "\n"]),
    st.text(max_size=12),
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)


def read(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with contextlib.suppress(ReleaseFileError):  # the importer's own, clear rejection
        read_release_file(path)


@FUZZ
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=12), header=st.booleans())
def test_the_csv_reader_only_ever_rejects(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], header: bool
) -> None:
    text = (CSV_HEADER if header else "") + "\n".join(",".join(row) for row in rows)
    read(tmp_path_factory.mktemp("csv"), "release.csv", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(data=st.binary(max_size=400))
def test_the_csv_reader_takes_any_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    read(tmp_path_factory.mktemp("bytes"), "release.csv", data)


@FUZZ
@given(
    cells=st.lists(
        st.lists(st.one_of(st.none(), st.floats(allow_nan=True), st.integers(), CELLS), max_size=5), max_size=6
    ),
    damage=st.one_of(st.none(), st.integers(min_value=0, max_value=4000)),
)
def test_the_workbook_reader_only_ever_rejects(
    tmp_path_factory: pytest.TempPathFactory, cells: list[list[Any]], damage: int | None
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["", "ม.ค. 69", "ก.พ. 69", "มี.ค. 69*"])
    buffer = io.BytesIO()
    try:
        for row in cells:
            sheet.append(row)
        workbook.save(buffer)
    except Exception:  # openpyxl refuses some cell values itself (control characters)
        return
    data = buffer.getvalue()
    if damage is not None:  # a flipped byte inside the zip
        index = damage % len(data)
        data = data[:index] + bytes([data[index] ^ 0xFF]) + data[index + 1 :]
    read(tmp_path_factory.mktemp("xlsx"), "release.xlsx", data)


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=30,
)


@FUZZ
@given(body=st.one_of(st.binary(max_size=300), JSON_VALUES.map(lambda value: json.dumps(value).encode())))
def test_webhook_bodies_are_events_or_a_value_error(body: bytes) -> None:
    try:
        events = events_of(body)
    except (ValueError, UnicodeDecodeError):
        return
    assert all(isinstance(event, dict) and isinstance(event["type"], str) for event in events)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(text=st.text(max_size=300))
def test_signed_arbitrary_events_never_answer_500(line_app: Any, line_client: Any, text: str) -> None:
    from tests.helpers import post_webhook

    event = {**text_event(text), "message": {"type": "text", "id": "1", "text": text, "quoteToken": "q"}}
    assert post_webhook(line_client, payload(event)) == 200


# --- regular expressions: no catastrophic backtracking ---

PATTERN_PACKAGES = (nlp, bot.ingest)
RE_FUNCTIONS = {"compile", "match", "fullmatch", "search", "sub", "subn", "findall", "finditer", "split"}
ADVERSARIAL = [
    "ก" * 5000,
    "ม.ค." * 1500,
    "ไตรมาส" * 800,
    "1" * 5000,
    "1/" * 2500,
    "a " * 2500,
    "เดือน " * 1000,
    "ปี 2569 " * 600,
    "เทียบ" * 1000 + "x",
    "ย้อนหลัง " * 600,
    '<c r="A1">' * 2000,
    "-" * 5000,
    "." * 5000,
    " " * 5000 + "x",
]


def _patterns() -> list[tuple[str, re.Pattern[Any]]]:
    """Every regular expression of the parser and the importer, found rather
    than listed: compiled ones a module holds (alone or in a tuple, list or
    dict), and literal patterns written inline in a call such as re.fullmatch."""
    found: list[tuple[str, re.Pattern[Any]]] = []
    for package in PATTERN_PACKAGES:
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                items = list(value.values()) if isinstance(value, dict) else value
                items = items if isinstance(items, tuple | list) else [items]
                found.extend((f"{info.name}.{name}", item) for item in items if isinstance(item, re.Pattern))
            tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "re"
                    and node.func.attr in RE_FUNCTIONS
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.append((f"{info.name}:{node.lineno}", re.compile(node.args[0].value)))
    return found


def _seconds(pattern: re.Pattern[Any], text: str) -> float:
    """The best of three runs of finditer over the text (the most a caller can ask of a pattern)."""
    subject: Any = text.encode() if isinstance(pattern.pattern, bytes) else text
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        list(pattern.finditer(subject))
        best = min(best, time.perf_counter() - started)
    return best


def test_every_pattern_is_fast_on_long_adversarial_text() -> None:
    """Backtracking shows as time growing faster than the text: four times
    the text may take about four times as long, not sixteen. Judged by that
    ratio (which a busy machine does not change) once a call takes long
    enough to measure, and by a ceiling for anything catastrophic."""
    patterns = _patterns()
    assert len(patterns) > 30
    inline = {name.split(":")[0] for name, _ in patterns if ":" in name}
    assert inline >= {"bot.ingest.records", "bot.ingest.workbook_reader", "nlp.entities"}
    slow = []
    for name, pattern in patterns:
        for text in ADVERSARIAL:
            whole = _seconds(pattern, text)
            if whole < 0.02:
                continue
            growth = whole / max(_seconds(pattern, text[: len(text) // 4]), 1e-6)
            if growth > 8 or whole > 2:
                slow.append(f"{name} on {text[:12]!r}…: {whole:.2f} s, {growth:.0f} times a quarter of it")
    assert slow == []


def _best_of_three(work: Callable[[], object]) -> float:
    """The best of three runs, without the garbage collector (its pauses land on whichever run)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            started = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - started)
    finally:
        gc.enable()
    return best


# Linear work grows four times from a quarter of the input to all of it; quadratic, sixteen.
# A ratio measured in the same run holds on a busy machine where a fixed number of seconds does not;
# the generous ceiling only catches a hang.
LINEAR_GROWTH = 10
CEILING_SECONDS = 30


def test_the_parser_is_linear_on_long_adversarial_messages() -> None:
    slow = []
    for text in ADVERSARIAL:
        whole = _best_of_three(partial(parse, text))
        quarter = _best_of_three(partial(parse, text[: len(text) // 4]))
        if whole > CEILING_SECONDS or (whole > 0.05 and whole / max(quarter, 1e-6) > LINEAR_GROWTH):
            slow.append(f"{text[:12]!r}…: {whole:.2f} s, {whole / max(quarter, 1e-6):.0f} times a quarter of it")
    assert slow == []


def _formula_scan_seconds(cells: int) -> float:
    sheet = b"<worksheet><sheetData>" + b'<c r="A1"><f>1</f>' * cells + b"</sheetData></worksheet>"
    archive_bytes = io.BytesIO()
    with zipfile.ZipFile(archive_bytes, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)

    def scan() -> None:
        with zipfile.ZipFile(archive_bytes) as archive, contextlib.suppress(ParseError):  # it is not well-formed
            bot.ingest.limits.formulas_without_values(archive, "xl/worksheets/sheet1.xml")

    return _best_of_three(scan)


def test_the_formula_scan_is_linear_on_a_large_sheet() -> None:
    whole, quarter = _formula_scan_seconds(200_000), _formula_scan_seconds(50_000)
    assert whole < CEILING_SECONDS
    assert whole / quarter < LINEAR_GROWTH, f"{whole:.2f} s, {whole / quarter:.1f} times a quarter of the sheet"
