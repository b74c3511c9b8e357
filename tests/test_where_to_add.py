"""ARCHITECTURE.md's "Where to add" sections, done as a maintainer would, in a
copy of the repository: a new chat intent and a new console page each touch
the files their section lists and no others (besides what the section's
commands write: the shipped model and the compiled catalog), and then work.
A new channel is `tests/publishers/test_new_channel.py`.

Each runs the project's own commands in subprocesses, in the copy, so what is
checked is the checkout a maintainer edits, not this process's imports."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.helpers import PROJECT_ROOT

# What the sections' commands write (`nlu train --shipped`, `make_catalog`).
GENERATED = {
    "nlp/data/intent_model.npz",
    "bot/catalog/th/LC_MESSAGES/messages.po",
    "bot/catalog/th/LC_MESSAGES/messages.mo",
}


def copy_of_the_repository(into: Path) -> Path:
    """The files git sees (committed or not, ignored ones left out), copied."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    copy = into / "checkout"
    for name in filter(None, listed.split("\0")):
        source = PROJECT_ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    return copy


def fingerprints(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def touched(before: dict[str, str], root: Path) -> set[str]:
    after = fingerprints(root)
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def run(copy: Path, *arguments: str, stdin: str | None = None, database_url: str | None = None) -> str:
    environment = {key: value for key, value in os.environ.items() if key != "TEST_DATABASE_URL"}
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    if database_url is not None:
        environment["DATABASE_URL"] = database_url
    done = subprocess.run(
        [sys.executable, *arguments],
        cwd=copy,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{' '.join(arguments)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + textwrap.dedent(text), encoding="utf-8")


def insert_before(path: Path, marker: str, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert content.count(marker) == 1, marker
    path.write_text(content.replace(marker, textwrap.dedent(text) + marker), encoding="utf-8")


def insert_after_last(path: Path, marker: str, text: str) -> None:
    content = path.read_text(encoding="utf-8")
    at = content.rindex(marker)
    path.write_text(content[:at] + textwrap.dedent(text) + content[at:], encoding="utf-8")


SOURCE_FAMILY = """\
# --- Where the figures come from: who compiles them, and how ---
ข้อมูลนี้มาจากไหน | source | - | - | - | -
ตัวเลขพวกนี้มาจากไหนครับ | source | - | - | - | -
แหล่งที่มาของข้อมูลคืออะไร | source | - | - | - | -
ที่มาของตัวเลขคืออะไรคะ | source | - | - | - | -
ใครเป็นคนทำตัวเลขพวกนี้ | source | - | - | - | -
ใครเป็นคนเก็บข้อมูลนี้ | source | - | - | - | -
ข้อมูลของหน่วยงานไหน | source | - | - | - | -
ตัวเลขนี้เป็นข้อมูลทางการไหม | source | - | - | - | -
เก็บข้อมูลกันยังไง สำรวจจากโรงงานหรือเปล่า | source | - | - | - | -
อ้างอิงแหล่งข้อมูลยังไงดี | source | - | - | - | -
where does this data come from | source | - | - | - | -
where do your numbers come from? | source | - | - | - | -
who compiles these figures | source | - | - | - | -
what is the source of the data | source | - | - | - | -
are these official statistics | source | - | - | - | -
how is the data collected | source | - | - | - | -
"""

SOURCE_ANSWER = '''\
"""Where the figures come from: who compiles them, and how."""

from __future__ import annotations

from bot.answers.compose import Composition, answers, starter_suggestions
from bot.answers.model import Answer


@answers("source")
def answer_source(c: Composition) -> Answer:
    latest = c.snapshot.latest
    assert latest is not None
    text = c.say(
        "The figures are compiled by the Office of Industrial Economics (OIE) from its monthly survey "
        "of factories. The latest month is %(latest)s.",
        latest=c.said.month(latest),
    )
    return c.finish(text, starter_suggestions(c.language))


THAI: dict[str, str] = {
    "The figures are compiled by the Office of Industrial Economics (OIE) from its monthly survey of factories. The latest month is %(latest)s.": "ตัวเลขจัดทำโดยสำนักงานเศรษฐกิจอุตสาหกรรม (สศอ.) จากการสำรวจโรงงานทุกเดือน ข้อมูลล่าสุดคือ%(latest)s",
}
'''


def test_a_new_intent_is_its_questions_its_declaration_and_its_answer(tmp_path: Path) -> None:
    copy = copy_of_the_repository(tmp_path)
    before = fingerprints(copy)

    # 1. Its questions in the labelled corpus.
    append(copy / "nlp/data/labelled_questions.txt", SOURCE_FAMILY)
    # 2. Its declaration: its name in `Intent` and in `DECLARATIONS`, in the same place.
    intents = copy / "nlp/intents.py"
    insert_before(intents, '    "greeting",\n    "help",\n', '    "source",\n')
    insert_before(
        intents,
        '    Declaration("greeting",',
        '    Declaration("source", "Where the figures come from", "ที่มาของข้อมูล", harmless=True),\n',
    )
    # 3. Its answer, with its words and their Thai.
    (copy / "bot/answers/intents/source.py").write_text(SOURCE_ANSWER, encoding="utf-8")
    # Then the section's commands.
    run(copy, "-m", "bot", "nlu", "train", "--shipped")
    run(copy, "-m", "bot.catalog.make_catalog")

    assert touched(before, copy) - GENERATED == {
        "nlp/data/labelled_questions.txt",
        "nlp/intents.py",
        "bot/answers/intents/source.py",
    }
    database = f"sqlite:///{tmp_path / 'walk.db'}"
    run(copy, "-m", "bot", "init-db", database_url=database)
    run(copy, "-m", "bot", "import", "data/sample/indicators.csv", database_url=database)
    asked = ["ข้อมูลนี้มาจากไหน", "ตัวเลขพวกนี้เอามาจากไหนคะ", "where does this data come from"]
    lines = run(copy, "-m", "bot", "ask", "--json", stdin="\n".join(asked) + "\n", database_url=database)
    answers = [json.loads(line) for line in lines.splitlines() if line.strip()]
    assert [answer["intent"] for answer in answers] == ["source"] * 3, answers
    assert "ตัวเลขจัดทำโดยสำนักงานเศรษฐกิจอุตสาหกรรม" in answers[0]["answer"]
    assert "compiled by the Office of Industrial Economics" in answers[2]["answer"]


WEIGHTS_VIEW = '''\
"""The divisions' weights in the MPI, for staff checking a release's contributions."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from bot.catalog import N_
from bot.staff.roles import Permission
from bot.web.services import services
from bot.web.staff import blueprint
from bot.web.staff.access import in_menu, requires


@blueprint.get("/weights")
@in_menu(N_("Weights"), position=55)
@requires(Permission.VIEW)
def weights() -> ResponseReturnValue:
    sectors = services().store.snapshot().sectors.values()
    rows = sorted((row for row in sectors if not row.is_total), key=lambda row: row.weight, reverse=True)
    return render_template("staff/weights.html", rows=rows)
'''

WEIGHTS_TEMPLATE = """\
{% extends "staff/base.html" %}
{% block title %}{{ _("Weights of the divisions") }}{% endblock %}
{% block content %}
<h1>{{ _("Weights of the divisions") }}</h1>
<div class="panel">
<table>
  <thead><tr><th scope="col">{{ _("Division") }}</th><th scope="col">{{ _("Weight in the MPI, percent") }}</th></tr></thead>
  <tbody>
  {% for row in rows %}
    <tr><td>{{ row.name_th if current_language() == "th" else row.name_en }}</td><td>{{ row.weight }}</td></tr>
  {% endfor %}
  </tbody>
</table>
</div>
{% endblock %}
"""

WEIGHTS_THAI = """\
    "Weights": "น้ำหนักสาขา",
    "Weights of the divisions": "น้ำหนักของแต่ละสาขาในดัชนี",
    "Division": "สาขา",
    "Weight in the MPI, percent": "น้ำหนักในดัชนีผลผลิตอุตสาหกรรม (ร้อยละ)",
"""

WEIGHTS_CHECK = """\
from flask import Flask

from tests.bot.web.staff.conftest import SignedIn


def test_the_new_page_is_in_the_menu_in_thai_for_those_it_lets_in(console_app: Flask, signed_in: SignedIn) -> None:
    viewer = signed_in("viewer")
    viewer.get("/language/th?next=/staff/")
    response = viewer.get("/staff/weights")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>น้ำหนักของแต่ละสาขาในดัชนี</h1>" in page
    assert 'href="/staff/weights" aria-current="page">น้ำหนักสาขา</a>' in page
    assert "ยานยนต์" in page
    assert console_app.test_client().get("/staff/weights").status_code == 302  # signed out: to the login
"""


def test_a_new_console_page_is_its_view_its_template_and_its_thai(tmp_path: Path) -> None:
    copy = copy_of_the_repository(tmp_path)
    before = fingerprints(copy)

    # 1. A module in bot/web/staff/ with its route, its place in the menu and its permission.
    (copy / "bot/web/staff/weights.py").write_text(WEIGHTS_VIEW, encoding="utf-8")
    # 2. Its template.
    (copy / "bot/web/templates/staff/weights.html").write_text(WEIGHTS_TEMPLATE, encoding="utf-8")
    # 3. The Thai of its words.
    insert_after_last(copy / "bot/catalog/thai_console.py", "}", WEIGHTS_THAI)
    run(copy, "-m", "bot.catalog.make_catalog")

    assert touched(before, copy) - GENERATED == {
        "bot/web/staff/weights.py",
        "bot/web/templates/staff/weights.html",
        "bot/catalog/thai_console.py",
    }
    # Checked there: the page itself, and the console's Thai-words walk, which finds it in the menu.
    (copy / "tests/bot/web/staff/test_walked_page.py").write_text(WEIGHTS_CHECK, encoding="utf-8")
    walked = run(
        copy,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/bot/web/staff/test_walked_page.py",
        "tests/bot/web/staff/test_thai_pages_have_no_codes.py",
    )
    assert "2 passed" in walked, walked
