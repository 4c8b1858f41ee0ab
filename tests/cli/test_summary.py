"""``bkkbn-nlp analyze --format summary`` and the default format rule (issue 25, part 9)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bkkbn_nlp.cli import cli
from bkkbn_nlp.cli.analyze import default_format
from bkkbn_nlp.io.summary import MAX_QUOTES, summarize

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "antara_bkkbn_sultra_2019.txt"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def example_json() -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["analyze", "--format", "json", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def example_summary() -> str:
    result = CliRunner().invoke(cli, ["analyze", "--format", "summary", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_summary_of_the_example(example_summary: str, example_json: dict) -> None:  # type: ignore[type-arg]
    lines = example_summary.splitlines()
    assert len(lines) < 80
    assert lines[0] == str(EXAMPLE)
    assert "  dateline      Kendari (ANTARA)" in lines
    assert any(line.strip().startswith("size") and "11 sentences" in line for line in lines)
    # a person with a role and an organisation
    assert any(line.strip().startswith("Mustakim — Plt Kepala, BKKBN Sultra") for line in lines)
    # every quote, with its speaker's name and its cue
    quote_lines = [line for line in lines if re.match(r" +\d+\. ", line)]
    assert len(quote_lines) == len(example_json["quotes"]) == 8
    for line, quote in zip(quote_lines, example_json["quotes"], strict=True):
        assert f"speaker: {quote['speaker']['name']}" in line
        assert f"cue: {quote['cue']['text']}" in line
        assert quote["type"] in line
    # organisations and places are normalised and counted once each
    assert "Badan Kependudukan dan Keluarga Berencana Nasional (BKKBN) ×7" in example_summary
    assert sum("Sulawesi Tenggara ×2" == line.strip() for line in lines) == 1
    topics = next(line for line in lines if line.strip().startswith("topics"))
    assert topics.split(None, 1)[1].startswith("kependudukan_kb ")
    for topic in example_json["topics"]:
        assert f"{topic['label']} {topic['score']:.2f}" in topics
    assert "\033[" not in example_summary  # no escapes when not a terminal


def test_summary_function_takes_an_analysis_or_its_dict(nlp) -> None:  # type: ignore[no-untyped-def]
    import bkkbn_nlp

    result = bkkbn_nlp.analyze(EXAMPLE.read_text(encoding="utf-8"), nlp=nlp)
    assert summarize(result, "x") == summarize(result.to_dict(), "x")
    assert summarize({"id": "x", **result.to_dict()}) == summarize(result, "x")
    assert "\033[1mx\033[0m" in summarize(result, "x", colour=True)


def test_json_flag_is_format_json(runner: CliRunner, example_json: dict) -> None:  # type: ignore[type-arg]
    flag = runner.invoke(cli, ["analyze", "--json", str(EXAMPLE)])
    fmt = runner.invoke(cli, ["analyze", "--format", "json", str(EXAMPLE)])
    assert flag.exit_code == fmt.exit_code == 0
    assert flag.stdout == fmt.stdout
    assert json.loads(flag.stdout) == example_json
    assert flag.stdout.startswith("{\n  ")


def test_json_flag_with_another_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["analyze", "--json", "-f", "summary", str(EXAMPLE)])
    assert result.exit_code == 2
    assert "--json" in result.stderr


def test_empty_text_and_failed_record_are_one_clear_line(runner: CliRunner,
                                                         tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    result = runner.invoke(cli, ["analyze", "-f", "summary", str(empty)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        str(empty), "  empty text: nothing to analyse (no sentences, entities, quotes or topics)"]

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Kendari (ANTARA) - Satu. Dua."}) + "\n"
                   + json.dumps({"id": "b", "text": 5}) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["analyze", "--jsonl", "-f", "summary", str(src)])
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert out[0] == "a"
    assert "  dateline      Kendari (ANTARA)" in out
    failed = [line for line in out if line.startswith("b:")]
    assert len(failed) == 1 and failed[0].startswith("b: not analysed: [E021] ")
    assert 'record "b": [E021]' in result.stderr


def test_summary_of_several_files(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Jakarta (ANTARA) - Presiden meresmikan jembatan. Warga senang.",
                     encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = runner.invoke(cli, ["analyze", "-f", "summary", str(EXAMPLE), str(missing),
                                 str(other)])
    assert result.exit_code == 1  # the missing file
    blocks = result.stdout.split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == [str(EXAMPLE), str(other)]
    assert "  dateline      Jakarta (ANTARA)" in blocks[1].splitlines()
    assert "missing.txt: no such file" in result.stderr


def test_summary_to_a_file(runner: CliRunner, tmp_path: Path, example_summary: str) -> None:
    out = tmp_path / "summary.txt"
    result = runner.invoke(cli, ["analyze", "-f", "summary", "-o", str(out), str(EXAMPLE)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == example_summary


@pytest.mark.parametrize(("jsonl", "output", "resume", "terminal", "expected"), [
    (False, "-", False, True, "summary"),      # a person at a terminal
    (False, "-", False, False, "jsonl"),       # piped or redirected
    (True, "-", False, True, "jsonl"),         # --jsonl input
    (False, "out.jsonl", False, True, "jsonl"),  # -o FILE
    (True, "out.jsonl", True, True, "jsonl"),  # --resume
])
def test_default_format_rule(jsonl: bool, output: str, resume: bool, terminal: bool,
                             expected: str) -> None:
    assert default_format(jsonl, output, resume, terminal) == expected


def test_default_on_a_terminal_is_the_summary(runner: CliRunner, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              example_summary: str) -> None:
    module = sys.modules["bkkbn_nlp.cli.analyze"]
    monkeypatch.setattr(module, "_stdout_is_terminal", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    result = runner.invoke(cli, ["analyze", str(EXAMPLE)])
    assert result.exit_code == 0
    assert result.stdout == example_summary
    monkeypatch.delenv("NO_COLOR")
    coloured = runner.invoke(cli, ["analyze", str(EXAMPLE)]).stdout
    assert coloured.startswith(f"\033[1m{EXAMPLE}\033[0m")
    # still JSON lines on a terminal with --jsonl or -o
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Satu. Dua."}) + "\n", encoding="utf-8")
    lines = runner.invoke(cli, ["analyze", "--jsonl", str(src)]).stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a"]
    out = tmp_path / "out.jsonl"
    assert runner.invoke(cli, ["analyze", "-o", str(out), str(EXAMPLE)]).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["dateline"]["place"] == "Kendari"


def test_many_quotes_are_capped() -> None:
    quote = {"type": "direct", "text": "Kami siap.", "cue": {"text": "kata"},
             "speaker": {"name": "Seseorang", "text": "Seseorang"}}
    text = summarize({"text": "Kami siap.", "quotes": [quote] * (MAX_QUOTES + 5)}, "x")
    assert "… and 5 more" in text
    assert len(text.splitlines()) < 80
