"""Questions generated from templates over the lexicons (`data/question_templates.txt`):
every name of every indicator, division and product, every period and comparison
phrasing, so the intent model learns the words around names rather than the names,
and the parser is measured on names nobody wrote a question with.

Deterministic: the same files give the same questions (each template draws from
its own seeded random generator)."""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nlp.gazetteer import groups
from nlp.keyword_hits import asks_about_sales
from nlp.normalize import is_thai
from nlp.other_statistics import other_statistic
from nlp.vocabulary import INDICATORS, SECTORS

TEMPLATES_FILE = Path(__file__).resolve().parent / "data" / "question_templates.txt"
LABELS = ("intent", "indicator", "sector", "period", "comparison", "order")
SLOT = re.compile(r"\{(indicator|sector|period|yoy|mom)\}")
QUESTIONS_PER_TEMPLATE = 8


@dataclass(frozen=True)
class Template:
    family: str
    line: int
    labels: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Generated:
    question: str
    expected: dict[str, str | None]
    family: str  # the template family: held out together
    template: int  # the template's line


@dataclass(frozen=True)
class _Slot:
    text: str
    value: str


def read_templates(path: Path = TEMPLATES_FILE) -> tuple[list[Template], dict[str, list[_Slot]]]:
    templates: list[Template] = []
    slots: dict[str, list[_Slot]] = {"period": [], "yoy": [], "mom": []}
    family = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("## "):
            family = line[3:].strip()
        elif line.startswith("@"):
            name, text, *value = (part.strip() for part in line[1:].split("|"))
            slots[name].append(_Slot(text, value[0] if value else name))
        elif line and not line.startswith("#"):
            labels, text = line.split("||")
            values = tuple(part.strip() for part in labels.split("|"))
            if len(values) != len(LABELS):
                raise ValueError(f"{path.name}:{number}: expected {len(LABELS)} labels before ||")
            templates.append(Template(family, number, values, text.strip()))
    return templates, slots


@cache
def _names(kind: str, thai: bool) -> dict[str, tuple[str, ...]]:
    """Every name of each indicator or division in one script, by code."""
    found: dict[str, list[str]] = {}
    if kind == "indicator":
        for indicator in INDICATORS:
            found[indicator.code] = [indicator.code, indicator.name_th, indicator.name_en, *indicator.aliases]
    else:
        for sector in SECTORS:
            found[sector.code] = [sector.short_th, sector.name_en, *sector.aliases]
        for group in groups():
            if group.code[:2] in found:  # not the divisions OIE publishes no index for
                found[group.code[:2]].extend(group.products)
    return {code: tuple(dict.fromkeys(name for name in names if _usable(name, thai))) for code, names in found.items()}


def _usable(name: str, thai: bool) -> bool:
    """A name in the template's script that is only a name: not "sales" (which asks back)
    nor a word of another agency's statistic ("รถยนต์ส่งออก")."""
    script = is_thai(name) == thai or (not thai and name.isupper())
    return script and not asks_about_sales(name) and other_statistic(name) is None


def _fill(template: Template, slots: dict[str, list[_Slot]], chance: random.Random) -> Generated:
    thai = is_thai(SLOT.sub("", template.text))
    chosen: dict[str, str] = {}

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in ("indicator", "sector"):
            by_code = _names(name, thai)
            code = chance.choice(sorted(code for code, names in by_code.items() if names))
            chosen[name] = code
            return chance.choice(by_code[code])
        choices = [slot for slot in slots[name] if is_thai(slot.text) == thai or not is_thai(slot.text)]
        slot = chance.choice(choices)
        chosen["comparison" if name in ("yoy", "mom") else name] = slot.value
        return slot.text

    question = re.sub(r"\s+", " ", SLOT.sub(substitute, template.text)).strip()
    expected = {
        label: chosen.get(label) if value == "$" else (None if value == "-" else value)
        for label, value in zip(LABELS, template.labels, strict=True)
    }
    return Generated(question, expected, template.family, template.line)


def generate(per_template: int = QUESTIONS_PER_TEMPLATE, path: Path = TEMPLATES_FILE) -> list[Generated]:
    """`per_template` questions from each template, without repeats."""
    templates, slots = read_templates(path)
    questions: dict[str, Generated] = {}
    for template in templates:
        seed = int.from_bytes(hashlib.sha256(template.text.encode()).digest()[:8], "big")
        chance = random.Random(seed)
        wanted = 1 if not SLOT.search(template.text) else per_template
        for _ in range(wanted * 3):
            made = _fill(template, slots, chance)
            questions.setdefault(made.question, made)
            if sum(1 for q in questions.values() if q.template == template.line) >= wanted:
                break
    return list(questions.values())
