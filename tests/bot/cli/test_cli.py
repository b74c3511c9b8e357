"""`python -m bot …` as staff use it: exit codes, summaries, --help."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.helpers import PROJECT_ROOT, SAMPLE_DIR


@pytest.fixture
def cli_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database set up as a newcomer would: `init-db` first."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["init-db"]) == 0
    return database_url


def test_commands_refuse_a_schema_init_db_has_not_brought_up_to_date(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Migrations run by init-db only: another command never changes the schema as a side effect."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["import", str(SAMPLE_DIR / "indicators.csv")]) == 2
    assert "run `python -m bot init-db` first" in capsys.readouterr().err
    assert main(["worker", "--until-idle"]) == 2
    assert main(["init-db"]) == 0
    assert main(["import", str(SAMPLE_DIR / "indicators.csv")]) == 0


def test_import_then_next_release_then_again(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init-db"]) == 0
    assert main(["init-db"]) == 0  # idempotent
    assert main(["import", str(SAMPLE_DIR / "indicators.csv")]) == 0
    assert "new 1,587" in capsys.readouterr().out

    assert main(["import", str(SAMPLE_DIR / "next-release.csv")]) == 0
    out = capsys.readouterr().out
    assert "new months: 2569-10" in out
    assert "revised months: 2569-09" in out

    assert main(["import", str(SAMPLE_DIR / "next-release.csv"), str(SAMPLE_DIR / "indicators.csv")]) == 0
    out = capsys.readouterr().out
    assert out.count("no change") == 2


@pytest.mark.parametrize("month", ["2569-10", "2026-10"])
def test_a_release_date_is_set_for_a_month_written_in_either_era(
    cli_env: str, month: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Thai staff write Buddhist-era months; the calendar takes them as the month they are."""
    assert main(["import", str(SAMPLE_DIR / "indicators.csv")]) == 0  # data up to 2569-09: October is next
    capsys.readouterr()
    assert main(["calendar", "set", "MPI", month, "2026-11-30", "--note", "from the ministry"]) == 0
    assert "MPI 2026-10: release expected on 2026-11-30" in capsys.readouterr().out
    assert main(["calendar"]) == 0
    assert "2569-10 (2026-10)  2026-11-30" in capsys.readouterr().out
    assert main(["calendar", "unset", "MPI", month]) == 0
    assert "date removed" in capsys.readouterr().out


def test_usage_errors_exit_2_naming_the_problem(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["announce", "--audience", "nobody", "--text", "x"]) == 2
    assert "--audience" in capsys.readouterr().err
    assert main(["announce", "--text", "x", "--text-file", "y.txt"]) == 2
    assert "one of --text and --text-file" in capsys.readouterr().err
    assert main(["no-such-command"]) == 2


def test_import_json_summary(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--json", "--dry-run", str(SAMPLE_DIR / "indicators.csv")]) == 0
    (summary,) = json.loads(capsys.readouterr().out)
    assert summary["dataset"] == "sample"
    assert summary["indicators"]["CAPU"]["new"] == 1587
    assert summary["backfill"] is True


def test_rejected_import_exits_1_with_reasons(cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,tsic,year,month,value,preliminary\nMPI,10,2569,13,1.00,0\n", encoding="utf-8")
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "nothing was stored" in err
    assert "bad.csv:2: month '13' is not 1-12" in err


def test_missing_file_is_a_clear_rejection(cli_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "no-such-file.csv"]) == 1
    assert "cannot read file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["init-db"],
        ["import"],
        ["ask"],
        ["serve"],
        ["announcements"],
        ["announce"],
        ["approve"],
        ["schedule"],
        ["edit"],
        ["cancel"],
        ["delivery"],
        ["email-subscribers"],
        ["calendar"],
        ["scheduler"],
        ["worker"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", *command, "--help"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: python -m bot")


CONTRACT_FIELDS = [
    "question", "intent", "indicator", "indicators", "sector", "sectors", "period", "comparison", "order", "answer"
]  # fmt: skip


def test_ask_json_contract(cli_env: str) -> None:
    env = {**os.environ, "DATABASE_URL": cli_env}
    run = functools.partial(subprocess.run, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run([sys.executable, "-m", "bot", "import", str(SAMPLE_DIR / "indicators.csv")]).returncode == 0
    questions = ["ดัชนี MPI เดือนล่าสุดเท่าไหร่", "กำลังการผลิตยานยนต์ ก.ย. 69 เทียบปีก่อน", "MPI คืออะไร", "", "hello"]
    result = run([sys.executable, "-m", "bot", "ask", "--json"], input="\n".join(questions) + "\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == questions
    for line in lines:
        assert list(line) == CONTRACT_FIELDS
    assert lines[1] | {"answer": None} == {
        "question": questions[1],
        "intent": "change",
        "indicator": "CAPU",
        "indicators": ["CAPU"],
        "sector": "29",
        "sectors": ["29"],
        "period": "2026-09",
        "comparison": "yoy",
        "order": None,
        "answer": None,
    }
    assert lines[2]["period"] is None
    assert lines[2]["sector"] is None
    assert lines[4]["intent"] == "greeting"

    plain = run([sys.executable, "-m", "bot", "ask", "MPI", "ล่าสุด"])
    assert plain.returncode == 0
    assert plain.stdout.startswith("ดัชนีผลผลิตอุตสาหกรรม (MPI)")


def test_nlu_evaluate_reports_the_labelled_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nlu", "evaluate", "--misses", "3"]) == 0
    out = capsys.readouterr().out
    assert "labelled questions: " in out
    assert "whole frame right:" in out
    assert "clarify" in out  # each intent with its precision and recall
