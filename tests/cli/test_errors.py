"""Every failure of the command is one line ``bkkbn-nlp: error: ...`` with its exit status."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bkkbn_nlp.cli import cli
from bkkbn_nlp.pipeline import default_pipeline_path

from ..conftest import GOLD_FIXTURE, RAW_FIXTURE


def _one_error_line(result: Result, status: int = 1) -> str:
    """The single stderr line of a failed run, checked."""
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == status, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bkkbn-nlp: error: ")
    return lines[0]


def _analyze(*args: str) -> Result:
    return CliRunner().invoke(cli, ["analyze", *args, str(RAW_FIXTURE)])


def test_output_into_a_missing_folder(tmp_path: Path) -> None:
    line = _one_error_line(_analyze("-o", str(tmp_path / "missing" / "out.jsonl")))
    assert "cannot write (no such folder" in line


def test_output_below_a_file(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    line = _one_error_line(_analyze("-o", str(tmp_path / "file.txt" / "out.jsonl")))
    assert "cannot write" in line


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_on_a_full_disk() -> None:
    line = _one_error_line(_analyze("-o", "/dev/full"))
    assert "/dev/full: cannot write" in line


def test_model_without_config(tmp_path: Path) -> None:
    line = _one_error_line(_analyze("--model", str(tmp_path)))
    assert "cannot load the pipeline" in line and "E002" in line


@pytest.mark.parametrize("damaged", ["tokenizer", "vocab/vectors", "vocab/strings.json",
                                     "vocab/vectors.cfg"])
def test_model_with_a_damaged_file(tmp_path: Path, damaged: str) -> None:
    model = tmp_path / "model"
    shutil.copytree(default_pipeline_path(), model)
    (model / damaged).write_bytes(b"\x00\xff garbage \x93" * 7)
    line = _one_error_line(_analyze("--model", str(model)))
    assert f"{model}: cannot load the pipeline" in line


@pytest.mark.parametrize("data", ['{"text": "caf\xe9"}\n'.encode("latin-1"),
                                  bytes(range(256)) * 4])
def test_evaluate_a_file_that_is_not_utf8(tmp_path: Path, data: bytes) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(GOLD_FIXTURE.read_bytes() + data)
    result = CliRunner().invoke(cli, ["evaluate", str(gold)])
    line = _one_error_line(result)
    assert f"{gold}, line " in line and ": not valid UTF-8" in line


def test_evaluate_with_a_model_without_config(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--model", str(tmp_path), str(GOLD_FIXTURE)])
    assert "E002" in _one_error_line(result)


@pytest.mark.parametrize("command", [
    ["evaluate", str(GOLD_FIXTURE), "-o", "{missing}/scores.json"],
    ["convert", str(GOLD_FIXTURE), "{missing}/out.jsonl", "--from", "labelled"],
])
def test_other_commands_writing_into_a_missing_folder(tmp_path: Path,
                                                      command: list[str]) -> None:
    args = [part.format(missing=tmp_path / "missing") for part in command]
    line = _one_error_line(CliRunner().invoke(cli, args))
    assert f"{tmp_path / 'missing'}" in line and "no such file or directory" in line
