"""bkkbn-nlp analyze --resume: records are matched by position, so none is lost or doubled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bkkbn_nlp.cli import cli

#: Repeated, missing, numeric, boolean and string ids, a bad line and a blank line.
RECORDS = [
    '{"id": "a", "text": "Rapat digelar. Semua hadir."}',
    '{"id": "a", "text": "Satu. Dua."}',
    '{"text": "Tanpa id. Tetap dianalisis."}',
    "",
    '{"id": 1, "text": "Angka satu."}',
    '{"id": true, "text": "Benar."}',
    '{"id": "1", "text": "Teks satu."}',
    "{broken",
    '{"text": "Penutup tanpa id."}',
]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["analyze", "--jsonl", *args])
    return result.exit_code, result.stderr


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.jsonl").write_text("\n".join(RECORDS) + "\n", encoding="utf-8")
    return tmp_path


def _full_run(name: str) -> list[str]:
    status, stderr = _run(name, "-o", "full.jsonl")
    assert status == 1  # the broken line
    assert stderr.count("warning:") == 1 and 'record id "a" is repeated' in stderr
    return Path("full.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.mark.parametrize(("first", "then"), [("./x.jsonl", "x.jsonl"), ("x.jsonl", "x.jsonl"),
                                             ("x.jsonl", "./x.jsonl")])
def test_resume_after_each_line_equals_an_uninterrupted_run(corpus: Path, first: str,
                                                            then: str) -> None:
    full = _full_run(first)
    assert len(full) == 8  # one line per record, none for the blank line
    assert [json.loads(line)["id"] for line in full] == [
        "a", "a", f"{first}:3", 1, True, "1", f"{first}:8", f"{first}:9"]
    full_then = _full_run(then)
    for done in range(len(full) + 1):
        partial = corpus / "partial.jsonl"
        partial.write_text("".join(full[:done]), encoding="utf-8")
        status, stderr = _run(then, "-o", str(partial), "--resume")
        assert status == 1, stderr
        # records without an id keep the file name of the first run once one of them is
        # done; before that the output is the uninterrupted run under the new name
        expected = full if done >= 3 else full_then
        assert partial.read_text(encoding="utf-8").splitlines(keepends=True) == expected, done
        if done:
            assert f"{done:,} record(s) already" in stderr
        # the warning about "a" comes once, whether or not the second "a" was done
        assert stderr.count("warning:") == 1


def test_resume_after_a_cut_last_line(corpus: Path) -> None:
    full = _full_run("x.jsonl")
    partial = corpus / "partial.jsonl"
    partial.write_text("".join(full[:4]) + full[4][:10], encoding="utf-8")
    _run("x.jsonl", "-o", str(partial), "--resume")
    assert partial.read_text(encoding="utf-8").splitlines(keepends=True) == full


def test_resume_refuses_an_output_of_other_inputs(corpus: Path) -> None:
    full = _full_run("x.jsonl")
    partial = corpus / "partial.jsonl"
    # the second line claims id "b" where the input has "a"
    changed = full[1].replace('"id": "a"', '"id": "b"', 1)
    partial.write_text(full[0] + changed, encoding="utf-8")
    before = partial.read_text(encoding="utf-8")
    status, stderr = _run("x.jsonl", "-o", str(partial), "--resume")
    assert status == 1
    errors = [line for line in stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and errors[0].startswith("bkkbn-nlp: error: [E024]")
    assert "E024" in stderr and "line 2" in stderr and "the inputs changed" in stderr
    assert partial.read_text(encoding="utf-8") == before
    # more output lines than input records
    partial.write_text("".join(full) + full[0], encoding="utf-8")
    status, stderr = _run("x.jsonl", "-o", str(partial), "--resume")
    assert status == 1 and "the inputs have only 8 record(s)" in stderr


def test_resume_by_position_across_inputs_and_text_files(corpus: Path) -> None:
    (corpus / "a.txt").write_text("Rapat digelar. Semua hadir.", encoding="utf-8")
    (corpus / "b.txt").write_text("Satu. Dua.", encoding="utf-8")
    assert _run("x.jsonl", "x.jsonl", "-o", "two.jsonl")[0] == 1  # the same file twice
    full = Path("two.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(full) == 16
    Path("two.jsonl").write_text("".join(full[:11]), encoding="utf-8")
    _run("./x.jsonl", "x.jsonl", "-o", "two.jsonl", "--resume")
    assert Path("two.jsonl").read_text(encoding="utf-8").splitlines(keepends=True) == full

    result = CliRunner().invoke(cli, ["analyze", "a.txt", "b.txt", "-o", "txt.jsonl"])
    assert result.exit_code == 0
    full = Path("txt.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    Path("txt.jsonl").write_text(full[0], encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", "./a.txt", "b.txt", "-o", "txt.jsonl",
                                      "--resume"])
    assert result.exit_code == 0, result.stderr
    assert Path("txt.jsonl").read_text(encoding="utf-8").splitlines(keepends=True) == full


def test_unique_ids_give_no_warning(corpus: Path) -> None:
    Path("u.jsonl").write_text('{"id": 1, "text": "Satu."}\n{"id": "1", "text": "Dua."}\n'
                               '{"id": true, "text": "Tiga."}\n{"text": "Empat."}\n',
                               encoding="utf-8")
    status, stderr = _run("u.jsonl", "-o", "u.out")
    assert status == 0 and stderr == ""
