"""Line charts of an indicator as PNG, with Thai labels in a Thai font.

Charts are identified by their `ChartSpec` key, rendered once, cached on
disk and served by the web app at `/charts/<key>.png` (and a smaller
`/charts/<key>-preview.png`), the URLs a LINE image message needs."""

from __future__ import annotations

import io
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

from bot.answers.model import ChartSpec
from bot.data.datasets import all_official
from bot.data.store import IndicatorStore, Snapshot
from nlp.thaidate import THAI_MONTH_ABBR
from nlp.vocabulary import INDICATOR_TERMS, TOTAL

log = logging.getLogger(__name__)

# Faces from Debian's fonts-thai-tlwg that draw Thai vowels and tone marks correctly.
THAI_FONT_FAMILIES = ("Loma", "Garuda", "Norasi", "Tlwg Typo", "Kinnari", "Umpush", "Sarabun")
FULL_SIZE = (10.24, 6.4)  # inches at 100 dpi: 1024 x 640 px
PREVIEW_SIZE = (4.8, 3.0)


class ThaiFontMissingError(RuntimeError):
    pass


@lru_cache(maxsize=1)
def thai_font_path() -> str:
    """The file of an installed Thai-capable font (checked by its glyph table)."""
    found = _find_thai_font()
    if found is None:
        # Fonts installed after matplotlib cached its font list: rebuild the list once.
        from matplotlib import font_manager

        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)  # type: ignore[attr-defined]
        found = _find_thai_font()
    if found is None:
        raise ThaiFontMissingError(
            "no Thai font found for charts: install Debian's fonts-thai-tlwg (apt-get install fonts-thai-tlwg)"
        )
    return found


def _find_thai_font() -> str | None:
    from matplotlib import font_manager

    for family in THAI_FONT_FAMILIES:
        # Upright regular face first: fonts-thai-tlwg also installs oblique and bold files.
        faces = sorted(
            (entry for entry in font_manager.fontManager.ttflist if entry.name == family),
            key=lambda entry: (entry.style != "normal", entry.weight not in (400, "normal", "regular")),
        )
        for entry in faces:
            if font_has_thai(entry.fname):
                return str(entry.fname)
    return None


def font_has_thai(path: str) -> bool:
    """True when the font maps the Thai letters, vowels and tone marks used in labels."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, lazy=True)
        cmap = font.getBestCmap() or {}
    except Exception:
        return False
    needed = [ord(char) for char in "กขคดตนบปผพมยรลวสหอะัาำิีึืุู่้๊๋็์เแโใไๆ"]
    return all(code in cmap for code in needed)


def render_png(spec: ChartSpec, snapshot: Snapshot, size: tuple[float, float] = FULL_SIZE) -> bytes:
    """A line chart with Thai title, axis labels and month ticks."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=thai_font_path())
    points = spec.points(snapshot)
    figure = Figure(figsize=size, dpi=100)
    axes = figure.add_subplot()
    xs = list(range(len(points)))
    ys = [float(point.value) for point in points]
    axes.plot(xs, ys, color="#0b6e4f", linewidth=2.2, marker="o", markersize=3 if size == FULL_SIZE else 0)
    preliminary = [i for i, point in enumerate(points) if point.preliminary]
    if preliminary:
        axes.plot(
            preliminary, [ys[i] for i in preliminary], linestyle="none", marker="o", color="#e07a1f", markersize=6
        )
    step = max(1, len(points) // 8)
    ticks = list(range(0, len(points), step))
    axes.set_xticks(ticks)
    axes.set_xticklabels(
        [f"{THAI_MONTH_ABBR[points[i].period.month - 1]}{points[i].period.year_be % 100:02d}" for i in ticks],
        fontproperties=font,
        fontsize=9 if size == FULL_SIZE else 7,
    )
    axes.grid(True, alpha=0.3)
    sector_row = snapshot.sectors.get(spec.sector)
    if spec.sector == TOTAL or sector_row is None:
        sector_name = "ภาพรวมอุตสาหกรรมการผลิต"
    else:
        sector_name = f"{sector_row.name_th.removeprefix('การผลิต')} (TSIC {spec.sector})"
    title = f"{INDICATOR_TERMS[spec.indicator].chart_title_th} - {sector_name}"
    axes.set_title(title, fontproperties=font, fontsize=15 if size == FULL_SIZE else 9)
    if size == FULL_SIZE:
        note = "จุดสีส้ม = ตัวเลขเบื้องต้น" if preliminary else ""
        dataset = "สศอ." if all_official(point.dataset for point in points) else "ข้อมูลตัวอย่าง (สังเคราะห์)"
        axes.set_xlabel(f"เดือน (พ.ศ.)   ที่มา: {dataset}   {note}", fontproperties=font, fontsize=10)
    for label in axes.get_yticklabels():
        label.set_fontproperties(font)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


class ChartCache:
    """Rendered charts on disk, shared by every process of one machine."""

    def __init__(self, store: IndicatorStore, folder: Path, public_base_url: str, max_files: int = 2000) -> None:
        self.store = store
        self.folder = folder
        self.max_files = max_files
        self.public_base_url = public_base_url.rstrip("/")
        self._lock = threading.Lock()

    def cached(self, spec: ChartSpec) -> bool:
        """Whether the chart of the current data is already drawn (else `urls` is slow)."""
        key = spec.key(self.store.snapshot())
        return all(self._path(key, preview).is_file() for preview in (False, True))

    def drawn(self, key: str, preview: bool) -> bool:
        return ChartSpec.from_key(key) is not None and self._path(key, preview).is_file()

    def _path(self, key: str, preview: bool) -> Path:
        return self.folder / f"{key}{'-preview' if preview else ''}.png"

    def draw(self, spec: ChartSpec) -> str:
        """Render the chart and its preview (if needed); their key (`/charts/<key>.png`)."""
        snapshot = self.store.snapshot()
        key = spec.key(snapshot)
        self.file(key, preview=False, snapshot=snapshot)
        self.file(key, preview=True, snapshot=snapshot)
        return key

    def urls(self, spec: ChartSpec) -> tuple[str, str]:
        """Render (if needed) and return the (image, preview) URLs."""
        base = f"{self.public_base_url}/charts/{self.draw(spec)}"
        return f"{base}.png", f"{base}-preview.png"

    def file(self, key: str, preview: bool, snapshot: Snapshot | None = None) -> Path | None:
        spec = ChartSpec.from_key(key)
        if spec is None:
            return None
        path = self._path(key, preview)
        if path.is_file():
            os.utime(path)  # recently used: the last to be evicted
            return path
        snapshot = snapshot or self.store.snapshot()
        # Only the current data is drawn: a made-up or outdated digest gets nothing (and costs nothing).
        if spec.key(snapshot) != key or not spec.points(snapshot):
            return None
        data = render_png(spec, snapshot, PREVIEW_SIZE if preview else FULL_SIZE)
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            temporary.write_bytes(data)
            temporary.replace(path)  # atomic: readers never see half a file
            self._evict()
        return path

    def _evict(self) -> None:
        """Keep at most `max_files` images, dropping the least recently used."""
        images = sorted(self.folder.glob("*.png"), key=lambda image: image.stat().st_mtime)
        for image in images[: max(0, len(images) - self.max_files)]:
            image.unlink(missing_ok=True)
