"""The TSIC gazetteer: what factories of each manufacturing division make or
do, so that a question naming a product ("โรงสีข้าว", "ซอสปรุงรส", "แว่นตา",
"ลวดเหล็ก", "canned sardines") finds its division.

`data/tsic_gazetteer.tsv` holds, for every division, the groups of TSIC 2009 (the three-digit level, which
follows ISIC Rev. 4), in Thai and English, and the everyday words for their
products and trades. Pure data, read by `nlp.entities` as names of the
division (the longest name found wins, so "ยางรถยนต์" is rubber, not cars,
and typos are tolerated as for every other name).

The group names follow ISIC Rev. 4's English titles; the Thai titles are
written after TSIC 2009's wording and should be checked against the
official publication when it is at hand. Product words were chosen so that
none is another division's or an indicator's name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

GAZETTEER = Path(__file__).resolve().parent / "data" / "tsic_gazetteer.tsv"


# Manufacturing divisions whose groups are in the gazetteer so that their products
# are recognised, but for which OIE publishes no index of their own: a question
# about them gets "not published separately", never the total's figure.
UNPUBLISHED_DIVISIONS: dict[str, tuple[str, str]] = {
    "18": ("การพิมพ์และการผลิตซ้ำสื่อบันทึกข้อมูล", "printing and reproduction of recorded media"),
    "33": ("การซ่อมและการติดตั้งเครื่องจักรและอุปกรณ์", "repair and installation of machinery and equipment"),
}


@dataclass(frozen=True)
class Group:
    """A TSIC group (three digits) and the words people use for what it makes."""

    code: str
    name_th: str
    name_en: str
    products: tuple[str, ...] = ()


@cache
def groups() -> tuple[Group, ...]:
    """Every group of the gazetteer file, in its order."""
    found = []
    for line in GAZETTEER.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name_th, name_en, products = line.split("\t")
        found.append(Group(code, name_th, name_en, tuple(word for word in products.split("|") if word)))
    return tuple(found)
