"""The bkkbn-nlp command: exit codes and output (the library does the work)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bkkbn_nlp import __version__
from bkkbn_nlp.cli import cli

from ..conftest import RAW_FIXTURE


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_analyze_fixture(runner: CliRunner, gold) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["analyze", str(RAW_FIXTURE)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    d = json.loads(lines[0])
    assert d["dateline"] == {"place": "Kendari", "agency": "ANTARA"}
    assert d["sentences"] == gold["sentences"]


def test_analyze_pretty_and_output_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(cli, ["analyze", "--pretty", "-o", str(out), str(RAW_FIXTURE)])
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("{\n  ")
    assert json.loads(text)["schema_version"] == 1


def test_missing_and_bad_encoding_inputs_fail_but_others_run(runner: CliRunner,
                                                            tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Kabupaten Muna Barat \xe9t\xe9".encode("latin-1"))
    result = runner.invoke(
        cli, ["analyze", str(tmp_path / "missing.txt"), str(bad), str(RAW_FIXTURE)]
    )
    assert result.exit_code == 1
    stdout_lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(stdout_lines) == 1
    assert json.loads(stdout_lines[0])["id"] == str(RAW_FIXTURE)
    errors = result.stderr.strip().splitlines()
    assert any("missing.txt: no such file" in e for e in errors)
    assert any("UTF-8" in e and "latin1.txt" in e for e in errors)
    assert all(e.startswith("bkkbn-nlp: error:") for e in errors)


def test_jsonl_input_and_bad_lines(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "Kendari (ANTARA) - Satu. Dua."}) + "\n"
        + "not json\n"
        + json.dumps({"id": "c", "no_text": 1}) + "\n"
        + json.dumps({"id": "d", "text": ""}) + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["analyze", "--jsonl", str(src)])
    assert result.exit_code == 1
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    # one line per record, in input order; bad records are error lines
    assert [d["id"] for d in docs] == ["a", f"{src}:2", "c", "d"]
    assert docs[0]["dateline"]["agency"] == "ANTARA"
    assert "error" not in docs[0] and "error" not in docs[3]
    assert docs[1]["error"]["code"] == "E020" and "line 2" in docs[1]["error"]["message"]
    assert docs[2]["error"]["code"] == "E021" and "line 3" in docs[2]["error"]["message"]
    assert set(docs[2]) == {"id", "error"}
    assert "line 2" in result.stderr and "line 3" in result.stderr


def test_stdin(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["analyze", "-"], input="Satu kalimat. Dua kalimat.")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["sentences"]) == 2


def test_no_input_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["analyze"])
    assert result.exit_code == 2


def test_python_dash_m_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "bkkbn_nlp", "--version"], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0
    assert __version__ in proc.stdout


def test_evaluate_command_matches_library(runner: CliRunner, tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    from bkkbn_nlp.evaluation import evaluate

    from ..conftest import GOLD_FIXTURE

    conll = tmp_path / "tiny.conll"
    conll.write_text("Andi B-PER\nRahman I-PER\ntiba\tO\ndi O\nKendari B-LOC\n. O\n", encoding="utf-8")
    out = tmp_path / "scores.json"
    result = runner.invoke(cli, ["evaluate", str(GOLD_FIXTURE), str(conll), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "micro" in result.stdout and "PER" in result.stdout
    saved = json.loads(out.read_text(encoding="utf-8"))
    direct = evaluate(nlp, conll=[conll], labelled=[GOLD_FIXTURE])
    assert saved[str(GOLD_FIXTURE)]["micro"]["f1"] == direct[str(GOLD_FIXTURE)]["micro"]["f1"]
    assert saved[str(conll)]["micro"]["tp"] == direct[str(conll)]["micro"]["tp"]


def test_evaluate_command_reports_malformed_gold(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Andi", "entities": [{"start": 0, "end": 9, "label": "PER"}]}\n',
                   encoding="utf-8")
    result = runner.invoke(cli, ["evaluate", str(bad)])
    assert result.exit_code == 1
    assert "line 1" in result.stderr and "outside the text" in result.stderr


def test_analyze_format_conllu_and_html(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text('Jakarta (ANTARA) - Bupati Garut hadir di Bandung. "Kami siap," '
                       'kata Andi Rahman.', encoding="utf-8")
    runner = CliRunner()
    conllu = runner.invoke(cli, ["analyze", "--format", "conllu", str(article)])
    assert conllu.exit_code == 0, conllu.output
    rows = [line.split("\t") for line in conllu.output.splitlines()
            if line and not line.startswith("#")]
    assert rows and all(len(r) == 10 for r in rows)
    assert any(r[1] == "Bandung" and "NER=B-LOC" in r[9] for r in rows)
    html = runner.invoke(cli, ["analyze", "-f", "html", str(article)])
    assert html.exit_code == 0, html.output
    assert html.output.lstrip().startswith("<!DOCTYPE html>")
    assert "Andi Rahman" in html.output and html.output.rstrip().endswith("</html>")
    resumed = runner.invoke(cli, ["analyze", "-f", "conllu", "--resume", "-o",
                                  str(tmp_path / "o.txt"), str(article)])
    assert resumed.exit_code == 2  # --resume only with one JSON result per line
