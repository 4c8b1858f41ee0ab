"""Corpus-scale streaming: analyze_records, error records, bounded input, CLI --resume."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language
from spacy.tokens import Doc

import bkkbn_nlp
from bkkbn_nlp.api import RecordError, analyze_records, parse_jsonl_line, result_record
from bkkbn_nlp.cli import cli

BOOM = "MELEDAK"


@Language.component("bkkbn_test_boom")
def _boom(doc: Doc) -> Doc:
    if BOOM in doc.text:
        raise RuntimeError("component failed on purpose")
    return doc


@pytest.fixture(scope="module")
def boom_nlp() -> Language:
    nlp = bkkbn_nlp.load()
    nlp.add_pipe("bkkbn_test_boom", last=True)
    return nlp


TEXTS = ["Kendari (ANTARA) - Rapat digelar. Semua hadir.", "Satu. Dua.", "",
         "Kepala Dinkes Kabupaten Garut, Andi Rahman, mengatakan bahwa layanan membaik."]


# --- parse_jsonl_line -------------------------------------------------------------------

@pytest.mark.parametrize(("line", "code", "record_id"), [
    (b'{"id": 1, "text": "\xff"}', "E023", "f:1"),
    ("not json", "E020", "f:1"),
    ('{"id": "a", "text": ', "E020", "f:1"),
    ("[1, 2]", "E021", "f:1"),
    ('{"id": "a"}', "E021", "a"),
    ('{"id": "a", "text": null}', "E021", "a"),
    ('{"id": "a", "text": 12}', "E021", "a"),
    ("[" * 100_000, "E020", "f:1"),
])
def test_parse_jsonl_line_errors(line: str | bytes, code: str, record_id: str) -> None:
    got_id, text = parse_jsonl_line(line, "f:1")
    assert got_id == record_id
    assert isinstance(text, RecordError) and text.code == code
    assert text.message and not text.message.startswith("[")


def test_parse_jsonl_line_ok() -> None:
    assert parse_jsonl_line('\ufeff{"id": 7, "text": "Satu."}\n', "f:1") == (7, "Satu.")
    assert parse_jsonl_line(b'{"text": "Dua."}\r\n', "f:2") == ("f:2", "Dua.")


def test_result_record_shapes() -> None:
    err = RecordError.from_catalogue("E020", problem="x")
    assert result_record("a", err) == {"id": "a", "error": {"code": "E020",
                                                            "message": "invalid JSON (x)"}}
    ok = result_record(3, bkkbn_nlp.analyze("Satu."))
    assert ok["id"] == 3 and ok["text"] == "Satu." and "error" not in ok


# --- analyze_records --------------------------------------------------------------------

def test_analyze_records_keeps_order_and_reports_bad_records(boom_nlp: Language) -> None:
    parse_error = RecordError("E020", "invalid JSON (x)")
    records = [("a", TEXTS[0]), ("b", None), ("c", f"Ini {BOOM}. Dua."), ("d", TEXTS[1]),
               ("e", parse_error), ("f", b"bytes"), ("g", TEXTS[3])]
    out = list(analyze_records(records, nlp=boom_nlp, batch_size=3))
    assert [key for key, _ in out] == list("abcdefg")
    results = dict(out)
    assert isinstance(results["b"], RecordError) and results["b"].code == "E001"
    assert isinstance(results["f"], RecordError) and results["f"].code == "E001"
    assert isinstance(results["c"], RecordError) and results["c"].code == "E022"
    assert "RuntimeError" in results["c"].message and "on purpose" in results["c"].message
    assert results["e"] is parse_error
    for key, text in [("a", TEXTS[0]), ("d", TEXTS[1]), ("g", TEXTS[3])]:
        assert results[key].to_dict() == bkkbn_nlp.analyze(text).to_dict()  # type: ignore[union-attr]


def test_analyze_records_two_processes_match_serial(boom_nlp: Language) -> None:
    records = [(i, t) for i, t in enumerate(TEXTS * 3)] + [(99, f"{BOOM}!"), (100, 5)]
    serial = [(k, result_record(k, r)) for k, r in analyze_records(records, nlp=boom_nlp)]
    parallel = [(k, result_record(k, r))
                for k, r in analyze_records(records, nlp=boom_nlp, n_process=2, batch_size=2)]
    assert parallel == serial
    assert serial[-2][1]["error"]["code"] == "E022" and serial[-1][1]["error"]["code"] == "E001"


def test_analyze_many_still_raises_the_component_error(boom_nlp: Language) -> None:
    with pytest.raises(RuntimeError, match="on purpose"):
        list(bkkbn_nlp.analyze_many(["Satu.", f"{BOOM}."], nlp=boom_nlp))


@pytest.mark.parametrize(("n_process", "batch_size"), [(1, 2), (2, 2)])
def test_input_is_read_lazily(nlp: Language, n_process: int, batch_size: int) -> None:
    pulled = 0

    def endless() -> Iterator[tuple[int, str]]:
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield i, f"Kalimat nomor {i}. Kalimat kedua."

    stream = analyze_records(endless(), nlp=nlp, n_process=n_process, batch_size=batch_size)
    first = list(itertools.islice(stream, 3))
    stream.close()
    assert [k for k, _ in first] == [0, 1, 2]
    # one batch with one process; at most 2 batches per worker (+ the one being read) with two
    assert pulled <= (2 * n_process + 1) * batch_size


# --- bkkbn-nlp analyze --jsonl: error lines, exit status, --resume ----------------------

def _write_input(path: Path) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": t}) for i, t in enumerate(TEXTS)]
    lines.insert(2, "{broken")
    lines.append(json.dumps({"id": "no-text"}))
    lines.append(json.dumps({"id": "last", "text": "Penutup. Selesai."}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_cli_jsonl_error_lines_exit_status_and_processes(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    _write_input(src)
    runner = CliRunner()
    out1, out2 = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    r1 = runner.invoke(cli, ["analyze", "--jsonl", str(src), "-o", str(out1)])
    r2 = runner.invoke(cli, ["analyze", "--jsonl", str(src), "-o", str(out2), "-j", "2",
                             "--batch-size", "1"])
    assert r1.exit_code == 1 and r2.exit_code == 1
    assert out1.read_text(encoding="utf-8") == out2.read_text(encoding="utf-8")
    lines = [json.loads(x) for x in out1.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in lines] == ["r0", "r1", f"{src}:3", "r2", "r3", "no-text", "last"]
    assert [d.get("error", {}).get("code") for d in lines] == [
        None, None, "E020", None, None, "E021", None]
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": 1, "text": "Satu."}) + "\n", encoding="utf-8")
    ok = runner.invoke(cli, ["analyze", "--jsonl", str(good), "-o", str(tmp_path / "g.out")])
    assert ok.exit_code == 0, ok.output


def test_cli_resume_after_a_killed_run(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    _write_input(src)
    runner = CliRunner()
    full = tmp_path / "full.jsonl"
    runner.invoke(cli, ["analyze", "--jsonl", str(src), "-o", str(full)])
    expected = full.read_text(encoding="utf-8")
    lines = expected.splitlines(keepends=True)
    # a killed run: two complete lines and half of the third
    partial = tmp_path / "partial.jsonl"
    partial.write_text("".join(lines[:2]) + lines[2][: len(lines[2]) // 2], encoding="utf-8")
    result = runner.invoke(cli, ["analyze", "--jsonl", str(src), "-o", str(partial), "--resume"])
    assert result.exit_code == 1  # the input has bad records
    assert partial.read_text(encoding="utf-8") == expected
    assert "2 record(s) already" in result.stderr
    # resuming a finished run changes nothing; its error lines still count
    again = runner.invoke(cli, ["analyze", "--jsonl", str(src), "-o", str(partial), "--resume"])
    assert again.exit_code == 1
    assert partial.read_text(encoding="utf-8") == expected
    # no output yet: --resume starts from scratch
    fresh = tmp_path / "fresh.jsonl"
    runner.invoke(cli, ["analyze", "--jsonl", str(src), "-o", str(fresh), "--resume"])
    assert fresh.read_text(encoding="utf-8") == expected


def test_cli_resume_refuses_a_foreign_output(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    _write_input(src)
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "r0", "text": "x"}\nnot a result line\n{"id": "r1"}\n',
                   encoding="utf-8")
    before = out.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", "--jsonl", str(src), "-o", str(out),
                                      "--resume"])
    assert result.exit_code == 1
    assert "E024" in result.stderr and "line 2" in result.stderr
    assert out.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("extra", [[], ["-o", "x.jsonl", "--pretty"]])
def test_cli_resume_needs_a_line_output_file(tmp_path: Path, extra: list[str]) -> None:
    src = tmp_path / "in.jsonl"
    _write_input(src)
    result = CliRunner().invoke(cli, ["analyze", "--jsonl", str(src), "--resume", *extra])
    assert result.exit_code == 2


def test_cli_rejects_bad_n_process(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", "-j", "0", "-"], input="Satu.")
    assert result.exit_code == 2 and "E009" in result.output


def test_cli_progress_bar_goes_to_stderr(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    _write_input(src)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["analyze", "--jsonl", str(src), "-o", str(out),
                                      "--progress"])
    assert "analyze" in result.stderr and "7/7" in result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 7


# --- docs/scale.md: the Dask example runs as a script -----------------------------------

def _dask_example() -> str:
    text = (Path(__file__).resolve().parent.parent / "docs" / "scale.md").read_text("utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```python\n")[1:]]
    return next(b for b in blocks if "LocalCluster" in b)


def test_scale_md_dask_example_runs_as_a_script(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    import subprocess
    import sys

    code = _dask_example()
    assert 'if __name__ == "__main__":' in code  # the guard is part of the block
    expected = [line.split("# ", 1)[1].strip() for line in code.splitlines()
                if line.strip().startswith("print(") and "# " in line]
    script = tmp_path / "dask_example.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == expected == ["0.jsonl", "('0-0', 2)"]
