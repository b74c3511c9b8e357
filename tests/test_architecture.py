"""The structure of ARCHITECTURE.md: the arrows by import-linter's contracts
(`.importlinter`, lazy imports included), the sizes by reading the files:

- `nlp` imports nothing of the project;
- `publishers` and `handlers` never import `bot`, and never each other;
- in `bot`, only `bot/app.py` and `bot/cli/` wire packages together: the other
  rooms know the channels only through `publishers.base` and
  `publishers.registry`, and never import `handlers`;
- the rooms of `bot` depend one way: config < data < ops < ingest < answers <
  announcements < chat < staff < web < app and cli;
- no module over 400 lines, no function over 60 (migrations excepted)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import PROJECT_ROOT

PACKAGES = ("bot", "handlers", "publishers", "nlp")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def project_files() -> Iterator[Path]:
    for package in PACKAGES:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            if "migrations/versions" not in path.as_posix():
                yield path


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter's contracts (.importlinter) over the packages under `root`."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache", "--no-logo"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_imports_point_one_way() -> None:
    checked = lint_imports(PROJECT_ROOT)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "4 kept, 0 broken" in checked.stdout


@pytest.mark.parametrize(
    ("module", "source", "contract"),
    [
        ("handlers/bad.py", "from bot.chat.service import ChatService\n", "never import bot"),
        ("nlp/bad.py", "import publishers.line\n", "nlp imports nothing"),
        ("bot/data/bad.py", "import bot.web.feeds\n", "rooms depend one way"),
        ("bot/answers/bad.py", "import publishers.line_client\n", "only bot/app.py and bot/cli wire in"),
    ],
)
def test_the_contracts_catch_a_wrong_arrow(tmp_path: Path, module: str, source: str, contract: str) -> None:
    """The check itself: a copy of the project with one wrong import breaks one contract."""
    for package in PACKAGES:
        shutil.copytree(PROJECT_ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_ROOT / ".importlinter", tmp_path)
    (tmp_path / module).write_text(source, encoding="utf-8")
    checked = lint_imports(tmp_path)
    assert checked.returncode != 0
    assert ", 0 broken" not in checked.stdout
    broken = checked.stdout.split("Broken contracts")[1]
    assert contract in broken


def test_modules_and_functions_stay_small() -> None:
    too_big = []
    for path in project_files():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_big.append(f"{module_name(path)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_big.append(f"{module_name(path)}.{node.name}: {length} lines")
    assert too_big == []
