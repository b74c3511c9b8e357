"""Charts render Thai text with a Thai-capable font, not boxes."""

from __future__ import annotations

import io
import logging
import warnings
from pathlib import Path

import pytest
from matplotlib import font_manager

from bot.answers.charts import ChartCache, font_has_thai, render_png, thai_font_path
from bot.answers.model import ChartSpec
from bot.data.db import Database
from bot.data.store import IndicatorStore
from bot.ingest.importer import import_files
from nlp.thaidate import YearMonth
from tests.helpers import SAMPLE_DIR


def test_the_chart_font_has_thai_glyphs() -> None:
    path = thai_font_path()
    assert Path(path).name.split("-")[0].split(".")[0] in {"Loma", "Garuda", "Norasi", "TlwgTypo", "Kinnari", "Umpush"}
    assert font_has_thai(path)
    # The negative control: matplotlib's default face has no Thai and would draw boxes.
    default = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    assert not font_has_thai(default)


def test_rendering_uses_no_fallback_glyphs(database: Database, caplog: pytest.LogCaptureFixture) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    snapshot = IndicatorStore(database).snapshot()
    spec = ChartSpec("CAPU", "29", YearMonth(2024, 10), YearMonth(2026, 9))
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_png(spec, snapshot)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []
    assert "missing from font" not in caplog.text
    assert png.startswith(b"\x89PNG")
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1024, 640)


def test_chart_keys_follow_the_data(database: Database, tmp_path: Path) -> None:
    import_files(database, [SAMPLE_DIR / "indicators.csv"])
    store = IndicatorStore(database)
    cache = ChartCache(store, tmp_path, "https://bot.example.org")
    spec = ChartSpec("MPI", "TOTAL", YearMonth(2025, 10), YearMonth(2026, 9))
    original, preview = cache.urls(spec)
    assert original.startswith("https://bot.example.org/charts/MPI_TOTAL_2025-10_2026-09_")
    assert preview.endswith("-preview.png")
    assert cache.urls(spec) == (original, preview)  # cached by content key
    import_files(database, [SAMPLE_DIR / "next-release.csv"])  # revises September
    store.refresh()  # seen at once here; another process sees it within a second
    assert cache.urls(spec)[0] != original
    assert ChartSpec.from_key("MPI_TOTAL_2025-10_2026-09_0123456789ab") == spec
    assert ChartSpec.from_key("../../etc/passwd") is None
