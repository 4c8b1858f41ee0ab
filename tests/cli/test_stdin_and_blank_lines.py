"""Standard input is read once; blank JSONL lines are skipped with line numbers kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bkkbn_nlp.cli import cli


@pytest.mark.parametrize("args", [["-", "-"], ["--jsonl", "-", "-"], ["-", "x.txt", "-"]])
def test_stdin_twice_is_a_usage_error(args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["analyze", *args], input="Satu. Dua.")
    assert result.exit_code == 2
    assert "'-' (standard input) can be given only once" in result.stderr
    assert result.stdout == ""


def test_blank_lines_are_skipped_and_line_numbers_kept(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('\n{"text": "Satu."}\n   \n\n{"text": "Dua."}\n\t\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", "--jsonl", str(src)])
    assert result.exit_code == 0, result.stderr
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == [f"{src}:2", f"{src}:5"]
