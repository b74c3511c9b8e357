"""The structure of ARCHITECTURE.md, checked by walking every import with `ast`:

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
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "publishers", "nlp")
BOT_ROOMS = ("config", "data", "ops", "ingest", "answers", "announcements", "chat", "staff", "web", "app", "cli")
# `bot/__init__.py` only hands gunicorn `create_app`: it is an entry point, like the command line.
ENTRY_POINTS = ("bot.app", "bot.cli", "bot.__init__", "bot.__main__")
CHANNEL_INTERFACE = ("publishers.base", "publishers.registry")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def project_files() -> Iterator[Path]:
    for package in PACKAGES:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            if "migrations/versions" not in path.as_posix():
                yield path


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)


def imports_of(path: Path) -> set[str]:
    """Every project module `path` imports, at any depth (lazy imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in PACKAGES}


def room(module: str) -> str:
    parts = module.split(".")
    if module in ("bot", "bot.__init__", "bot.__main__"):
        return "cli"
    return parts[1] if len(parts) > 1 else parts[0]


def violations(path: Path) -> list[str]:
    module = module_name(path)
    top = module.split(".")[0]
    problems = []
    for imported in sorted(imports_of(path)):
        target = imported.split(".")[0]
        if top == "nlp" and target != "nlp":
            problems.append(f"{module} imports {imported}: nlp imports nothing of the project")
        elif top in ("publishers", "handlers") and target in ("bot", "publishers", "handlers") and target != top:
            problems.append(f"{module} imports {imported}: {top} never imports {target}")
        elif top == "bot" and not module.startswith(ENTRY_POINTS):
            if target == "handlers":
                problems.append(f"{module} imports {imported}: only bot/app.py and bot/cli wire in handlers")
            if target == "publishers" and not imported.startswith(CHANNEL_INTERFACE):
                problems.append(f"{module} imports {imported}: channels are reached through publishers.registry")
            upward = (
                target == "bot"
                and imported != "bot"
                and room(imported) in BOT_ROOMS
                and BOT_ROOMS.index(room(imported)) > BOT_ROOMS.index(room(module))
            )
            if upward:
                problems.append(f"{module} imports {imported}: {room(module)} does not depend on {room(imported)}")
    return problems


def test_imports_point_one_way() -> None:
    problems = [problem for path in project_files() for problem in violations(path)]
    assert problems == []


def test_the_rule_catches_a_wrong_arrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself: a handler importing the application is caught."""
    fake_root = tmp_path
    (fake_root / "handlers").mkdir()
    bad = fake_root / "handlers" / "bad.py"
    bad.write_text("from bot.chat.service import ChatService\nimport publishers.line\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PROJECT_ROOT", fake_root)
    assert violations(bad) == [
        "handlers.bad imports bot.chat.service: handlers never imports bot",
        "handlers.bad imports bot.chat.service.ChatService: handlers never imports bot",
        "handlers.bad imports publishers.line: handlers never imports publishers",
    ]


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
