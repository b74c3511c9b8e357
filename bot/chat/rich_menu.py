"""The chat's rich menu: eight buttons under the LINE chat (latest figures,
chart, sector ranking, subscribe, release calendar, how to use, the public
site, the other language), drawn here in the menu's language with a Thai
font at LINE's full size, and described as plain data (LINE's JSON) for the
LINE publisher to install. One menu per language; each switches to the
other through LINE's rich-menu aliases."""

from __future__ import annotations

import hashlib
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from bot.answers.charts import thai_font_path
from bot.answers.model import Language
from bot.catalog import N_, speaker

WIDTH, HEIGHT = 2500, 1686  # LINE's large rich menu
COLUMNS, ROWS = 4, 2
ITEMS = ("latest", "chart", "ranking", "subscribe", "calendar", "help", "site", "language")
ALIASES: dict[Language, str] = {"th": "oie-menu-th", "en": "oie-menu-en"}
NAME_PREFIX = "oie-menu-"
MAX_IMAGE_BYTES = 1024 * 1024
# Per item: its label, a second line and what tapping it sends (a question, or nothing for links and switches).
MENU_ITEMS = {
    "latest": (N_("Latest"), N_("MPI and sectors"), N_("latest MPI")),
    "chart": (N_("Chart"), N_("last 12 months"), N_("MPI chart, last 12 months")),
    "ranking": (N_("Ranking"), N_("sectors up and down"), N_("which sectors grew the most")),
    "subscribe": (N_("Get news"), N_("when figures are out"), N_("subscribe to everything")),
    "calendar": (N_("Release calendar"), N_("next release dates"), N_("when is the next MPI release")),
    "help": (N_("How to use"), N_("what you can ask"), N_("how to use")),
    "site": (N_("Website"), N_("data and downloads"), ""),
    # The switch is written in the language it switches to.
    "language": (N_("English"), N_("Menu in English"), ""),
}

BACKGROUND = (238, 244, 242)
TILE = (255, 255, 255)
INK = (24, 48, 44)
MUTED = (92, 112, 108)
ACCENTS = {
    "latest": (11, 110, 79),
    "chart": (21, 101, 168),
    "ranking": (196, 110, 0),
    "subscribe": (176, 46, 84),
    "calendar": (90, 74, 160),
    "help": (0, 128, 128),
    "site": (52, 94, 150),
    "language": (70, 70, 70),
}


@dataclass(frozen=True)
class MenuDesign:
    """One language's menu: LINE's rich-menu object and its PNG image.
    `name` carries a digest of both, so an unchanged menu is recognised on
    LINE and not created again."""

    language: Language
    alias: str
    request: dict[str, Any]
    image: bytes

    @property
    def name(self) -> str:
        return str(self.request["name"])


def _other(language: Language) -> Language:
    return "en" if language == "th" else "th"


def menu_item(item: str, language: Language) -> tuple[str, str, str]:
    """An item's label, second line and question, in the menu's language."""
    said = speaker(_other(language) if item == "language" else language)
    return tuple(said.say(text) if text else "" for text in MENU_ITEMS[item])  # type: ignore[return-value]


def _bounds(index: int) -> dict[str, int]:
    column, row = index % COLUMNS, index // COLUMNS
    left, right = column * WIDTH // COLUMNS, (column + 1) * WIDTH // COLUMNS
    top, bottom = row * HEIGHT // ROWS, (row + 1) * HEIGHT // ROWS
    return {"x": left, "y": top, "width": right - left, "height": bottom - top}


def _action(item: str, label: str, sends: str, language: Language, site_url: str) -> dict[str, Any]:
    if item == "site":
        return {"type": "uri", "label": label, "uri": site_url}
    if item == "language":
        other = _other(language)
        # The switch happens on LINE's side; the postback tells the chat the user's choice.
        return {
            "type": "richmenuswitch",
            "label": label,
            "richMenuAliasId": ALIASES[other],
            "data": f"action=menu&lang={other}",
        }
    return {"type": "message", "label": label, "text": sends}


def design(language: Language, site_url: str) -> MenuDesign:
    areas = []
    for index, item in enumerate(ITEMS):
        label, _, sends = menu_item(item, language)
        areas.append({"bounds": _bounds(index), "action": _action(item, label, sends, language, site_url)})
    image = render(language)
    request: dict[str, Any] = {
        "size": {"width": WIDTH, "height": HEIGHT},
        "selected": True,  # open under the chat: it is how most people start
        "chatBarText": speaker(language).say("OIE menu"),
        "areas": areas,
    }
    digest = hashlib.sha256(json.dumps(request, sort_keys=True).encode() + image).hexdigest()[:16]
    request = {"name": f"{NAME_PREFIX}{language}-{digest}", **request}
    return MenuDesign(language, ALIASES[language], request, image)


# --- the image ---


@lru_cache(maxsize=8)
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    regular = Path(thai_font_path())
    bold_file = regular.with_name(f"{regular.stem}-Bold{regular.suffix}")
    path = bold_file if bold and bold_file.is_file() else regular
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def render(language: Language) -> bytes:
    """The menu's PNG: a tile per button with its icon, label and second line."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for index, item in enumerate(ITEMS):
        box = _bounds(index)
        x, y, w, h = box["x"], box["y"], box["width"], box["height"]
        draw.rounded_rectangle((x + 18, y + 18, x + w - 18, y + h - 18), radius=48, fill=TILE)
        accent = ACCENTS[item]
        center = (x + w // 2, y + int(h * 0.33))
        draw.ellipse(_square(center, 150), fill=accent)
        ICONS[item](draw, center, language)
        label, second, _ = menu_item(item, language)
        _centered(draw, label, (center[0], y + int(h * 0.66)), _fit(draw, label, w - 90, 104, bold=True), INK)
        _centered(draw, second, (center[0], y + int(h * 0.81)), _fit(draw, second, w - 90, 62, bold=False), MUTED)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    data = output.getvalue()
    if len(data) > MAX_IMAGE_BYTES:
        raise ValueError(f"rich menu image of {len(data)} bytes is over LINE's 1 MB")
    return data


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int, size: int, bold: bool) -> ImageFont.FreeTypeFont:
    """The largest font up to `size` at which the text fits the tile."""
    while size > 30 and draw.textlength(text, font=_font(size, bold)) > width:
        size -= 4
    return _font(size, bold)


def _centered(
    draw: ImageDraw.ImageDraw, text: str, at: tuple[int, int], font: ImageFont.FreeTypeFont, color: tuple[int, ...]
) -> None:
    draw.text(at, text, font=font, fill=color, anchor="mm")


def _square(center: tuple[int, int], radius: int) -> tuple[int, int, int, int]:
    return (center[0] - radius, center[1] - radius, center[0] + radius, center[1] + radius)


# --- icons, white on the tile's coloured disc ---

WHITE = (255, 255, 255)
Icon = Callable[[ImageDraw.ImageDraw, tuple[int, int], Language], None]


def _latest(draw: ImageDraw.ImageDraw, c: tuple[int, int], language: Language) -> None:
    x, y = c
    for offset, height in ((-60, 50), (-10, 85), (40, 120)):
        draw.rectangle((x + offset - 18, y + 60 - height, x + offset + 18, y + 60), fill=WHITE)
    draw.line((x - 85, y - 20, x - 10, y - 75, x + 75, y - 95), fill=WHITE, width=14, joint="curve")


def _chart(draw: ImageDraw.ImageDraw, c: tuple[int, int], language: Language) -> None:
    x, y = c
    draw.line((x - 85, y - 85, x - 85, y + 75, x + 90, y + 75), fill=WHITE, width=12)
    points = [(x - 65, y + 35), (x - 25, y - 5), (x + 10, y + 20), (x + 70, y - 60)]
    draw.line(points, fill=WHITE, width=14, joint="curve")
    for point in points:
        draw.ellipse(_square(point, 13), fill=WHITE)


def _ranking(draw: ImageDraw.ImageDraw, c: tuple[int, int], language: Language) -> None:
    x, y = c
    for offset, height in ((-62, 70), (0, 120), (62, 45)):
        draw.rectangle((x + offset - 27, y + 75 - height, x + offset + 27, y + 75), fill=WHITE)
    star = [
        (x + 36 * math.cos(math.radians(-90 + 36 * i)) * (1 if i % 2 == 0 else 0.45),
         y - 80 + 36 * math.sin(math.radians(-90 + 36 * i)) * (1 if i % 2 == 0 else 0.45))
        for i in range(10)
    ]  # fmt: skip
    draw.polygon(star, fill=WHITE)


def _subscribe(draw: ImageDraw.ImageDraw, c: tuple[int, int], language: Language) -> None:
    x, y = c
    draw.pieslice((x - 62, y - 85, x + 62, y + 40), 180, 360, fill=WHITE)
    draw.rectangle((x - 62, y - 23, x + 62, y + 40), fill=WHITE)
    draw.rounded_rectangle((x - 85, y + 35, x + 85, y + 55), radius=10, fill=WHITE)
    draw.ellipse(_square((x, y + 75), 20), fill=WHITE)
    draw.ellipse(_square((x, y - 92), 14), fill=WHITE)


def _calendar(draw: ImageDraw.ImageDraw, c: tuple[int, int], language: Language) -> None:
    x, y = c
    draw.rounded_rectangle((x - 85, y - 70, x + 85, y + 80), radius=16, outline=WHITE, width=12)
    draw.rectangle((x - 85, y - 70, x + 85, y - 30), fill=WHITE)
    for ring in (-45, 45):
        draw.rounded_rectangle((x + ring - 9, y - 95, x + ring + 9, y - 55), radius=8, fill=WHITE)
    for row in range(2):
        for column in range(3):
            cx, cy = x - 45 + column * 45, y + 5 + row * 40
            draw.rectangle((cx - 13, cy - 11, cx + 13, cy + 11), fill=WHITE)


def _help(draw: ImageDraw.ImageDraw, c: tuple[int, int], language: Language) -> None:
    draw.text(c, "?", font=_font(190, True), fill=WHITE, anchor="mm")


def _site(draw: ImageDraw.ImageDraw, c: tuple[int, int], language: Language) -> None:
    x, y = c
    draw.ellipse(_square(c, 88), outline=WHITE, width=11)
    draw.ellipse((x - 38, y - 88, x + 38, y + 88), outline=WHITE, width=10)
    draw.line((x - 88, y, x + 88, y), fill=WHITE, width=10)
    draw.line((x - 78, y - 42, x + 78, y - 42), fill=WHITE, width=8)
    draw.line((x - 78, y + 42, x + 78, y + 42), fill=WHITE, width=8)


def _language(draw: ImageDraw.ImageDraw, c: tuple[int, int], language: Language) -> None:
    word = "EN" if language == "th" else "ไทย"
    draw.text(c, word, font=_font(120 if language == "th" else 104, True), fill=WHITE, anchor="mm")


ICONS: dict[str, Icon] = {
    "latest": _latest,
    "chart": _chart,
    "ranking": _ranking,
    "subscribe": _subscribe,
    "calendar": _calendar,
    "help": _help,
    "site": _site,
    "language": _language,
}
